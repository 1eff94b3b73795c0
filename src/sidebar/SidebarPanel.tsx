import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { iblNwbIcon } from '../icons';
import { IServerStatus, requestAPI } from '../server';
import { DEFAULT_SETTINGS, IIblNwbSettings, SIDEBAR_ID } from '../tokens';
import { readExtensionState } from './extensionState';
import { SessionFinder } from './SessionFinder';
import { SettingsSection } from './SettingsSection';
import { StatusSection } from './StatusSection';

/**
 * The left sidebar: find a session in a ONE cache and see what it holds; below,
 * whether the extension is usable and which settings are in force.
 * Metadata editing and conversion land here next.
 */
export class SidebarPanel extends ReactWidget {
  constructor() {
    super();
    this.id = SIDEBAR_ID;
    this.title.icon = iblNwbIcon;
    this.title.caption = 'IBL → NWB';
    this.addClass('jp-IblNwb-sidebar');
  }

  /** Replace the settings shown (called when the settings registry changes). */
  setSettings(settings: IIblNwbSettings): void {
    this._settings = settings;
    this.update();
  }

  protected onAfterAttach(msg: any): void {
    super.onAfterAttach(msg);
    if (this._server === undefined && this._serverError === null) {
      void this._fetchServerStatus();
    }
  }

  private async _fetchServerStatus(): Promise<void> {
    try {
      this._server = await requestAPI<IServerStatus>('status');
    } catch (error) {
      this._serverError =
        error instanceof Error ? error.message : String(error);
      console.error('IBL → NWB: server extension status failed', error);
    }
    this.update();
  }

  render(): JSX.Element {
    return (
      <>
        <header className="jp-IblNwb-header">IBL → NWB</header>
        <SessionFinder defaultCache={this._settings.cacheDir} />
        <StatusSection
          extension={readExtensionState()}
          server={this._server}
          serverError={this._serverError}
        />
        <SettingsSection settings={this._settings} />
      </>
    );
  }

  private _settings: IIblNwbSettings = DEFAULT_SETTINGS;
  private _server: IServerStatus | undefined = undefined;
  private _serverError: string | null = null;
}
