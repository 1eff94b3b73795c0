/** ROI motion energy per camera → `/processing/motion_energy/<View>CameraMotionEnergy`. */
import { writeTimeSeries } from '../../nwb/timeseries';
import type { IArrayCheck, IDatasetNeed } from '../modality';
import {
  processingModule,
  type ISessionInterface,
  type ISessionPlan
} from '../session/context';
import {
  ALF,
  CAMERA_VIEWS,
  camerasWithFrameTimes,
  camerasWithRows,
  camerasWithTable,
  CameraView,
  frameTimes,
  timesName,
  titleCase
} from './camera';

const energy = (view: CameraView) => `${view}Camera.ROIMotionEnergy.npy`;
const roi = (view: CameraView) => `${view}ROIMotionEnergy.position.npy`;

/** The camera's motion energy, whether or not its frame times are there. */
const energyOf = (ctx: ISessionPlan) => (view: CameraView) =>
  ctx.data.index.find(ALF, energy(view)) ? energy(view) : undefined;

export const motionEnergyInterface: ISessionInterface = {
  name: 'motion_energy',
  title: 'ROI motion energy',
  kind: 'processed',
  datasets: ctx =>
    camerasWithTable(ctx, CAMERA_VIEWS, energyOf(ctx)).flatMap(
      (v): IDatasetNeed[] => [
        { name: energy(v), collection: ALF },
        { name: timesName(v), collection: ALF },
        { name: roi(v), collection: ALF, optional: true }
      ]
    ),
  availability: ctx =>
    camerasWithTable(ctx, CAMERA_VIEWS, energyOf(ctx)).length > 0
      ? { available: true }
      : {
          available: false,
          reason: 'no camera has ROIMotionEnergy with frame times'
        },
  async write(ctx, progress) {
    const loaded = [];
    for (const view of camerasWithFrameTimes(
      ctx,
      'motion_energy',
      CAMERA_VIEWS,
      energyOf(ctx)
    )) {
      const dataset = ctx.data.dataset(ALF, energy(view)).relPath;
      const all = await ctx.data.numbers(ALF, energy(view));
      loaded.push({ view, dataset, all, rows: all.length });
    }
    const views = camerasWithRows(
      ctx,
      'motion_energy',
      loaded,
      c => `the ${c.view} camera motion energy`
    );
    const module = processingModule(
      ctx,
      'motion_energy',
      'Motion energy in a region of interest of each camera video.'
    );
    const checks: IArrayCheck[] = [];
    for (const [i, { view, dataset, all }] of views.entries()) {
      const frames = await frameTimes(
        ctx,
        'motion_energy',
        view,
        all.length,
        dataset
      );
      const { times, timesSource, tableSource: source } = frames;
      const values = all.subarray(0, frames.rows);
      let where = 'The ROI geometry is not available.';
      if (ctx.data.index.find(ALF, roi(view))) {
        const [w, h, x, y] = await ctx.data.numbers(ALF, roi(view));
        where = `ROI of width ${w} px and height ${h} px with its top-left corner at x=${x}, y=${y} px (cv2 convention: the first axis is the image column).`;
      }
      const name = `${titleCase(view)}CameraMotionEnergy`;
      await writeTimeSeries(module, {
        name,
        description: `Motion energy in the ${view} camera ROI: min-max normalised sum of absolute differences between frames n and n+2. ${where}`,
        data: values,
        unit: 'a.u.',
        timing: { timestamps: times }
      });
      checks.push(
        ctx.ledger.expect(
          source,
          `/processing/motion_energy/${name}/data`,
          values
        ),
        ctx.ledger.expect(
          timesSource,
          `/processing/motion_energy/${name}/timestamps`,
          times
        )
      );
      progress((i + 1) / views.length);
    }
    return checks;
  }
};
