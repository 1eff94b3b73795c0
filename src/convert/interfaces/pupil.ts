/** Pupil diameter (left / right cameras) → `/processing/pupil/<View>PupilDiameter[Smoothed]`. */
import { writeTimeSeries } from '../../nwb/timeseries';
import type { ITable } from '../../one/tables';
import type { IArrayCheck, IDatasetNeed } from '../modality';
import {
  processingModule,
  type ISessionInterface,
  type ISessionPlan
} from '../session/context';
import { DatasetContentError } from '../session/errors';
import {
  ALF,
  camerasWithFrameTimes,
  camerasWithRows,
  camerasWithTable,
  CameraView,
  frameTimes,
  timesName,
  titleCase
} from './camera';

const VIEWS: CameraView[] = ['left', 'right'];
const features = (view: CameraView) => `_ibl_${view}Camera.features.pqt`;

/** The camera's features table, whether or not its frame times are there. */
const featuresTable = (ctx: ISessionPlan) => (view: CameraView) =>
  ctx.data.index.find(ALF, features(view)) ? features(view) : undefined;

/** The first `rows` values of a diameter column (the rows that have frame times). */
function diameter(
  table: ITable,
  name: string,
  dataset: string,
  rows: number
): Float64Array {
  const c = table.columns.find(x => x.name === name);
  if (!c) {
    throw new DatasetContentError(dataset, `has no column ${name}`);
  }
  const values = c.values as ArrayLike<number>;
  return Float64Array.from({ length: rows }, (_, i) => Number(values[i]));
}

export const pupilInterface: ISessionInterface = {
  name: 'pupil',
  title: 'Pupil diameter',
  kind: 'processed',
  datasets: ctx =>
    camerasWithTable(ctx, VIEWS, featuresTable(ctx)).flatMap(
      (v): IDatasetNeed[] => [
        { name: features(v), collection: ALF },
        { name: timesName(v), collection: ALF }
      ]
    ),
  availability: ctx =>
    camerasWithTable(ctx, VIEWS, featuresTable(ctx)).length > 0
      ? { available: true }
      : {
          available: false,
          reason:
            'no left or right camera has a features table with frame times'
        },
  async write(ctx, progress) {
    const loaded = [];
    for (const view of camerasWithFrameTimes(
      ctx,
      'pupil',
      VIEWS,
      featuresTable(ctx)
    )) {
      const dataset = ctx.data.dataset(ALF, features(view)).relPath;
      const table = await ctx.data.table(ALF, features(view));
      loaded.push({ view, dataset, table, rows: table.numRows });
    }
    const views = camerasWithRows(
      ctx,
      'pupil',
      loaded,
      c => `the ${c.view} pupil diameter`
    );
    const module = processingModule(
      ctx,
      'pupil',
      'Pupil diameter estimated from the pupil keypoints of the side cameras.'
    );
    const checks: IArrayCheck[] = [];
    for (const [i, { view, dataset, table }] of views.entries()) {
      const frames = await frameTimes(
        ctx,
        'pupil',
        view,
        table.numRows,
        dataset
      );
      const { times, timesSource, tableSource: source } = frames;
      const raw = diameter(table, 'pupilDiameter_raw', dataset, frames.rows);
      const smooth = diameter(
        table,
        'pupilDiameter_smooth',
        dataset,
        frames.rows
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
