import { walkTree, type INeurodataNode } from '../model/tree';
import { h, message } from './dom';
import { handlesType, type INwbView, type IViewContext } from './registry';
import { eventsView } from './eventsView';
import { timeSeriesView } from './timeSeriesView';

/**
 * Containers of several series drawn the same way: behaviour, and the
 * ophys / ecephys containers nwbwidgets draws as their series' traces.
 */
export const BEHAVIOR_CONTAINERS = [
  'Fluorescence',
  'DfOverF',
  'LFP',
  'FilteredEphys',
  'Position',
  'BehavioralTimeSeries',
  'BehavioralEvents',
  'PupilTracking',
  'EyeTracking',
  'CompassDirection',
  'PoseEstimation'
];

/** The TimeSeries inside a container, nested ones included. */
function seriesIn(container: INeurodataNode): INeurodataNode[] {
  return [...walkTree(container)].filter(
    n => n !== container && !n.softLink && n.ancestry.includes('TimeSeries')
  );
}

const isContainer = handlesType(...BEHAVIOR_CONTAINERS);
const isModule = handlesType('ProcessingModule');

/** Series drawn at most (the tree reaches the others). */
const MAX_SERIES = 8;

/**
 * A behaviour container — or a processing module holding series, as IBL's
 * `wheel` and `pupil` modules do — as one plot per contained series.
 */
export const behaviorView: INwbView = {
  id: 'behavior',
  label: 'Series',
  priority: 60,
  canHandle: node =>
    isContainer(node) || (isModule(node) && seriesIn(node).length > 0),
  async render(host: HTMLElement, context: IViewContext) {
    const series = seriesIn(context.node);
    if (series.length === 0) {
      const note = message(
        'info',
        `Cannot display ${context.node.path} because it holds no TimeSeries.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      host.append(note);
      return;
    }
    if (series.length > MAX_SERIES) {
      host.append(
        message(
          'info',
          `Showing the first ${MAX_SERIES} of ${series.length} series; pick the others in the tree.`
        )
      );
    }
    for (const node of series.slice(0, MAX_SERIES)) {
      const section = h('section', {
        class: 'jp-NwbViewer-series',
        'data-path': node.path
      });
      const title = h('button', { class: 'jp-NwbViewer-link' }, node.name);
      title.onclick = () => context.select(node.path);
      section.append(h('h3', {}, title, ` ${node.neurodataType ?? ''}`));
      host.append(section);
      // Events (BehavioralEvents' series, annotations) as ticks, the rest as lines.
      const view = eventsView.canHandle(node, context.model)
        ? eventsView
        : timeSeriesView;
      await view.render(section, { ...context, node });
    }
  }
};
