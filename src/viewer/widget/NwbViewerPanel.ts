import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { CodeActions } from '../code/codeActions';
import type { ICodeSource } from '../code/codeRequest';
import { windowOfControls } from '../code/codeRequest';
import { FilterBar, isSavedFilter } from '../filter/filterBar';
import { loadNwbFile, type INwbFileModel } from '../model/nwbFile';
import { RowFilter } from '../model/rowFilter';
import { SharedTime } from '../model/sharedTime';
import type { H5Slice } from '../model/source';
import { findNode, type INeurodataNode } from '../model/tree';
import { formatBytes, h, message } from '../views/dom';
import type {
  INwbView,
  IViewContext,
  IViewState,
  ViewRegistry
} from '../views/registry';
import { findView } from '../views/registry';
import { followThemeChanges } from '../views/themeFollow';
import { H5WorkerClient, RequestCancelled } from '../worker/client';
import type { IReadStats } from '../worker/protocol';
import { openArgsOf, targetLabel, type NwbTarget } from './target';
import { TreeView } from './treeView';
import {
  applyControls,
  readControls,
  restorableControls,
  restoreTime,
  type IViewerState
} from './viewerState';

export interface INwbViewerOptions {
  /** Views only, no tree (notebook outputs). */
  readonly compact?: boolean;
  /** The object shown first (default: the file's overview). */
  readonly objectPath?: string;
  /** Its view shown first, by id or tab label (default: its first view). */
  readonly view?: string;
}

/**
 * The viewer for one `.nwb` file. It holds only the path: bytes are read by
 * the worker on demand, never through a document model.
 */
export class NwbViewerPanel extends Widget {
  private readonly status = h('div', {
    class: 'jp-NwbViewer-status',
    'data-ready': 'false',
    role: 'status'
  });
  private readonly banner = h('div', {
    class: 'jp-NwbViewer-error',
    role: 'alert',
    hidden: true
  });
  private readonly body = h('div', { class: 'jp-NwbViewer-body' });
  private readonly tabs = h('div', {
    class: 'jp-NwbViewer-viewTabs',
    role: 'tablist'
  });
  private readonly viewHost = h('div', { class: 'jp-NwbViewer-viewHost' });
  private client: H5WorkerClient | null = null;
  private model: INwbFileModel | null = null;
  private tree: TreeView | null = null;
  private viewAbort: AbortController | null = null;
  private summary = '';
  /** Said before the read counters, e.g. that a LINDI index was not used. */
  private notice = '';
  private state: IViewerState = { path: '/', view: '', controls: {} };
  /** One time window and cursor for every view of this tab. */
  readonly time = new SharedTime();
  /** What is open (views resolve the file's relative paths against it; the code actions name it). */
  private target: NwbTarget | null = null;
  /** One units / electrodes filter for every view of this tab. */
  readonly rowFilter = new RowFilter();
  private readonly _stateChanged = new Signal<this, IViewerState>(this);
  private filterBar: FilterBar | null = null;
  /** "Copy code" / "Insert into notebook" for the object shown. */
  readonly code = new CodeActions(() => this.codeSource());

  constructor(
    private readonly registry: ViewRegistry,
    private readonly options: INwbViewerOptions = {}
  ) {
    super();
    this.addClass('jp-NwbViewer');
    if (options.compact) {
      this.addClass('jp-NwbViewer-compact');
    }
    this.node.append(this.status, this.banner, this.body);
    // Plots drawn now keep their colours unless told of a theme switch.
    followThemeChanges();
    // The shared window and cursor are part of what a reload restores.
    this.time.changed.connect((_, change) => {
      this.state = {
        ...this.state,
        time: { window: change.window, cursor: change.cursor }
      };
      this._stateChanged.emit(this.state);
    });
  }

  /** The selected object's path. */
  selectedPath = '/';

  /** The object, view and view controls shown, whenever the user changes them (to restore on reload). */
  get stateChanged(): ISignal<this, IViewerState> {
    return this._stateChanged;
  }

  /**
   * Open the server file at `localPath` (relative to the server root), on
   * `restore` if given (what was shown before a reload).
   */
  load(localPath: string, restore?: IViewerState): Promise<void> {
    return this.loadTarget({ kind: 'server', path: localPath }, restore);
  }

