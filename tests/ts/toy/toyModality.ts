/**
 * A toy modality, for the tests that prove a new modality is one file plus one catalogue
 * line: it copies `alf/licks.times.npy` to `/processing/toy/ToyLickTimes` (ndx-events), with
 * its own availability check and its own fidelity check, like any real interface.
 */
import { InterfaceSkipped, noRowsReason } from '../../../src/convert/modality';
import type { IDatasetNeed } from '../../../src/convert/modality';
import {
  processingModule,
  type ISessionInterface
} from '../../../src/convert/session/context';
import { writeEvents } from '../../../src/nwb/events';

const NEEDS: IDatasetNeed[] = [{ name: 'licks.times.npy', collection: 'alf' }];

export const toyInterface: ISessionInterface = {
  name: 'toy_licks',
  title: 'Toy licks (test modality)',
  kind: 'processed',
  datasets: () => NEEDS,
  availability: ctx => ctx.data.index.availability(NEEDS),
  async write(ctx, progress) {
    const times = await ctx.data.numbers('alf', 'licks.times.npy');
    const source = ctx.data.dataset('alf', 'licks.times.npy').relPath;
    if (times.length === 0) {
      throw new InterfaceSkipped(noRowsReason(source));
    }
    const module = processingModule(ctx, 'toy', 'A test-only modality.');
    await writeEvents(module, {
      name: 'ToyLickTimes',
      description: 'Lick times, copied by the toy modality of the tests.',
      timestamps: times
    });
    progress(1);
    return [
      ctx.ledger.expect(
        source,
        '/processing/toy/ToyLickTimes/timestamps',
        times
      )
    ];
  }
};
