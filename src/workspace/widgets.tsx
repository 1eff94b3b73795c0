/** The two main-area tabs: a session's workspace and a batch workspace (ReactWidgets). */
import { Contents } from '@jupyterlab/services';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { iblNwbIcon } from '../icons';
import type { IDataSource } from '../sidebar/api';
import type { JobsModel } from '../sidebar/jobs/JobsModel';
import { BatchWorkspace } from './BatchWorkspace';
import type { IBatchWorkspaceArgs, ISessionWorkspaceArgs } from './ids';
import { SessionWorkspace } from './SessionWorkspace';

/** What every workspace needs from the extension. */
export interface IWorkspaceServices {
  contents: Contents.IManager;
  jobs: JobsModel;
  /** The output folder setting, read at each render (settings load after restore). */
  outputDir: () => string;
  openInViewer: (path: string) => void;
  openSession: (args: ISessionWorkspaceArgs) => void;
}

export function sourceOf(args: { cache: string; alyx?: string }): IDataSource {
  return args.alyx
    ? { cache: args.cache, alyx: args.alyx }
    : { cache: args.cache };
}

/** A stable tab id of a session in a source (the restorer's name too). */
export function sessionWorkspaceKey(args: ISessionWorkspaceArgs): string {
  return `${args.alyx ? `alyx:${args.alyx}` : `cache:${args.cache}`}|${args.eid}`;
}

export class SessionWorkspaceWidget extends ReactWidget {
  constructor(
    readonly args: ISessionWorkspaceArgs,
    private _services: IWorkspaceServices
  ) {
    super();
    this.addClass('jp-IblNwb-workspacePanel');
    this.title.label = `Session ${args.eid.slice(0, 8)}`;
    this.title.caption = `IBL session ${args.eid}`;
    this.title.icon = iblNwbIcon;
    this.title.closable = true;
  }

  render(): JSX.Element {
    const services = this._services;
    return (
      <SessionWorkspace
        source={sourceOf(this.args)}
        eid={this.args.eid}
        outputDir={services.outputDir()}
        contents={services.contents}
        jobs={services.jobs}
        onOpen={services.openInViewer}
        onInfo={info => {
          const s = info.session;
          this.title.label = `${s.subject} ${s.date} ${String(s.number ?? '').padStart(3, '0')}`;
        }}
      />
    );
  }
}

export class BatchWorkspaceWidget extends ReactWidget {
  constructor(
    readonly args: IBatchWorkspaceArgs,
    private _services: IWorkspaceServices
  ) {
    super();
    this.addClass('jp-IblNwb-workspacePanel');
    this.title.label = `Batch of ${args.sessions.length} sessions`;
    this.title.caption = args.sessions.map(s => s.eid).join('\n');
    this.title.icon = iblNwbIcon;
    this.title.closable = true;
  }

  render(): JSX.Element {
    const services = this._services;
    return (
      <BatchWorkspace
        source={sourceOf(this.args)}
        sessions={this.args.sessions}
        outputDir={services.outputDir()}
        contents={services.contents}
        jobs={services.jobs}
        onOpen={services.openInViewer}
        onOpenSession={eid =>
          services.openSession({ ...sourceOf(this.args), eid })
        }
      />
    );
  }
}
