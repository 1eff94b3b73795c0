import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { PanelLayout, Widget } from '@lumino/widgets';

import { message } from '../views/dom';
import type { ViewRegistry } from '../views/registry';
import { NwbViewerPanel } from '../widget/NwbViewerPanel';
import type { NwbTarget } from '../widget/target';
import { NWB_VIEW_MIME, parseViewData } from './mimeData';
import { outputTarget } from './outputTarget';

/**
 * A notebook output showing one NWB object with the viewer's views; the
 * file is read by the same lazy worker as the viewer tab, so the kernel
 * needs no NWB library.
 */
export class NwbMimeRenderer extends Widget implements IRenderMime.IRenderer {
  private panel: NwbViewerPanel | null = null;

  constructor(
    private readonly options: IRenderMime.IRendererOptions,
    private readonly registry: ViewRegistry
  ) {
    super();
    this.addClass('jp-NwbViewer-output');
    this.layout = new PanelLayout();
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const data = parseViewData(model.data[this.options.mimeType]);
    this.panel?.dispose();
    this.node.replaceChildren();
    if ('reason' in data) {
      this.node.append(
        message('error', `Cannot display this NWB view because ${data.reason}.`)
      );
      return;
    }
    const panel = new NwbViewerPanel(this.registry, {
      compact: true,
      objectPath: data.objectPath,
      view: data.view
    });
    this.panel = panel;
    (this.layout as PanelLayout).addWidget(panel);
    let target: NwbTarget;
    try {
      target = await outputTarget(data, this.options.resolver);
    } catch (error) {
      this.node.append(
        message(
          'error',
          `Cannot display this NWB view: ${error instanceof Error ? error.message : String(error)}`
        )
      );
      return;
    }
    await panel.loadTarget(target);
  }
}

/** The renderer factory registered with the notebook's rendermime registry. */
export function nwbRendererFactory(
  registry: ViewRegistry
): IRenderMime.IRendererFactory {
  return {
    // The output names a server file or a URL to read (through the server's
    // proxy, which it registers as opened): render it only in trusted outputs.
    safe: false,
    mimeTypes: [NWB_VIEW_MIME],
    defaultRank: 50,
    createRenderer: options => new NwbMimeRenderer(options, registry)
  };
}
