/**
 * Oracle driver for test_npy_oracle.py: reads the `.npy` files listed in a
 * JSON manifest with our reader and prints, per file, the dtype, shape and
 * base64 of the little-endian C-order data bytes, or the error class name.
 */
import { readFileSync } from 'node:fs';

import { decodeNpy, INdArray } from '../../../src/one/npy';
import {
  readFileBytes,
  readNpy,
  readNpyRows
} from '../../../src/one/node/files';

interface IJob {
  path: string;
  /** Read rows [start, stop) with file offsets instead of the whole file. */
  rows?: [number, number];
  /** Decode from an in-memory buffer (pure path) instead of the file reader. */
  inMemory?: boolean;
}

function toLittleEndianBytes(a: INdArray): string {
  const bytes = new Uint8Array(
    a.data.buffer,
    a.data.byteOffset,
    a.data.byteLength
  );
  return Buffer.from(bytes).toString('base64');
}

async function run(job: IJob): Promise<Record<string, unknown>> {
  try {
    let array: INdArray;
    if (job.rows) {
      array = await readNpyRows(job.path, job.rows[0], job.rows[1]);
    } else if (job.inMemory) {
      array = decodeNpy(await readFileBytes(job.path), job.path);
    } else {
      array = await readNpy(job.path);
    }
    return {
      dtype: array.dtype,
      shape: array.shape,
      data: toLittleEndianBytes(array)
    };
  } catch (err) {
    const e = err as Error;
    return { error: e.constructor.name, message: e.message };
  }
}

async function main(): Promise<void> {
  const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8')) as IJob[];
  const out = [];
  for (const job of jobs) {
    out.push(await run(job));
  }
  process.stdout.write(JSON.stringify(out));
}

void main();
