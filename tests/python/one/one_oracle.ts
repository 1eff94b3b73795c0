/**
 * Oracle driver for test_one_cache_oracle.py: opens a ONE cache folder with
 * our LocalOne, runs the searches / listings / loads given in a JSON job file
 * and prints the results (arrays as dtype, shape and base64 of LE bytes).
 */
import { readFileSync } from 'node:fs';

import { LocalOne } from '../../../src/one/node/localOne';

interface IJobs {
  cacheDir: string;
  searches: Record<string, unknown>[];
  lists: { eid: string; options: Record<string, unknown> }[];
  loads: { eid: string; dataset: string; options?: Record<string, unknown> }[];
  objects: { eid: string; object: string; options?: Record<string, unknown> }[];
}

function encode(value: unknown): unknown {
  if (
    value &&
    typeof value === 'object' &&
    'data' in value &&
    'shape' in value
  ) {
    const v = value as {
      dtype: string;
      shape: number[];
      data: ArrayBufferView | unknown[];
    };
    if (ArrayBuffer.isView(v.data)) {
      const bytes = new Uint8Array(
        v.data.buffer,
        v.data.byteOffset,
        v.data.byteLength
      );
      return {
        dtype: v.dtype,
        shape: v.shape,
        data: Buffer.from(bytes).toString('base64')
      };
    }
    return { dtype: v.dtype, shape: v.shape, list: v.data };
  }
  if (value && typeof value === 'object' && 'kind' in value) {
    const c = value as { kind: string; array?: unknown; value?: unknown };
    return c.kind === 'array'
      ? encode(c.array)
      : { kind: c.kind, value: c.value ?? null };
  }
  return value;
}

async function attempt<T>(fn: () => Promise<T> | T): Promise<unknown> {
  try {
    return await fn();
  } catch (err) {
    return {
      error: (err as Error).constructor.name,
      message: (err as Error).message
    };
  }
}

async function main(): Promise<void> {
  const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8')) as IJobs;
  const one = await LocalOne.open(jobs.cacheDir);
  const out = {
    searches: await Promise.all(
      jobs.searches.map(q => attempt(() => one.search(q)))
    ),
    lists: await Promise.all(
      jobs.lists.map(j => attempt(() => one.listDatasets(j.eid, j.options)))
    ),
    loads: [] as unknown[],
    objects: [] as unknown[]
  };
  for (const j of jobs.loads) {
    out.loads.push(
      await attempt(async () =>
        encode(await one.loadDataset(j.eid, j.dataset, j.options))
      )
    );
  }
  for (const j of jobs.objects) {
    out.objects.push(
      await attempt(async () => {
        const obj = await one.loadObject(j.eid, j.object, j.options);
        return Object.fromEntries(
          Object.entries(obj).map(([k, v]) => [k, encode(v)])
        );
      })
    );
  }
  process.stdout.write(JSON.stringify(out));
}

void main();