  /** Open a server file or a URL (see `NwbTarget`), on `restore` if given. */
  async loadTarget(target: NwbTarget, restore?: IViewerState): Promise<void> {
    this.target = target;
    const localPath = targetLabel(target);
    this.setStatus(`Opening ${localPath}…`);
    try {
      const client = new H5WorkerClient();
      this.client = client;
      client.onStats = stats => this.showStats(stats);
      await client.open(openArgsOf(target));
      this.model = await loadNwbFile(client, {
        onProgress: groups =>
          this.setStatus(`Reading metadata… ${groups} groups`)
      });
      this.summary = `${this.model.objects.length} neurodata objects`;
      this.tree = new TreeView(this.model.tree, path => void this.select(path));
      // One units filter and the code actions above every view of the tab.
      this.filterBar = new FilterBar(
        this.model,
        (p, slice) => client.read(p, slice),
        this.rowFilter,
        filter => {
          this.state = { ...this.state, filter: filter ?? undefined };
          this._stateChanged.emit(this.state);
        }
      );
      const main = h(
        'div',
        { class: 'jp-NwbViewer-main' },
        h(
          'div',
          { class: 'jp-NwbViewer-toolbar jp-NwbViewer-tabToolbar' },
          this.filterBar.node,
          ...this.code.buttons
        ),
        this.code.preview,
        this.tabs,
        this.viewHost
      );
      this.body.append(
        ...(this.options.compact ? [main] : [this.tree.node, main])
      );
      if (client.stats) {
        this.showStats(client.stats);
      }
      this.status.setAttribute('data-ready', 'true');
      restoreTime(this.time, restore);
      if (isSavedFilter(restore?.filter)) {
        await this.filterBar.apply(restore.filter);
      }
      const restored = restore && findNode(this.model.tree, restore.path);
      const start = restored ? restore.path : (this.options.objectPath ?? '/');
      if (!findNode(this.model.tree, start)) {
        this.showError(
          `${localPath} has no object at ${start}; showing the file instead.`
        );
      }
      const shown = findNode(this.model.tree, start) ? start : '/';
      await this.select(
        shown,
        restored ? restore.view : this.askedView(shown),
        undefined,
        restored ? restorableControls(restore) : undefined
      );
    } catch (error) {
      if (target.kind === 'url' && target.fallback && !this.model) {
        // E.g. a LINDI index this viewer cannot read: the original still can be.
        this.client?.dispose();
        this.notice = `${(target.format ?? 'the index').toUpperCase()} not used (${errorText(error)}); reading the HDF5 file`;
        return this.loadTarget(target.fallback, restore);
      }
      this.showError(`Could not open ${localPath}: ${errorText(error)}`);
      this.setStatus('The file could not be opened.');
      this.status.setAttribute('data-ready', 'error');
    }
  }

  /**
   * The id of the view the options ask for on the object at `path`; if it has no such
   * view, says which it has (and the first is shown).
   */
  private askedView(path: string): string | undefined {
    const wanted = this.options.view;
    const node = this.model && findNode(this.model.tree, path);
    if (!wanted || !this.model || !node) {
      return undefined;
    }
    const views = this.registry.viewsFor(node, this.model);
    const view = findView(views, wanted);
    if (!view) {
      this.showError(
        `${path} has no "${wanted}" view; its views: ${views.map(v => `${v.id} (${v.label})`).join(', ')}. Showing ${views[0]?.label ?? 'the file'}.`
      );
    }
    return view?.id;
  }

  /** Show an object with its default view (or `viewId`), its controls set to `controls`. */
  async select(
    path: string,
    viewId?: string,
    state?: IViewState,
    controls?: Record<string, string>
  ): Promise<void> {
    const model = this.model;
    const node = model ? findNode(model.tree, path) : undefined;
    if (!model || !node) {
      return;
    }
    this.selectedPath = path;
    this.tree?.select(path);
    const views = this.registry.viewsFor(node, model);
    const view = views.find(v => v.id === viewId) ?? views[0];
    this.tabs.replaceChildren(
      h('span', { class: 'jp-NwbViewer-viewTitle' }, path),
      ...views.map(v => {
        const tab = h(
          'button',
          {
            class: `jp-NwbViewer-tab${v === view ? ' jp-mod-active' : ''}`,
            role: 'tab',
            'data-view': v.id
          },
          v.label
        );
        tab.onclick = () => void this.select(path, v.id);
        return tab;
      })
    );
    this.state = {
      ...this.state,
      path,
      view: view.id,
      controls: {},
      time: { window: this.time.window, cursor: this.time.cursor }
    };
    this._stateChanged.emit(this.state);
    await this.renderView(view, node, state, controls);
  }

