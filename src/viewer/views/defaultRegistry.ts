import { behaviorView } from './behaviorView';
import { electrodesView } from './electrodesView';
import { fallbackView } from './fallbackView';
import { inspectorView } from './inspectorView';
import { intervalsView } from './intervalsView';
import { overviewView } from './overviewView';
import { psthView } from './psthView';
import { ViewRegistry } from './registry';
import { sessionRasterView } from './sessionRasterView';
import { tableView } from './tableView';
import { timeSeriesView } from './timeSeriesView';
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
    timeSeriesView
  ];
  specific.forEach(view => registry.add(view));
  registry.add(inspectorView);
  registry.add(
    fallbackView((node, model) =>
      specific.some(view => view.canHandle(node, model))
    )
  );
  return registry;
}
