/**
 * The read-back worker's half of the fidelity check: the pieces it runs give the same
 * verdicts (and sentences) as the main thread's, mismatches it reads are reported, and
 * digests of row ranges join into the whole dataset's digest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ISegmentDigest,
  SampleDigest
} from '../../../src/convert/fidelity/digest';
import { FidelityLedger } from '../../../src/convert/fidelity/ledger';
import { VerifyHelper } from '../../../src/convert/fidelity/verifyHelper';
import { runTask, VerifyTask } from '../../../src/convert/fidelity/verifyTask';
import { requireWorker } from '../../../src/node/workerPool';
import { writeArray } from '../../../src/nwb/array';
import { writeNwbFile } from '../../../src/nwb/file';
import { getGroup, h5Ready } from '../../../src/nwb/h5';

const dir = mkdtempSync(join(tmpdir(), 'fidelity-worker-'));
const path = join(dir, 'w.nwb');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const n = 300_000;
const series = Float64Array.from({ length: n }, (_, i) =>
  i % 997 === 0 ? NaN : i / 3
);
const pose = Float64Array.from({ length: 2 * n }, (_, i) => Math.sin(i));
const counts = Int16Array.from({ length: n }, (_, i) => (i * 7919) % 30000);

function sharedCopy(values: Float64Array): Float64Array {
  const out = new Float64Array(new SharedArrayBuffer(values.byteLength));
  out.set(values);
  return out;
}

/** A file whose /acquisition holds `arrays` (compressed on two threads, as conversions do). */
async function writeAcquisition(
  file: string,
  arrays: Record<string, Parameters<typeof writeArray>[3]>
): Promise<void> {
  await writeNwbFile(
    file,
    {
      identifier: 'x',
      sessionDescription: 'read-back worker',
      sessionStartTime: '2024-01-01T00:00:00+00:00'
    },
    async nwb => {
      const group = getGroup(nwb.ctx.file, '/acquisition', file);
      for (const [name, values] of Object.entries(arrays)) {
        await writeArray(nwb.ctx, group, name, values);
      }
    },
    { storage: { deflateWorkers: 2, shuffle: true, chunkBytes: 64_000 } }
  );
}

beforeAll(() =>
  writeAcquisition(path, {
    series,
    single: Float32Array.from(series),
    pose: { values: pose, shape: [n, 2] },
    counts
  })
);