  /** What the code actions describe: the object, view, window and filter shown. */
  private codeSource(): ICodeSource | null {
    const model = this.model;
    const node = model && findNode(model.tree, this.selectedPath);
    if (!model || !node || !this.target) {
      return null;
    }
    const views = this.registry.viewsFor(node, model);
    const view = views.find(v => v.id === this.state.view);
    const filter = this.filterBar?.current;
    const columns =
      filter?.table === node.path
        ? this.filterBar?.columnsOf(filter.table)
        : undefined;
    return {
      target: this.target,
      node,
      viewLabel: view?.label ?? this.state.view,
      ...(view && view !== views[0] ? { viewId: view.id } : {}),
      window: this.time.window ?? windowOfControls(this.state.controls),
      filter:
        filter && columns ? { expression: filter.expression, columns } : null
    };
  }

  protected onCloseRequest(): void {
    this.dispose();
  }

  dispose(): void {
    this.viewAbort?.abort();
    this.client?.dispose();
    super.dispose();
  }

  private async renderView(
    view: INwbView,
    node: INeurodataNode,
    state?: IViewState,
    controls?: Record<string, string>
  ): Promise<void> {
    const model = this.model as INwbFileModel;
    const client = this.client as H5WorkerClient;
    const path = node.path;
    this.viewAbort?.abort();
    const abort = new AbortController();
    this.viewAbort = abort;
    const host = h('div', {
      class: 'jp-NwbViewer-view',
      'data-view-id': view.id,
      'data-rendered': 'false'
    });
    this.viewHost.replaceChildren(host);
    const read = (p: string, slice?: H5Slice) =>
      client.read(p, slice, {
        signal: abort.signal,
        onProgress: (done, total) =>
          this.setStatus(`Reading ${p}… ${Math.round((100 * done) / total)} %`)
      });
    const contextOf = (
      shown: INeurodataNode,
      shownState?: IViewState
    ): IViewContext => ({
      source: client,
      model,
      node: shown,
      signal: abort.signal,
      read,
      select: p => void this.select(p),
      open: (p, id, viewState) => void this.select(p, id, viewState),
      state: shownState,
      time: this.time,
      file: this.target ?? undefined,
      rowFilter: this.rowFilter,
      viewIdsFor: p => {
        const other = findNode(model.tree, p);
        return other ? this.registry.viewsFor(other, model).map(v => v.id) : [];
      },
      renderView: async (subHost, p, id, viewState) => {
        const other = findNode(model.tree, p);
        if (!other) {
          throw new Error(`the file has no object at ${p}`);
        }
        const views = this.registry.viewsFor(other, model);
        const chosen = id ? views.find(v => v.id === id) : views[0];
        if (!chosen) {
          throw new Error(
            `no view ${id ? `"${id}" ` : ''}can draw ${p} (${other.neurodataType || 'no type'})`
          );
        }
        subHost.setAttribute('data-view-id', chosen.id);
        await chosen.render(subHost, contextOf(other, viewState));
      }
    });
    try {
      await view.render(host, contextOf(node, state));
      if (controls) {
        applyControls(host, controls);
      }
      // The view's labelled controls are its state (time window, grouping, …).
      const record = () => {
        this.state = { ...this.state, controls: readControls(host) };
        this._stateChanged.emit(this.state);
      };
      host.addEventListener('change', record);
      if (controls) {
        record();
      }
      host.setAttribute('data-rendered', 'true');
    } catch (error) {
      if (!abort.signal.aborted && !(error instanceof RequestCancelled)) {
        host.append(
          message(
            'error',
            `Could not display ${path} (${view.label}): ${errorText(error)}`
          )
        );
        host.setAttribute('data-rendered', 'error');
      }
    }
    if (client.stats) {
      this.showStats(client.stats);
    }
  }

  private showStats(stats: IReadStats): void {
    const share = stats.fileSize
      ? ` (${((100 * stats.bytesFetched) / stats.fileSize).toFixed(1)} % of the file)`
      : '';
    const mode = stats.rangeSupported
      ? ''
      : ' · server ignores Range: whole file read';
    const via =
      stats.via === 'proxy'
        ? ' · through the Jupyter server (the browser may not read this URL itself)'
        : '';
    const lead =
      (this.notice ? `${this.notice} · ` : '') +
      (this.summary ? `${this.summary} · ` : '');
    // Exact counters for tests and benchmarks (the text rounds them).
    this.status.setAttribute('data-bytes', String(stats.bytesFetched));
    this.status.setAttribute('data-requests', String(stats.requests));
    this.status.setAttribute('data-file-size', String(stats.fileSize));
    this.status.setAttribute('data-via', stats.via ?? 'direct');
    this.setStatus(
      `${lead}${formatBytes(stats.bytesFetched)} read in ${stats.requests} requests${share}${mode}${via}`
    );
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private showError(text: string): void {
    this.banner.textContent = text;
    this.banner.hidden = false;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
