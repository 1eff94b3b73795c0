/** Pupil diameter (left / right cameras) → `/processing/pupil/<View>PupilDiameter[Smoothed]`. */
import { writeTimeSeries } from '../../nwb/timeseries';
import type { ITable } from '../../one/tables';
import type {
  IArrayCheck,
  IDatasetNeed,
  IModalityInterface
} from '../modality';
import { ISessionContext, processingModule } from '../session/context';
import { DatasetContentError } from '../session/errors';
import { ALF, CameraView, frameTimes, timesName, titleCase } from './camera';

const VIEWS: CameraView[] = ['left', 'right'];
const features = (view: CameraView) => `_ibl_${view}Camera.features.pqt`;

function has(ctx: ISessionContext, view: CameraView): boolean {
  return (
    !!ctx.data.index.find(ALF, features(view)) &&
    !!ctx.data.index.find(ALF, timesName(view))
  );
}

function diameter(table: ITable, name: string, dataset: string): Float64Array {
  const c = table.columns.find(x => x.name === name);
  if (!c) {
    throw new DatasetContentError(dataset, `has no column ${name}`);
  }
  return Float64Array.from(c.values as ArrayLike<number>, Number);
}

export const pupilInterface: IModalityInterface<ISessionContext> = {
  name: 'pupil',
  title: 'Pupil diameter',
  datasets: ctx =>
    VIEWS.filter(v => has(ctx, v)).flatMap((v): IDatasetNeed[] => [
      { name: features(v), collection: ALF },
      { name: timesName(v), collection: ALF }
    ]),
  availability: ctx =>
    VIEWS.some(v => has(ctx, v))
      ? { available: true }
      : {
          available: false,
          reason:
            'no left or right camera has a features table with frame times'
        },
  async write(ctx, progress) {
    const module = processingModule(
      ctx,
      'pupil',
      'Pupil diameter estimated from the pupil keypoints of the side cameras.'
    );
    const checks: IArrayCheck[] = [];
    const views = VIEWS.filter(v => has(ctx, v));
    for (const [i, view] of views.entries()) {
      const source = ctx.data.dataset(ALF, features(view)).relPath;
      const table = await ctx.data.table(ALF, features(view));
      const raw = diameter(table, 'pupilDiameter_raw', source);
      const smooth = diameter(table, 'pupilDiameter_smooth', source);
      const { times, source: timesSource } = await frameTimes(
        ctx.data,
        view,
        table.numRows,
        source
      );
      const name = `${titleCase(view)}PupilDiameter`;
      const first = await writeTimeSeries(module, {
        name,
        description: `Pupil diameter in the ${view} camera, from the pupil keypoints (NaN where they were not tracked).`,
        data: raw,
        unit: 'pixels',
        timing: { timestamps: times }
      });
      await writeTimeSeries(module, {
        name: `${name}Smoothed`,
        description: `Pupil diameter in the ${view} camera, smoothed and with gaps interpolated.`,
        data: smooth,
        unit: 'pixels',
        timing: { timestamps: first }
      });
      checks.push(
        ctx.ledger.expect(
          `${source}#pupilDiameter_raw`,
          `/processing/pupil/${name}/data`,
          raw
        ),
        ctx.ledger.expect(
          `${source}#pupilDiameter_smooth`,
          `/processing/pupil/${name}Smoothed/data`,
          smooth
        ),
        ctx.ledger.expect(
          timesSource,
          `/processing/pupil/${name}/timestamps`,
          times
        )
      );
      progress((i + 1) / views.length);
    }
    return checks;
  }
};
