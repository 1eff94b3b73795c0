/**
 * Viewer tabs on remote files: a MainAreaWidget holding an NwbViewerPanel
 * (no document context: nothing is downloaded to the server's disk). Each
 * remembers what the user typed, so a reload reopens it and the recent list
 * can offer it again.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget, WidgetTracker } from '@jupyterlab/apputils';

import type { ViewRegistry } from '../views/registry';
import { NwbViewerPanel } from '../widget/NwbViewerPanel';
import type { NwbTarget } from '../widget/target';
import type { RecentRemotes } from './recent';

export type RemoteViewer = MainAreaWidget<NwbViewerPanel>;

let count = 0;

export class RemoteViewers {
  readonly tracker = new WidgetTracker<RemoteViewer>({
    namespace: 'ibl-nwb-remote-viewer'
  });
  private readonly inputs = new WeakMap<RemoteViewer, string>();

  constructor(
    private readonly app: JupyterFrontEnd,
    private readonly views: ViewRegistry,
    private readonly recent: RecentRemotes
  ) {}

  /** What the viewer was opened from (for the restorer). */
  inputOf(widget: RemoteViewer): string {
    return this.inputs.get(widget) ?? '';
  }

  /** Open `target` in a new tab; `input` is what the user typed. */
  open(target: NwbTarget, input: string): RemoteViewer {
    const panel = new NwbViewerPanel(this.views);
    const widget = new MainAreaWidget({ content: panel });
    const label = target.kind === 'url' ? target.label : target.path;
    widget.id = `jp-NwbViewer-remote-${++count}`;
    widget.title.label = label.split('/').pop() || label;
    widget.title.caption = `${label}\n${input}`;
    widget.title.closable = true;
    widget.addClass('jp-NwbViewer-document');
    widget.addClass('jp-NwbViewer-remote');
    this.inputs.set(widget, input);
    this.app.shell.add(widget, 'main');
    void this.tracker.add(widget);
    this.app.shell.activateById(widget.id);
    void this.recent.add(input, label);
    void panel.loadTarget(target);
    return widget;
  }
}
