/**
 * The parallel `.pqt` read (pieces on this thread and on worker threads,
 * numeric columns in shared memory) must return exactly what the one-thread
 * read returns, for real files, row ranges and column subsets, damaged files
 * and workers that die.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { AlfError, CorruptFileError } from '../../../src/one/errors';
import { fileAsyncBuffer } from '../../../src/one/node/fileBuffer';
import {
  IParquetFileOptions,
  readParquetFile
} from '../../../src/one/node/parquetFile';
import {
  numericShare,
  readParquetInParallel
} from '../../../src/one/node/parquetParallel';
import {
  parquetWorkers,
  ParquetWorkers
} from '../../../src/one/node/parquetPool';
import { readParquetMetadataAsync } from '../../../src/one/parquet';
import type { ITable } from '../../../src/one/tables';

const FIX = resolve(__dirname, '../../../../shared/fixtures');
const FILES = [
  'ONE/one/tests/fixtures/sessions.pqt',
  'ONE/one/tests/fixtures/datasets.pqt',
  'ibllib/ibllib/io/extractors/ephys_sessions/passiveChoiceWorld_trials_fixtures.pqt',
  'iblatlas/iblatlas/mappings.pqt'
].map(p => `${FIX}/${p}`);

const PARALLEL: IParquetFileOptions = { split: 'always' };
const ONE_THREAD: IParquetFileOptions = { split: 'never' };

/** A table as plain data: typed arrays compared by type and values. */
function plain(table: ITable) {
  return {
    ...table,
    columns: table.columns.map(c => ({
      name: c.name,
      dtype: c.dtype,
      kind: ArrayBuffer.isView(c.values) ? c.values.constructor.name : 'Array',
      values: Array.from(c.values as ArrayLike<unknown>)
    }))
  };
}

async function outcome(path: string, options: IParquetFileOptions) {
  try {
    return plain(await readParquetFile(path, options));
  } catch (err) {
    expect(err).toBeInstanceOf(AlfError);
    return { error: (err as Error).constructor.name };
  }
}

describe('parallel parquet reads', () => {
  it.each(FILES)('equal the one-thread read: %s', async path => {
    const one = await outcome(path, ONE_THREAD);
    expect(one).not.toHaveProperty('error');
    const decoded = parquetWorkers()!.counts.decoded;
    expect(await outcome(path, PARALLEL)).toEqual(one);
    // The pieces really ran on the workers (a stopped worker's piece would run here).
    expect(parquetWorkers()!.counts.decoded).toBeGreaterThan(decoded);
    const rows = (one as { numRows: number }).numRows;
    const part = {
      rowStart: Math.floor(rows / 3),
      rowEnd: rows - 1,
      columns: (one as ReturnType<typeof plain>).columns
        .slice(1)
        .map(c => c.name)
    };
    expect(await outcome(path, { ...PARALLEL, ...part })).toEqual(
      await outcome(path, { ...ONE_THREAD, ...part })
    );
  });

  it('fail or succeed like the one-thread read on damaged files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pqt-parallel-'));
    const original = readFileSync(FILES[2]);
    let errors = 0;
    for (let k = 0; k < 24; k++) {
      const bytes = Buffer.from(original);
      // Flip bytes in the column data (the footer is checked before any piece starts).
      const at =
        4 + Math.floor((((k * 7919) % 997) / 997) * (bytes.length / 2));
      bytes[at] ^= 0x5a;
      const path = join(dir, `damaged${k}.pqt`);
      writeFileSync(path, bytes);
      const one = await outcome(path, ONE_THREAD);
      expect(await outcome(path, PARALLEL), `flip at ${at}`).toEqual(one);
      errors += 'error' in one ? 1 : 0;
    }
    expect(errors).toBeGreaterThan(0);
  });

  it("decode a stopped worker's piece on this thread", async () => {
    const path = FILES[2];
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const file = fileAsyncBuffer(handle, size);
      const metadata = await readParquetMetadataAsync(file, path);
      const dying = new ParquetWorkers(2, {
        script: 'process.exit(3)',
        eval: true
      });
      const table = await readParquetInParallel(
        path,
        file,
        metadata,
        {},
        dying
      );
      expect(plain(table)).toEqual(await outcome(path, ONE_THREAD));
    } finally {
      await handle.close();
    }
  });

  it('report a damaged piece decoded on a worker as a damaged file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pqt-parallel-'));
    const original = readFileSync(FILES[2]);
    const path = join(dir, 'late-damage.pqt');
    // Damage only the second half of the rows' pages (the worker's piece)
    // by zeroing the bytes just before the footer's column data ends.
    const footer = original.readUInt32LE(original.length - 8);
    const bytes = Buffer.from(original);
    bytes.fill(
      0xff,
      bytes.length - 8 - footer - 600,
      bytes.length - 8 - footer
    );
    writeFileSync(path, bytes);
    const one = await outcome(path, ONE_THREAD);
    expect(one).toEqual({ error: CorruptFileError.name });
    const damaged = parquetWorkers()!.counts.damaged;
    expect(await outcome(path, PARALLEL)).toEqual(one);
    expect(parquetWorkers()!.counts.damaged).toBeGreaterThan(damaged);
  });

  it('are chosen for mostly numeric tables only (text comes back by copy)', async () => {
    const share = async (path: string, columns?: string[]) => {
      const handle = await open(path, 'r');
      try {
        const file = fileAsyncBuffer(handle, (await handle.stat()).size);
        return numericShare(
          await readParquetMetadataAsync(file, path),
          columns
        );
      } finally {
        await handle.close();
      }
    };
    // sessions.pqt: ids, subjects, labs, dates, protocols as text.
    expect(await share(FILES[0])).toBeLessThan(0.5);
    // The passive trials table: times, contrasts and positions.
    expect(await share(FILES[2])).toBeGreaterThan(0.5);
    expect(await share(FILES[0], ['number'])).toBe(1);
  });
});
