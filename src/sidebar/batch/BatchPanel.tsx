import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { iblNwbIcon } from '../../icons';
import { BatchStatusView } from './BatchStatusView';

export const BATCH_PANEL_ID = 'jp-IblNwb-batch';

export interface IBatchPanelOptions {
  onOpen: (path: string) => void;
  currentFolder?: () => string;
}

/** The left-area panel that shows a batch's status (Lumino wrapper of BatchStatusView). */
export class BatchPanel extends ReactWidget {
  constructor(private readonly _options: IBatchPanelOptions) {
    super();
    this.id = BATCH_PANEL_ID;
    this.title.icon = iblNwbIcon;
    this.title.caption = 'IBL → NWB batch status';
    this.addClass('jp-IblNwb-sidebar');
    this.addClass('jp-IblNwb-batchPanel');
  }

  render(): JSX.Element {
    return (
      <>
        <header className="jp-IblNwb-header">IBL → NWB batch</header>
        <BatchStatusView
          initialFolder={this._options.currentFolder?.() ?? ''}
          currentFolder={this._options.currentFolder}
          onOpen={this._options.onOpen}
        />
      </>
    );
  }
}
