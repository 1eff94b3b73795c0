/**
 * The collection tab: a folder of NWB files (or a dandiset) indexed into a
 * sessions table and a region view. The index is cached per file (path,
 * size, mtime; the asset id on DANDI), so opening it again re-reads only
 * what changed.
 */
import { Widget } from '@lumino/widgets';

import { button, labelled, selectBox } from '../viewer/views/controls';
import { formatBytes, h, message } from '../viewer/views/dom';
import { loadRegionMap } from './atlas/regionMap';
import { indexCollection, type IIndexResult } from './collectionIndex';
import type { ICollectionSource } from './collectionSource';
import type { IIndexStore } from './indexStore';
import { INDEX_PAGE_BYTES, ReaderPool } from './readerPool';
import { REGION_LEVELS, type RegionLevel } from './regionLevels';
import { regionView } from './regionView';
import { clickedOrder, type ISessionOrder } from './sessionOrder';
import { sessionsTable } from './sessionsTable';

export interface ICollectionPanelOptions {
  readonly source: ICollectionSource;
  readonly store: IIndexStore;
  /** Open a file (and a unit of it) in the single-file viewer. */
  readonly openFile: (
    path: string,
    unit?: { row: number; groupBy?: string }
  ) => void;
}

export class CollectionPanel extends Widget {
  private readonly pool = new ReaderPool(2);
  private readonly status = h('div', {
    class: 'jp-NwbCollection-status',
    'data-testid': 'collection-status'
  });
  private readonly errors = h('div');
  private readonly sessions = h('section', {
    class: 'jp-NwbCollection-section'
  });
  private readonly regions = h('section');
  private readonly levelBox = selectBox(
    'region level',
    REGION_LEVELS.map(l => [l.name, l.title]),
    'beryl'
  );
  private result: IIndexResult | null = null;
  private region: string | undefined;
  /** How the sessions table is sorted (none: file order). */
  private order: ISessionOrder | null = null;
  private views = new AbortController();
  private readonly themeWatch: MutationObserver;

  constructor(private readonly options: ICollectionPanelOptions) {
    super();
    this.addClass('jp-NwbCollection');
    const refresh = button('Refresh', 'Re-read the files that changed');
    refresh.onclick = () => void this.refresh();
    this.levelBox.onchange = () => {
      this.region = undefined;
      this.render();
    };
    this.node.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        h('strong', {}, options.source.title),
        refresh,
        this.status
      ),
      this.errors,
      h('h3', {}, 'Sessions'),
      this.sessions,
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        h('h3', {}, 'Units by region'),
        labelled('level', this.levelBox)
      ),
      this.regions
    );
    // Plots bake the theme's colours in: draw again after a theme switch.
    this.themeWatch = new MutationObserver(() => this.render());
    this.themeWatch.observe(document.body, {
      attributes: true,
      attributeFilter: ['data-jp-theme-light']
    });
  }

  get level(): RegionLevel {
    return this.levelBox.value as RegionLevel;
  }

  /** List the folder and index what is new or changed. */
  async refresh(): Promise<void> {
    const started = performance.now();
    this.status.removeAttribute('data-ready');
    this.status.textContent = `Listing ${this.options.source.title}…`;
    try {
      const source = this.options.source;
      const files = await source.list();
      const regionMap = await loadRegionMap();
      this.result = await indexCollection({
        regionMap,
        folder: source.key,
        files,
        store: this.options.store,
        open: file =>
          this.pool.open(source.targetOf(file.path), INDEX_PAGE_BYTES),
        parallel: this.pool.size,
        onProgress: (done, total) => {
          this.status.textContent = `Indexing… ${done} of ${total} changed files (${files.length} in all)`;
        }
      });
      const r = this.result;
      const bytes = r.costs.reduce((n, c) => n + c.bytes, 0);
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      this.status.textContent =
        `${r.summaries.length} sessions in ${seconds} s: ${r.costs.length} read (${formatBytes(bytes)}), ` +
        `${r.fromCache} from the index cache` +
        (r.dropped ? `, ${r.dropped} removed` : '') +
        (r.failures.length ? `, ${r.failures.length} could not be read` : '');
      this.status.setAttribute('data-ready', 'true');
      this.errors.replaceChildren(
        ...r.failures.map(f => message('error', `${f.path}: ${f.message}`))
      );
      if (files.length === 0) {
        this.errors.replaceChildren(message('info', source.emptyMessage));
      }
      this.render();
    } catch (error) {
      this.status.setAttribute('data-ready', 'error');
      this.status.textContent = 'The collection could not be indexed.';
      this.errors.replaceChildren(
        message('error', error instanceof Error ? error.message : String(error))
      );
    }
  }

  dispose(): void {
    this.views.abort();
    this.themeWatch.disconnect();
    this.pool.dispose();
    super.dispose();
  }

  private render(): void {
    const result = this.result;
    if (!result) {
      return;
    }
    this.views.abort();
    this.views = new AbortController();
    this.sessions.replaceChildren(
      sessionsTable(
        result.summaries,
        this.level,
        path => this.options.openFile(path),
        this.order,
        column => {
          this.order = clickedOrder(this.order, column);
          this.render();
          // The table is new: keep the keyboard on the header just used.
          this.sessions
            .querySelector<HTMLButtonElement>(
              `th[data-column="${column}"] button`
            )
            ?.focus();
        }
      )
    );
    this.regions.replaceChildren(
      regionView({
        level: this.level,
        sessions: result.summaries,
        selected: this.region,
        onSelect: region => {
          this.region = region;
          this.render();
        },
        open: path => this.pool.open(this.options.source.targetOf(path)),
        drill: (path, row, groupBy) =>
          this.options.openFile(path, { row, groupBy }),
        signal: this.views.signal
      })
    );
  }
}
