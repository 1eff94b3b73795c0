/**
 * The code actions as commands (palette, shortcuts, menus): they act on the
 * viewer tab in front. And the notebook they insert into: the notebook the
 * user last had in front, found without a dependency on
 * @jupyterlab/notebook (its public model API, duck-typed).
 */
import type { JupyterFrontEnd, ILabShell } from '@jupyterlab/application';
import type { ICommandPalette } from '@jupyterlab/apputils';
import type { Widget } from '@lumino/widgets';

import { NwbViewerPanel } from '../widget/NwbViewerPanel';
import { setNotebookFinder, type INotebookTarget } from './notebookTarget';

export const CODE_COMMANDS = {
  copy: 'ibl-nwb-viewer:copy-code',
  insert: 'ibl-nwb-viewer:insert-code'
} as const;

/** What JupyterLab's NotebookPanel offers that the insert needs. */
interface INotebookLike extends Widget {
  readonly context: { readonly path: string };
  readonly content: {
    activeCellIndex: number;
    readonly model: {
      readonly sharedModel: {
        insertCell(
          index: number,
          cell: { cell_type: 'code'; source: string }
        ): unknown;
      };
    } | null;
  };
}

function isNotebook(widget: Widget | null): widget is INotebookLike {
  const panel = widget as Partial<INotebookLike> | null;
  return (
    typeof panel?.context?.path === 'string' &&
    panel.context.path.endsWith('.ipynb') &&
    typeof panel.content?.activeCellIndex === 'number' &&
    typeof panel.content.model?.sharedModel?.insertCell === 'function'
  );
}

/** The viewer panel of a main-area widget (a document tab or a remote tab). */
function viewerOf(widget: Widget | null): NwbViewerPanel | null {
  const content = (widget as { content?: unknown } | null)?.content;
  return content instanceof NwbViewerPanel
    ? content
    : widget instanceof NwbViewerPanel
      ? widget
      : null;
}

export function addCodeCommands(
  app: JupyterFrontEnd,
  labShell: ILabShell | null,
  palette: ICommandPalette | null
): void {
  let notebook: INotebookLike | null = null;
  let viewer: NwbViewerPanel | null = null;
  const follow = (widget: Widget | null) => {
    if (isNotebook(widget)) {
      notebook = widget;
      widget.disposed.connect(() => {
        if (notebook === widget) {
          notebook = null;
        }
      });
    }
    const panel = viewerOf(widget);
    if (panel) {
      viewer = panel;
    }
  };
  labShell?.currentChanged.connect((_, change) => follow(change.newValue));
  follow(app.shell.currentWidget);
  setNotebookFinder((): INotebookTarget | null => {
    // The last notebook in front; else one open before this plugin started.
    const open =
      notebook && !notebook.isDisposed
        ? notebook
        : ([...app.shell.widgets('main')].find(isNotebook) ?? null);
    if (!open || open.isDisposed || !open.content.model) {
      return null;
    }
    return {
      path: open.context.path,
      insertBelow(code) {
        const at = open.content.activeCellIndex + 1;
        open.content.model?.sharedModel.insertCell(at, {
          cell_type: 'code',
          source: code
        });
        open.content.activeCellIndex = at;
      }
    };
  });
  const current = () =>
    viewerOf(app.shell.currentWidget) ??
    (viewer && !viewer.isDisposed ? viewer : null);
  app.commands.addCommand(CODE_COMMANDS.copy, {
    label: 'Copy Code for This NWB Object',
    caption:
      'NWBView(...) and pynwb code for the object, window and filter shown',
    isEnabled: () => current() !== null,
    execute: () => current()?.code.copy()
  });
  app.commands.addCommand(CODE_COMMANDS.insert, {
    label: 'Insert NWB Object Code into Notebook',
    caption:
      'Add that code as a cell below the active cell of the last notebook',
    isEnabled: () => current() !== null,
    execute: () => current()?.code.insert()
  });
  for (const command of Object.values(CODE_COMMANDS)) {
    palette?.addItem({ command, category: 'NWB viewer' });
  }
}