describe('read-back worker', () => {
  it('runs pieces with the same verdicts as the main thread, mismatches included', async () => {
    const wrong = series.slice(1000, 5000);
    wrong[1234] = -1;
    const poseWrong = pose.slice(2 * 200_000, 2 * 210_000);
    poseWrong[7] = 42;
    const tasks: VerifyTask[] = [
      {
        kind: 'rows',
        target: '/acquisition/series',
        from: 0,
        to: n,
        expected: [series]
      },
      {
        kind: 'rows',
        target: '/acquisition/series',
        from: 1000,
        to: 5000,
        expected: [wrong.subarray(0, 2000), wrong.subarray(2000)]
      },
      {
        // Float32 dataset against its float32 source widened on reading (NaN = NaN).
        kind: 'rows',
        target: '/acquisition/single',
        from: 10,
        to: 250_000,
        expected: [
          sharedCopy(Float64Array.from(Float32Array.from(series))).subarray(
            10,
            250_000
          )
        ]
      },
      {
        kind: 'rows',
        target: '/acquisition/pose',
        from: 200_000,
        to: 210_000,
        expected: [poseWrong]
      },
      {
        // Float32 dataset against float64 values that only round to it: not equal.
        kind: 'rows',
        target: '/acquisition/single',
        from: 10,
        to: 20,
        expected: [series.subarray(10, 20)]
      },
      {
        kind: 'rows',
        target: '/acquisition/counts',
        from: 5,
        to: 9,
        expected: [[...counts.subarray(5, 8), 0]]
      },
      { kind: 'digest', target: '/acquisition/counts', from: 0, to: n }
    ];
    const h5 = await h5Ready();
    const file = new h5.File(path, 'r');
    const helper = new VerifyHelper(path);
    try {
      const here = tasks.map(task => runTask(file, task));
      const there = await Promise.all(tasks.map(task => helper.run(task)));
      expect(there).toEqual(here);
      expect(there[0]).toEqual({ kind: 'rows' });
      expect(there[1]).toEqual({
        kind: 'rows',
        difference: {
          at: 2234,
          detail: `first difference at element 2234: ${series[2234]} stored, -1 expected`
        }
      });
      expect(there[2]).toEqual({ kind: 'rows' });
      expect(there[3]).toMatchObject({
        difference: { at: 400_007 }
      });
      expect(there[4]).toEqual({
        kind: 'rows',
        difference: {
          at: 10,
          detail: `first difference at element 10: ${Math.fround(series[10])} stored, ${series[10]} expected`
        }
      });
      expect(there[5]).toMatchObject({
        difference: {
          detail: `first difference at element 8: ${counts[8]} stored, 0 expected`
        }
      });
      const whole = new SampleDigest();
      whole.update(counts);
      const joined = new SampleDigest();
      joined.append((there[6] as { segment: ISegmentDigest }).segment);
      expect(joined.value).toBe(whole.value);
    } finally {
      file.close();
      await helper.close();
    }
  });

  it('joins digests of row ranges into the digest of the whole', () => {
    const whole = new SampleDigest();
    whole.update(counts);
    const joined = new SampleDigest();
    for (const [a, b] of [
      [0, 1],
      [1, 70_000],
      [70_000, 70_000],
      [70_000, n]
    ]) {
      const segment = SampleDigest.segment();
      segment.update(counts.subarray(a, b));
      joined.append(segment.state);
    }
    expect(joined.value).toBe(whole.value);
    expect(joined.count).toBe(n);
  });

  it('reports mismatches the worker reads and agrees with a check on one thread', async () => {
    const record = (ledger: FidelityLedger) => {
      // The first pieces queued go to the worker: mismatches at the start and the end.
      const early = sharedCopy(series);
      early[3] = 0.5;
      const late = series.slice();
      late[n - 2] = 0.25;
      const posePart = pose.slice(0, 2 * 150_000);
      posePart[299_999] = 0;
      const digest = new SampleDigest();
      digest.update(counts.subarray(0, n - 1));
      return [
        ledger.expect('s', '/acquisition/series', early),
        ledger.expect('s', '/acquisition/single', late),
        ledger.expect('s', '/acquisition/pose', {
          parts: [posePart, pose.subarray(2 * 150_000)],
          shape: [n, 2]
        }),
        ledger.expect('s', '/acquisition/series', series),
        ledger.expect('s', '/acquisition/counts', counts),
        ledger.expectDigest('s', '/acquisition/counts', digest, undefined, {
          of: 'the samples written'
        })
      ];
    };
    const withWorker = new FidelityLedger();
    const checks = record(withWorker);
    await withWorker.verify(path, { failOnMismatch: false });
    const oneThread = new FidelityLedger();
    const alone = record(oneThread);
    await oneThread.verify(path, { worker: false, failOnMismatch: false });
    expect(checks).toEqual(alone);
    expect(checks.map(c => c.equal)).toEqual([
      false,
      false,
      false,
      true,
      true,
      false
    ]);
    expect(checks[0].detail).toBe(
      `first difference at element 3: ${series[3]} stored, 0.5 expected`
    );
    // A float32 dataset cannot hold float64 values without rounding them.
    expect(checks[1].detail).toBe(
      'float32 stored for float64 values: the source would be rounded'
    );
    expect(checks[2].detail).toBe(
      `first difference at element 299999: ${pose[299_999]} stored, 0 expected`
    );
    expect(checks[5].detail).toMatch(
      new RegExp(
        `^digest of the stored values ${n}:.* differs from the source's ${n - 1}:`
      )
    );
  });

  it('a read-back thread warmed before its file exists reads it once written', async () => {
    const later = join(dir, 'later.nwb');
    const helper = new VerifyHelper(later);
    helper.warm();
    // The thread loads h5wasm meanwhile; the file is opened only with the first piece.
    await new Promise(resolve => setTimeout(resolve, 200));
    await writeAcquisition(later, { series });
    const wrong = series.slice();
    wrong[n - 1] = 7;
    const ledger = new FidelityLedger();
    const checks = [
      ledger.expect('s', '/acquisition/series', series),
      ledger.expect('s', '/acquisition/series', wrong)
    ];
    await ledger.verify(later, { helper, failOnMismatch: false });
    expect(checks.map(c => c.equal)).toEqual([true, false]);
    expect(checks[1].detail).toBe(
      `first difference at element ${n - 1}: ${series[n - 1]} stored, 7 expected`
    );
    // verify closed the helper; closing again (as convertSession does) is harmless.
    await helper.close();
  });

  it('a warmed read-back thread that is never used closes without opening its file', async () => {
    const helper = new VerifyHelper(join(dir, 'never-written.nwb'));
    helper.warm();
    await helper.close();
    expect(helper.inFlight).toBe(0);
  });

  it('fails loudly, never waits, when the read-back thread dies', async () => {
    const ledger = new FidelityLedger();
    const checks = [
      ledger.expect('s', '/acquisition/series', series),
      ledger.expect('s', '/acquisition/pose', { values: pose, shape: [n, 2] })
    ];
    const dying = requireWorker(
      import.meta.url,
      './no-bundle.mjs',
      './deadVerifyWorker.ts'
    );
    await expect(ledger.verify(path, { workerEntry: dying })).rejects.toThrow(
      /the read-back thread stopped \(exit code 9\)/
    );
    // Nothing was called equal that was not read back.
    expect(checks.some(c => c.equal)).toBe(false);
  });

  it('stops when the conversion is cancelled', async () => {
    const ledger = new FidelityLedger();
    ledger.expect('s', '/acquisition/series', series);
    ledger.expect('s', '/acquisition/pose', { values: pose, shape: [n, 2] });
    const controller = new AbortController();
    // Cancelled once the first dataset is ready: the check throws instead of finishing.
    const ready = async () => controller.abort();
    await expect(
      ledger.verify(path, { ready, signal: controller.signal })
    ).rejects.toThrow(/aborted/);
  });
});
