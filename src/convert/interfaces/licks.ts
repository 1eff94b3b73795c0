/** Licks → `/processing/lick_times/EventsLickTimes` (ndx-events Events). */
import { writeEvents } from '../../nwb/events';
import { InterfaceSkipped, noRowsReason, type IDatasetNeed } from '../modality';
import { processingModule, type ISessionInterface } from '../session/context';
import { requireAscending, requireFinite } from '../session/errors';

const ALF = 'alf';
const LICKS = 'licks.times.npy';
const NEEDS: IDatasetNeed[] = [{ name: LICKS, collection: ALF }];

export const licksInterface: ISessionInterface = {
  name: 'licks',
  title: 'Lick times',
  kind: 'processed',
  datasets: () => NEEDS,
  availability: ctx => ctx.data.index.availability(NEEDS),
  async write(ctx, progress) {
    const times = await ctx.data.numbers(ALF, LICKS);
    const source = ctx.data.dataset(ALF, LICKS).relPath;
    if (times.length === 0) {
      throw new InterfaceSkipped(noRowsReason(source));
    }
    requireFinite(times, source, 'a lick time');
    requireAscending(times, source, 'lick times');
    const module = processingModule(
      ctx,
      'lick_times',
      'Lick times detected from tongue keypoints of the video pose estimation.'
    );
    await writeEvents(module, {
      name: 'EventsLickTimes',
      description:
        'Times of licks, detected from the tongue keypoints of both side cameras and merged.',
      timestamps: times
    });
    progress(1);
    return [
      ctx.ledger.expect(
        source,
        '/processing/lick_times/EventsLickTimes/timestamps',
        times
      )
    ];
  }
};
