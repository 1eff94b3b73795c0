import {
  ABCWidgetFactory,
  DocumentModel,
  DocumentRegistry,
  DocumentWidget
} from '@jupyterlab/docregistry';

import type { IStateDB } from '@jupyterlab/statedb';

import type { ViewRegistry } from '../views/registry';
import { NwbViewerPanel } from './NwbViewerPanel';
import { isViewerState } from './viewerState';

export const NWB_MODEL_NAME = 'nwb-model';
export const NWB_FACTORY_NAME = 'NWB Viewer';
const STATE_NAMESPACE = 'jupyterlab-ibl-nwb:viewer';

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
    options: DocumentRegistry.IWidgetFactoryOptions<NwbDocumentWidget>,
    /** Where each file's view state is kept so a reload shows it again. */
    private readonly stateDB: IStateDB | null = null
  ) {
    super(options);
  }

  protected createNewWidget(
    context: DocumentRegistry.IContext<DocumentRegistry.IModel>
  ): NwbDocumentWidget {
    const content = new NwbViewerPanel(this.registry);
    const widget = new DocumentWidget({ context, content });
    widget.addClass('jp-NwbViewer-document');
    const key = () => `${STATE_NAMESPACE}:${context.localPath}`;
    void context.ready.then(async () => {
      const saved = await this.stateDB?.fetch(key()).catch(() => undefined);
      content.stateChanged.connect((_, state) => {
        void this.stateDB?.save(key(), { ...state });
      });
      await content.load(
        context.localPath,
        isViewerState(saved) ? saved : undefined
      );
    });
    return widget;
  }
}
