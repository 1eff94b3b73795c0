/**
 * The session and batch workspaces: main-area tabs opened from the sidebar
 * (commands), tracked, and restored with the layout on reload.
 */
import type { ILayoutRestorer, JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';

import type { IBatchWorkspaceArgs, ISessionWorkspaceArgs } from './ids';
import { WorkspaceCommandIDs } from './ids';
import {
  BatchWorkspaceWidget,
  IWorkspaceServices,
  sessionWorkspaceKey,
  SessionWorkspaceWidget
} from './widgets';

type SessionTab = MainAreaWidget<SessionWorkspaceWidget>;
type BatchTab = MainAreaWidget<BatchWorkspaceWidget>;

export interface IWorkspaces {
  /** Re-render every open workspace (e.g. the output folder setting changed). */
  refresh(): void;
}

export function addWorkspaces(
  app: JupyterFrontEnd,
  restorer: ILayoutRestorer | null,
  services: Omit<IWorkspaceServices, 'openSession'>
): IWorkspaces {
  const sessions = new WidgetTracker<SessionTab>({
    namespace: 'ibl-nwb-session-workspace'
  });
  const batches = new WidgetTracker<BatchTab>({
    namespace: 'ibl-nwb-batch-workspace'
  });
  const all: IWorkspaceServices = {
    ...services,
    openSession: args =>
      void app.commands.execute(WorkspaceCommandIDs.openSession, args)
  };

  app.commands.addCommand(WorkspaceCommandIDs.openSession, {
    label: 'Open IBL Session Workspace',
    caption: 'A session’s details, metadata, conversion and report in a tab',
    execute: raw => {
      const args = raw as ISessionWorkspaceArgs;
      if (typeof args.eid !== 'string' || !args.eid) {
        throw new Error('Open IBL Session Workspace: give the session eid.');
      }
      const clean: ISessionWorkspaceArgs = {
        eid: args.eid,
        cache: args.cache ?? '',
        ...(args.alyx ? { alyx: args.alyx } : {})
      };
      const key = sessionWorkspaceKey(clean);
      const open = sessions.find(
        w => sessionWorkspaceKey(w.content.args) === key
      );
      if (open) {
        app.shell.activateById(open.id);
        return open;
      }
      const content = new SessionWorkspaceWidget(clean, all);
      const tab = new MainAreaWidget({ content });
      tab.id = `jp-IblNwb-session-${Math.random().toString(36).slice(2, 10)}`;
      tab.title.label = content.title.label;
      tab.title.icon = content.title.icon;
      tab.title.caption = content.title.caption;
      content.title.changed.connect(() => {
        tab.title.label = content.title.label;
      });
      app.shell.add(tab, 'main');
      void sessions.add(tab);
      app.shell.activateById(tab.id);
      return tab;
    }
  });

  app.commands.addCommand(WorkspaceCommandIDs.openBatch, {
    label: 'Open IBL Batch Workspace',
    caption: 'Convert several sessions together',
    execute: raw => {
      const args = raw as IBatchWorkspaceArgs;
      if (!Array.isArray(args.sessions) || args.sessions.length === 0) {
        throw new Error('Open IBL Batch Workspace: give the sessions.');
      }
      const content = new BatchWorkspaceWidget(
        {
          cache: args.cache ?? '',
          ...(args.alyx ? { alyx: args.alyx } : {}),
          sessions: args.sessions
        },
        all
      );
      const tab = new MainAreaWidget({ content });
      tab.id = `jp-IblNwb-batchws-${Math.random().toString(36).slice(2, 10)}`;
      tab.title.label = content.title.label;
      tab.title.icon = content.title.icon;
      tab.title.caption = content.title.caption;
      app.shell.add(tab, 'main');
      void batches.add(tab);
      app.shell.activateById(tab.id);
      return tab;
    }
  });

  // The keyboard's Convert: the tab's convert form, submitted as its button would
  // (the same checks: metadata valid, a modality, a .nwb path).
  app.commands.addCommand(WorkspaceCommandIDs.convert, {
    label: 'Convert This Session to NWB',
    caption:
      'Save the metadata and convert the session of the current workspace',
    isEnabled: () => sessions.currentWidget !== null,
    execute: () => {
      const form = sessions.currentWidget?.content.node.querySelector(
        'form[aria-label="Convert options"]'
      ) as HTMLFormElement | null;
      form?.requestSubmit();
    }
  });
  app.commands.addKeyBinding({
    command: WorkspaceCommandIDs.convert,
    keys: ['Accel Enter'],
    selector: '.jp-IblNwb-workspacePanel'
  });

  if (restorer) {
    void restorer.restore(sessions, {
      command: WorkspaceCommandIDs.openSession,
      args: tab => tab.content.args,
      name: tab => sessionWorkspaceKey(tab.content.args)
    });
    void restorer.restore(batches, {
      command: WorkspaceCommandIDs.openBatch,
      args: tab => tab.content.args,
      name: tab => tab.id
    });
  }

  return {
    refresh: () => {
      sessions.forEach(tab => tab.content.update());
      batches.forEach(tab => tab.content.update());
    }
  };
}
