/**
 * Oracle bridge: walk an NWB file through the viewer's `IH5Source` (HDF5,
 * LINDI or Zarr, by name) and print every object as one JSON document:
 * path -> kind, link, attributes, shape, dtype, type class and values
 * (small datasets whole, big ones as their first and last rows).
 * Usage: tsx dump_source.ts FILE_OR_FOLDER... (prints {path: dump}; a file that
 * cannot be opened gets {"error": message}).
 */
import type { IH5Entry, IH5Source } from '../../../src/viewer/model/source';
import { openAnyFormat } from './openFormat';

/** Datasets with at most this many elements are dumped whole. */
const WHOLE = 4096;
/** Rows kept from each end of a bigger dataset. */
const EDGE_ROWS = 20;

type Dump = Record<string, unknown>;

function plain(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return Number(value);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return String(value);
  }
  if (ArrayBuffer.isView(value)) {
    return Array.from(value as unknown as ArrayLike<unknown>, plain);
  }
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, plain(v)])
    );
  }
  return value;
}

async function values(source: IH5Source, entry: IH5Entry): Promise<unknown> {
  const shape = entry.shape ?? [];
  const count = shape.reduce((n, s) => n * s, 1);
  if (shape.length === 0 || count <= WHOLE) {
    return { whole: plain(await source.read(entry.path)) };
  }
  const rows = shape[0];
  const rest = shape.slice(1).map(() => [null, null] as [null, null]);
  return {
    head: plain(await source.read(entry.path, [[0, EDGE_ROWS], ...rest])),
    tail: plain(
      await source.read(entry.path, [[rows - EDGE_ROWS, rows], ...rest])
    )
  };
}

async function walk(source: IH5Source, path: string, out: Dump): Promise<void> {
  for (const entry of await source.list(path)) {
    const item: Record<string, unknown> = {
      kind: entry.kind,
      attrs: plain(entry.attrs)
    };
    if (entry.softLink) {
      item.softLink = entry.softLink;
    } else if (entry.externalLink) {
      item.externalLink = entry.externalLink;
    } else if (entry.kind === 'dataset') {
      const info = await source.info(entry.path);
      Object.assign(item, {
        shape: entry.shape,
        dtype: entry.dtype,
        typeClass: info.typeClass,
        infoShape: info.shape,
        values: await values(source, entry).catch(error => ({
          error: String(error)
        }))
      });
    }
    out[entry.path] = item;
    if (entry.kind === 'group' && !entry.softLink) {
      await walk(source, entry.path, out);
    }
  }
}

async function dump(path: string): Promise<Dump> {
  const { source, close } = await openAnyFormat(path);
  try {
    const out: Dump = {
      '/': { kind: 'group', attrs: plain((await source.root()).attrs) }
    };
    await walk(source, '/', out);
    return out;
  } finally {
    close();
  }
}

async function main(): Promise<void> {
  const result: Record<string, unknown> = {};
  for (const path of process.argv.slice(2)) {
    result[path] = await dump(path).catch(error => ({
      error: error instanceof Error ? error.message : String(error)
    }));
  }
  process.stdout.write(JSON.stringify(result));
}

main().catch(error => {
  process.stderr.write(
    `${error instanceof Error ? error.stack : String(error)}\n`
  );
  process.exit(1);
});
