/**
 * Drill down from the collection to one unit: open its file in the NWB
 * viewer and show the unit's trial raster + PSTH (the viewer's `psth` view
 * on /units, started on that unit and grouping).
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { DocumentWidget } from '@jupyterlab/docregistry';

import { NwbViewerPanel } from '../viewer/widget/NwbViewerPanel';
import { NWB_FACTORY_NAME } from '../viewer/widget/factories';

/** How long to wait for the viewer to read the file's metadata. */
const READY_TIMEOUT_MS = 60_000;

export async function openInViewer(
  app: JupyterFrontEnd,
  path: string,
  unit?: { row: number; groupBy?: string }
): Promise<void> {
  const widget = (await app.commands.execute('docmanager:open', {
    path,
    factory: NWB_FACTORY_NAME
  })) as DocumentWidget | undefined;
  await showUnit(widget?.content, unit);
}

/** Once the viewer holds its file, show one unit's trial raster + PSTH. */
export async function showUnit(
  panel: unknown,
  unit?: { row: number; groupBy?: string }
): Promise<void> {
  if (!unit || !(panel instanceof NwbViewerPanel)) {
    return;
  }
  await viewerReady(panel);
  await panel.select('/units', 'psth', {
    unit: unit.row,
    ...(unit.groupBy ? { groupBy: unit.groupBy } : {})
  });
}

/** Resolves once the viewer has the file's tree (its status says `data-ready`). */
function viewerReady(panel: NwbViewerPanel): Promise<void> {
  const ready = () =>
    panel.node.querySelector('[data-ready]')?.getAttribute('data-ready');
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const state = ready();
      if (state === 'true') {
        resolve();
      } else if (state === 'error') {
        reject(new Error('the viewer could not open the file'));
      } else if (Date.now() - started > READY_TIMEOUT_MS) {
        reject(new Error('the viewer took too long to open the file'));
      } else {
        setTimeout(poll, 100);
      }
    };
    poll();
  });
}
