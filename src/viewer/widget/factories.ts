import {
  ABCWidgetFactory,
  DocumentModel,
  DocumentRegistry,
  DocumentWidget
} from '@jupyterlab/docregistry';

import type { ViewRegistry } from '../views/registry';
import { NwbViewerPanel } from './NwbViewerPanel';

export const NWB_MODEL_NAME = 'nwb-model';
export const NWB_FACTORY_NAME = 'NWB Viewer';

/**
 * A model that never holds the file: `fileFormat: null` makes the document
 * context fetch metadata only, and `collaborative: false` keeps it out of
 * any shared (Yjs) document.
 */
export class NwbModelFactory implements DocumentRegistry.IModelFactory<DocumentRegistry.IModel> {
  readonly name = NWB_MODEL_NAME;
  readonly contentType = 'file' as const;
  readonly fileFormat = null;
  readonly collaborative = false;
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    this.disposed = true;
  }

  createNew(
    options: { languagePreference?: string } = {}
  ): DocumentRegistry.IModel {
    return new DocumentModel({
      languagePreference: options.languagePreference,
      collaborationEnabled: false
    });
  }

  preferredLanguage(): string {
    return '';
  }
}

export type NwbDocumentWidget = DocumentWidget<
  NwbViewerPanel,
  DocumentRegistry.IModel
>;

/** Opens the viewer panel for an `.nwb` file; the panel reads the file itself. */
export class NwbWidgetFactory extends ABCWidgetFactory<
  NwbDocumentWidget,
  DocumentRegistry.IModel
> {
  constructor(
    private readonly registry: ViewRegistry,
    options: DocumentRegistry.IWidgetFactoryOptions<NwbDocumentWidget>
  ) {
    super(options);
  }

  protected createNewWidget(
    context: DocumentRegistry.IContext<DocumentRegistry.IModel>
  ): NwbDocumentWidget {
    const content = new NwbViewerPanel(this.registry);
    const widget = new DocumentWidget({ context, content });
    widget.addClass('jp-NwbViewer-document');
    void context.ready.then(() => content.load(context.localPath));
    return widget;
  }
}
