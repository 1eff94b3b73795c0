import { Contents } from '@jupyterlab/services';
import { ReactWidget } from '@jupyterlab/ui-components';
import type { CommandRegistry } from '@lumino/commands';
import * as React from 'react';

import { iblNwbIcon } from '../icons';
import { IServerStatus, requestAPI } from '../server';
import { DEFAULT_SETTINGS, IIblNwbSettings, SIDEBAR_ID } from '../tokens';
import { WorkspaceCommandIDs } from '../workspace/ids';
import type { IDataSource, ISessionSummary } from './api';
import { readExtensionState } from './extensionState';
import type { IJob, IJobRequest } from './jobs/api';
import { JobsModel } from './jobs/JobsModel';
import { JobsSection } from './jobs/JobsSection';
import type { RecentRemotes } from '../viewer/remote/recent';
import { RemoteSection } from './RemoteSection';
import { SessionFinder } from './SessionFinder';
import { SettingsSection } from './SettingsSection';
import { StatusSection } from './StatusSection';

export interface ISidebarOptions {
  /** Where metadata JSON files are saved and loaded (the file browser's drive). */
  contents: Contents.IManager;
  /** To open converted files in the NWB viewer and refresh the file browser. */
  commands: CommandRegistry;
  /** Remote NWB files opened lately (shared with the DANDI browser). */
  recentRemotes?: RecentRemotes;
}

/** The viewer's widget factory name (src/viewer). */
const VIEWER_FACTORY = 'NWB Viewer';

/**
 * The left sidebar: find sessions in a ONE cache or an Alyx and open one (its
 * workspace: metadata, options, Convert) or several (a batch workspace) in the
 * main area; follow the jobs; below, whether the extension is usable and which
 * settings are in force.
 */
export class SidebarPanel extends ReactWidget {
  constructor(options: ISidebarOptions) {
    super();
    this._contents = options.contents;
    this._commands = options.commands;
    this._recentRemotes = options.recentRemotes ?? null;
    this._jobs.changed.connect(this._onJobsChanged, this);
    this.id = SIDEBAR_ID;
    this.title.icon = iblNwbIcon;
    this.title.caption = 'IBL → NWB';
    this.addClass('jp-IblNwb-sidebar');
  }

  /** The settings in force (cache folder, output folder, …). */
  get settings(): IIblNwbSettings {
    return this._settings;
  }

  /** The server's jobs (shared with the session and batch workspaces: one poller). */
  get jobs(): JobsModel {
    return this._jobs;
  }

  /** Start a conversion job (e.g. from a file-browser command) and show it here. */
  startConversion(request: IJobRequest): Promise<IJob> {
    return this._jobs.start(request);
  }

  /** Replace the settings shown (called when the settings registry changes). */
  setSettings(settings: IIblNwbSettings): void {
    this._settings = settings;
    this.update();
  }

  /**
   * Activated (its tab, a command): the keyboard starts in the search's first
   * filter. Again a frame later: the command palette, closing after the command
   * ran, gives the focus back to where it was.
   */
  protected onActivateRequest(msg: any): void {
    super.onActivateRequest(msg);
    const focusFirst = () => {
      if (!this.node.contains(document.activeElement)) {
        this.node
          .querySelector<HTMLInputElement>('input[name="subject"]')
          ?.focus();
      }
    };
    focusFirst();
    requestAnimationFrame(focusFirst);
  }

  protected onAfterAttach(msg: any): void {
    super.onAfterAttach(msg);
    if (this._server === undefined && this._serverError === null) {
      void this._fetchServerStatus();
    }
    void this._jobs.refresh();
  }

  dispose(): void {
    this._jobs.dispose();
    super.dispose();
  }

  /** When a job this page watched running finishes, show its file in the file browser. */
  private _onJobsChanged(model: JobsModel): void {
    let finished = false;
    for (const job of model.jobs) {
      if (job.status === 'queued' || job.status === 'running') {
        this._active.add(job.id);
      } else if (this._active.delete(job.id) && job.status === 'done') {
        finished = true;
      }
    }
    if (finished && this._commands.hasCommand('filebrowser:refresh')) {
      void this._commands.execute('filebrowser:refresh');
    }
  }

  private _open(path: string): void {
    void this._commands.execute('docmanager:open', {
      path,
      factory: VIEWER_FACTORY
    });
  }

  /** The session's workspace in the main area (src/workspace), when it is registered. */
  private _openWorkspace(source: IDataSource, eid: string): void {
    if (this._commands.hasCommand(WorkspaceCommandIDs.openSession)) {
      void this._commands.execute(WorkspaceCommandIDs.openSession, {
        eid,
        cache: source.cache,
        ...(source.alyx ? { alyx: source.alyx } : {})
      });
    }
  }

  private _openBatch(source: IDataSource, sessions: ISessionSummary[]): void {
    if (this._commands.hasCommand(WorkspaceCommandIDs.openBatch)) {
      void this._commands.execute(WorkspaceCommandIDs.openBatch, {
        cache: source.cache,
        ...(source.alyx ? { alyx: source.alyx } : {}),
        sessions: sessions.map(s => ({
          eid: s.eid,
          subject: s.subject,
          date: s.date,
          number: s.number ?? 1
        }))
      });
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
        <SessionFinder
          defaultCache={this._settings.cacheDir}
          defaultAlyxUrl={this._settings.alyxUrl}
          outputDir={this._settings.outputDir}
          contents={this._contents}
          jobs={this._jobs}
          onOpenSession={(source, eid) => this._openWorkspace(source, eid)}
          onOpenBatch={(source, sessions) => this._openBatch(source, sessions)}
        />
        <JobsSection model={this._jobs} onOpen={path => this._open(path)} />
        {this._recentRemotes && (
          <RemoteSection
            commands={this._commands}
            recent={this._recentRemotes}
          />
        )}
        <StatusSection
          extension={readExtensionState()}
          server={this._server}
          serverError={this._serverError}
        />
        <SettingsSection settings={this._settings} />
      </>
    );
  }

  private _contents: Contents.IManager;
  private _commands: CommandRegistry;
  private _recentRemotes: RecentRemotes | null;
  private _jobs = new JobsModel();
  private _active = new Set<string>();
  private _settings: IIblNwbSettings = DEFAULT_SETTINGS;
  private _server: IServerStatus | undefined = undefined;
  private _serverError: string | null = null;
}
