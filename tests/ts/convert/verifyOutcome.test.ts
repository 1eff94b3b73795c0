/**
 * An array that reads back different from what the interface recorded is never published:
 * VERIFY_FAILED, no OUT.nwb, no temp file (contract 1: exit 0 means every array read back).
 * The licks interface is replaced by one with a deliberately broken transform: it writes the
 * lick times but tells the ledger to expect them shifted by one second.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/convert/interfaces/licks', async () => {
  const { writeEvents } = await import('../../../src/nwb/events');
  const { processingModule } =
    await import('../../../src/convert/session/context');
  const needs = [{ name: 'licks.times.npy', collection: 'alf' }];
  return {
    licksInterface: {
      name: 'licks',
      title: 'Lick times (broken on purpose)',
      datasets: () => needs,
      availability: (ctx: any) => ctx.data.index.availability(needs),
      async write(ctx: any, progress: (f: number) => void) {
        const times = await ctx.data.numbers('alf', 'licks.times.npy');
        const module = processingModule(ctx, 'lick_times', 'Licks.');
        await writeEvents(module, {
          name: 'EventsLickTimes',
          description: 'Licks.',
          timestamps: times
        });
        progress(1);
        return [
          ctx.ledger.expect(
            'alf/licks.times.npy',
            '/processing/lick_times/EventsLickTimes/timestamps',
            Float64Array.from(times, (t: number) => t + 1)
          )
        ];
      }
    }
  };
});

const { convertSession } = await import('../../../src/convert/convertSession');
const { FidelityMismatchError } =
  await import('../../../src/convert/fidelity/mismatchError');
const { LocalOne } = await import('../../../src/one/node/localOne');

const CACHE = join(__dirname, '..', '..', '..', 'demo', 'one-cache');

describe('a file whose arrays read back different is not published', () => {
  it('fails with FidelityMismatchError (VERIFY_FAILED) and leaves nothing under a final name', async () => {
    const one = await LocalOne.open(CACHE);
    const [eid] = one.search({ subject: 'KS074' });
    const dir = mkdtempSync(join(tmpdir(), 'ibl2nwb-verify-'));
    const output = join(dir, 'x.nwb');
    const error = await convertSession({
      cacheDir: CACHE,
      eid,
      output,
      modalities: ['licks']
    }).catch(e => e);
    expect(error).toBeInstanceOf(FidelityMismatchError);
    expect(error.message).toContain(
      '/processing/lick_times/EventsLickTimes/timestamps'
    );
    expect(error.report.status).toBe('failed');
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });
});
