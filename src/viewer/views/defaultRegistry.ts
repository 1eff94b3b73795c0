import { behaviorView } from './behaviorView';
import { decompositionView } from './decompositionView';
import { electrodesView } from './electrodesView';
import { eventsView } from './eventsView';
import { fallbackView } from './fallbackView';
import { fieldsView } from './fieldsView';
import { imageSeriesView } from './imageSeriesView';
import { imagesView, imageView } from './imageView';
import { inspectorView } from './inspectorView';
import { intervalsView } from './intervalsView';
import { overviewView } from './overviewView';
import { planeSegmentationView } from './planeSegmentationView';
import { psthView } from './psthView';
import { ViewRegistry } from './registry';
import { camerasView } from '../video/camerasView';
import { videoView } from '../video/videoView';
import { sessionRasterView } from './sessionRasterView';
import { spikeWaveformView } from './spikeWaveformView';
import { tableSummaryView } from './tableSummaryView';
import { tableView } from './tableView';
import { timeSeriesView } from './timeSeriesView';
import { trajectoryView } from './trajectoryView';
import { unitsTableView } from './unitsTableView';

/** The built-in views; the fallback applies only when no specific view does. */
export function createDefaultRegistry(): ViewRegistry {
  const registry = new ViewRegistry();
  const specific = [
    overviewView,
    sessionRasterView,
    psthView,
    unitsTableView,
    behaviorView,
    tableView,
    electrodesView,
    intervalsView,
    timeSeriesView,
    imageSeriesView,
    videoView,
    camerasView,
    imageView,
    imagesView,
    planeSegmentationView,
    spikeWaveformView,
    decompositionView,
    eventsView,
    trajectoryView,
    tableSummaryView
  ];
  // Fields only where nothing richer applies; then the fallback.
  const richer = [...specific];
  specific.push(
    fieldsView((node, model) => richer.some(v => v.canHandle(node, model)))
  );
  specific.forEach(view => registry.add(view));
  registry.add(inspectorView);
  registry.add(
    fallbackView((node, model) =>
      specific.some(view => view.canHandle(node, model))
    )
  );
  return registry;
}
