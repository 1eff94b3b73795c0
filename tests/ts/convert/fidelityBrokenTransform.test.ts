/**
 * A deliberately broken trials transform, converted end to end: the report must not call the
 * broken column equal (it is compared with an independent recomputation), and the columns the
 * bug did not touch stay `copied` and equal.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

import { convertSession } from '../../../src/convert/convertSession';
import { FidelityMismatchError } from '../../../src/convert/fidelity/ledger';
import { generateCache } from '../../../src/one/generate/generateCache';

vi.mock(
  '../../../src/convert/interfaces/trials/trialsColumns',
  async importActual => {
    const actual =
      await importActual<
        typeof import('../../../src/convert/interfaces/trials/trialsColumns')
      >();
    return {
      ...actual,
      // The bug: block names rotated (unbiased → left → right → unbiased).
      blockType: (p: ArrayLike<number>) =>
        actual.blockType(p).map(
          t =>
            ({
              unbiased: 'left_block',
              left_block: 'right_block',
              right_block: 'unbiased'
            })[t] ?? t
        ),
      // The bug: rewarded inverted.
      isRewarded: (f: ArrayLike<number>) =>
        Uint8Array.from(actual.isRewarded(f), r => 1 - r)
    };
  }
);

const dir = mkdtempSync(join(tmpdir(), 'fidelity-broken-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a broken derived column in a real conversion', () => {
  it('is reported as differing from its independent recomputation', async () => {
    const cache = join(dir, 'cache');
    const { sessions } = generateCache({
      outDir: cache,
      sessions: 1,
      seed: 3,
      size: 'tiny',
      fixturesDir: resolve(__dirname, '../../../../shared/fixtures'),
      urls: { alyx: 'http://127.0.0.1:1', data: 'http://127.0.0.1:1/files' }
    });
    const output = join(dir, 'broken.nwb');
    const error = await convertSession({
      cacheDir: cache,
      eid: sessions[0].eid,
      output,
      modalities: ['trials']
    }).then(
      () => undefined,
      (e: unknown) => e
    );
    // Not "done": the conversion fails and leaves no file under the final name.
    expect(error).toBeInstanceOf(FidelityMismatchError);
    expect(existsSync(output)).toBe(false);
    const arrays = (error as FidelityMismatchError).mismatches;
    expect(arrays.map(a => a.target).sort()).toEqual([
      '/intervals/trials/block_type',
      '/intervals/trials/is_mouse_rewarded'
    ]);
    // The whole report comes with the error: failed, the other columns still checked.
    const report = (error as FidelityMismatchError).report!;
    expect(report.status).toBe('failed');
    const trials = report.interfaces.find(i => i.name === 'trials')!.arrays;
    expect(trials.find(a => a.target.endsWith('/start_time'))).toMatchObject({
      kind: 'copied',
      equal: true,
      dtype: 'float64'
    });
    expect(
      trials.find(a => a.target.endsWith('/gabor_stimulus_contrast'))
    ).toMatchObject({ kind: 'derived-independent', equal: true });
    for (const check of arrays) {
      expect(check.kind).toBe('derived-independent');
      expect(check.equal).toBe(false);
      expect(check.against).toMatch(/^independent recomputation: /);
      expect(check.detail).toMatch(/^first difference at element \d+/);
    }
  });
});
