/** Files written by the writer read back with h5wasm itself; cancelled writes leave nothing. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  NwbAbortError,
  NwbWriteError,
  writeNwbFile,
  writeTimeSeries
} from '../../../src/nwb';
import type { INwbFileMetadata } from '../../../src/nwb';
import { h5Ready } from '../../../src/nwb/h5';

const meta: INwbFileMetadata = {
  identifier: 'vitest',
  sessionDescription: 'unit test',
  sessionStartTime: '2024-01-01T12:00:00+00:00'
};

describe('writer round trip through h5wasm', () => {
  it('writes a file h5wasm reads back with the NWB attributes and values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nwb-'));
    const path = join(dir, 'a.nwb');
    await writeNwbFile(path, meta, async nwb => {
      await writeTimeSeries(nwb.acquisition, {
        name: 'ts',
        data: Float32Array.from([1, 2, 3]),
        unit: 'm',
        timing: { rate: 10 }
      });
    });
    expect(readdirSync(dir)).toEqual(['a.nwb']);
    const h5 = await h5Ready();
    const f = new h5.File(path, 'r');
    try {
      expect(f.attrs['nwb_version'].value).toBe('2.9.0');
      expect(f.attrs['neurodata_type'].value).toBe('NWBFile');
      const data = f.get('acquisition/ts/data') as InstanceType<
        typeof h5.Dataset
      >;
      expect(Array.from(data.value as Float32Array)).toEqual([1, 2, 3]);
      expect(data.attrs['conversion'].value).toBe(1);
      const start = f.get('acquisition/ts/starting_time') as InstanceType<
        typeof h5.Dataset
      >;
      expect(start.shape).toEqual([]);
      expect(start.attrs['rate'].metadata.type).toBe(1); // float, not a guessed int32
      expect(f.keys()).toContain('specifications');
    } finally {
      f.close();
    }
  });

  it('removes the partial file when the signal aborts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nwb-'));
    const controller = new AbortController();
    const write = writeNwbFile(
      join(dir, 'b.nwb'),
      meta,
      () => {
        controller.abort();
      },
      { signal: controller.signal }
    );
    await expect(write).rejects.toBeInstanceOf(NwbAbortError);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a session start time without a timezone, naming the field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nwb-'));
    const write = writeNwbFile(
      join(dir, 'c.nwb'),
      { ...meta, sessionStartTime: '2024-01-01T12:00:00' },
      () => undefined
    );
    await expect(write).rejects.toThrow(NwbWriteError);
    await expect(write).rejects.toThrow(/session_start_time.*timezone/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
