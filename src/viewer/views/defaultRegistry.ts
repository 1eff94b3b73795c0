import { rasterGridView } from '../grid/rasterGridView';
import { tuningView } from '../grid/tuningView';
import { driftmapView } from '../driftmap/driftmapView';
import { unitWaveformsView } from '../waveforms/unitWaveformsView';
import { alignedView } from '../aligned/alignedView';
import { explorerView } from '../explorer/explorerView';
import { behaviorView } from './behaviorView';
import { decompositionView } from './decompositionView';
import { electrodesView } from './electrodesView';
import { eventsView } from './eventsView';
import { fallbackView } from './fallbackView';
import { fieldsView } from './fieldsView';
import { imageSeriesView } from './imageSeriesView';
import { imagesView, imageView } from './imageView';
import { indexSeriesView } from './indexSeriesView';
import { inspectorView } from './inspectorView';
import { intervalsView } from './intervalsView';
import { ivCurveView } from './ivCurveView';
import { overviewView } from './overviewView';
import { planeSegmentationView } from './planeSegmentationView';
import { psthView } from './psthView';
import { ViewRegistry } from './registry';
import { camerasView } from '../video/camerasView';
import { videoView } from '../video/videoView';
import { sessionRasterView } from './sessionRasterView';
import { spectrumView } from './spectrumView';
import { spikeWaveformView } from './spikeWaveformView';
import { sweepsView } from './sweepsView';
import { tableSummaryView } from './tableSummaryView';
import { tableView } from './tableView';
import { timeSeriesView } from './timeSeriesView';
import { trajectoryView } from './trajectoryView';
import { unitsTableView } from './unitsTableView';
import { volumeView } from './volumeView';

/** The built-in views; the fallback applies only when no specific view does. */
export function createDefaultRegistry(): ViewRegistry {
  const registry = new ViewRegistry();
  const specific = [
    overviewView,
    explorerView,
    sessionRasterView,
    psthView,
    rasterGridView,
    tuningView,
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
    tableSummaryView,
    sweepsView,
    ivCurveView,
    spectrumView,
    volumeView,
    indexSeriesView,
    driftmapView,
    unitWaveformsView,
    alignedView
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
