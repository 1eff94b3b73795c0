import type { INwbFileModel } from '../model/nwbFile';
import type { INeurodataNode } from '../model/tree';

/** One panel of the session explorer: an object drawn by one of its views. */
export interface IExplorerPanel {
  readonly title: string;
  readonly path: string;
  readonly viewId: string;
}

/** What the explorer looked for, the panels it found, and what the file lacks. */
export interface IExplorerPlan {
  readonly panels: IExplorerPanel[];
  readonly missing: string[];
}

/** Behaviour panels at most: more make the page too long to compare at a glance. */
export const MAX_BEHAVIOUR = 4;

/**
 * Behaviour series the explorer shows, in this order, each the first series
 * whose name matches one of its patterns (IBL's names first, then any
 * tool's). Velocity before position: it shows movements at a glance.
 */
const BEHAVIOUR: { title: string; names: RegExp[] }[] = [
  {
    title: 'wheel',
    names: [/^WheelVelocity/i, /^WheelPosition$/i, /wheel/i]
  },
  { title: 'licks', names: [/lick/i] },
  {
    title: 'pupil',
    names: [/PupilDiameterSmoothed/i, /pupil.*diameter/i, /pupil/i]
  },
  { title: 'motion energy', names: [/motion.?energy/i] },
  { title: 'running', names: [/running|speed|velocity/i] }
];

const isA = (node: INeurodataNode, type: string) =>
  !node.softLink && node.ancestry.includes(type);

/** Series (TimeSeries, ndx-events Events) that are not images or ephys traces. */
const isBehaviourSeries = (node: INeurodataNode) =>
  (isA(node, 'TimeSeries') || isA(node, 'Events')) &&
  !isA(node, 'ImageSeries') &&
  !isA(node, 'ElectricalSeries');

/** Which movie the explorer shows when a file has several cameras. */
const CAMERA_ORDER = [/left/i, /right/i, /body/i];

/**
 * The panels of the session explorer for `model`: the trials timeline, the
 * units raster, up to MAX_BEHAVIOUR behaviour series, one video with an
 * external file (the left camera first) and the units' drift map — each only if the file has
 * the object and `viewIds(path)` offers the view.
 */
export function explorerPlan(
  model: INwbFileModel,
  viewIds: (path: string) => string[]
): IExplorerPlan {
  const panels: IExplorerPanel[] = [];
  const missing: string[] = [];
  const add = (
    title: string,
    node: INeurodataNode | undefined,
    viewId: string
  ): boolean => {
    if (node && viewIds(node.path).includes(viewId)) {
      panels.push({ title, path: node.path, viewId });
      return true;
    }
    return false;
  };
  const objects = model.objects;
  const intervals = objects.filter(n => isA(n, 'TimeIntervals'));
  const trials =
    intervals.find(n => n.path === '/intervals/trials') ??
    intervals.find(n => n.name === 'trials');
  if (!add('trials', trials, 'timeline')) {
    missing.push('trials');
  }
  const units = objects.find(n => isA(n, 'Units'));
  if (!add('units', units, 'raster')) {
    missing.push('units');
  }
  const series = objects.filter(isBehaviourSeries);
  let behaviour = 0;
  for (const kind of BEHAVIOUR) {
    if (behaviour >= MAX_BEHAVIOUR) {
      break;
    }
    const found = kind.names
      .map(name =>
        series.find(
          n => name.test(n.name) && !panels.some(p => p.path === n.path)
        )
      )
      .find(Boolean);
    const viewId = found ? viewIds(found.path)[0] : undefined;
    if (found && viewId && add(kind.title, found, viewId)) {
      behaviour++;
    } else if (kind.title !== 'running') {
      missing.push(kind.title);
    }
  }
  const movies = objects.filter(
    n =>
      isA(n, 'ImageSeries') && n.children.some(c => c.name === 'external_file')
  );
  // IBL's left camera is the one users watch first (the full-face view the
  // pose and pupil come from); other files keep their own order.
  const video =
    CAMERA_ORDER.map(name => movies.find(n => name.test(n.name))).find(
      Boolean
    ) ?? movies[0];
  if (!add('video', video, 'video')) {
    missing.push('video');
  }
  if (units && !add('drift map', units, 'driftmap')) {
    missing.push('drift map');
  }
  return { panels, missing };
}
