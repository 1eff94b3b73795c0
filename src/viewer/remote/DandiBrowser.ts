/**
 * A small DANDI browser in the main area: open by URL / id / path, recent
 * remote files, search dandisets, walk a dandiset version's folders, open
 * an asset; and the API key for embargoed data (kept by the Jupyter server).
 */
import { Widget } from '@lumino/widgets';

import { formatBytes, h, message } from '../views/dom';
import {
  defaultVersion,
  listFolder,
  searchDandisets,
  type GetJson
} from './dandiApi';
import type { RecentRemotes } from './recent';

export interface IBrowserDeps {
  apiUrl: () => string;
  getJson: GetJson;
  /** Open what the user picked, as the command does (`000409/draft/sub-x/….nwb`). */
  open: (input: string) => Promise<void>;
  recent: RecentRemotes;
  keyStatus: (api: string) => Promise<boolean>;
  saveKey: (api: string, key: string) => Promise<void>;
  forgetKey: (api: string) => Promise<void>;
  allowApi: (api: string) => Promise<void>;
  /** Open a dandiset version (or a folder of it) as an NWB collection. */
  openCollection?: (dandiset: string, version: string, folder: string) => void;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class DandiBrowser extends Widget {
  private readonly feedback = h('div', { class: 'jp-DandiBrowser-feedback' });
  private readonly recentList = h('ul', { class: 'jp-DandiBrowser-recent' });
  private readonly results = h('div', { class: 'jp-DandiBrowser-results' });
  private readonly keyState = h('span', { class: 'jp-DandiBrowser-keyState' });
  private readonly apiLabel = h('code', {});

  constructor(private readonly deps: IBrowserDeps) {
    super();
    this.addClass('jp-DandiBrowser');
    this.id = 'jp-DandiBrowser';
    this.title.label = 'DANDI';
    this.title.caption = 'Open NWB files from DANDI or any URL';
    this.title.closable = true;
    this.node.append(
      h('h2', {}, 'Open NWB from URL or DANDI'),
      h('p', { class: 'jp-DandiBrowser-api' }, 'DANDI API: ', this.apiLabel),
      this.openForm(),
      h('h3', {}, 'Recent remote files'),
      this.recentList,
      this.searchForm(),
      this.results,
      this.feedback,
      this.keyForm()
    );
    deps.recent.changed.connect(() => this.showRecent());
    this.showRecent();
    void this.refreshApi();
  }

  /** Show the configured API and whether a key is kept for it. */
  async refreshApi(): Promise<void> {
    const api = this.deps.apiUrl();
    this.apiLabel.textContent = api;
    try {
      await this.deps.allowApi(api);
      const has = await this.deps.keyStatus(api);
      this.keyState.textContent = has
        ? 'An API key is kept for this archive (on the Jupyter server).'
        : 'No API key kept: public data only.';
      this.keyState.setAttribute('data-has-key', String(has));
    } catch (error) {
      this.keyState.textContent = `Key state unknown: ${errorText(error)}`;
    }
  }

  /** List the dandisets matching `query`. */
  async search(query: string): Promise<void> {
    this.say('info', `Searching ${this.deps.apiUrl()} for “${query}”…`);
    try {
      const found = await searchDandisets(
        this.deps.apiUrl(),
        query,
        this.deps.getJson
      );
      const rows = found.dandisets.map(d => {
        const row = h(
          'button',
          {
            class: 'jp-DandiBrowser-entry',
            'data-kind': 'dandiset',
            'data-dandiset': d.identifier
          },
          h('strong', {}, d.identifier),
          ` ${d.name} · ${d.version}`,
          d.assetCount !== null ? ` · ${d.assetCount} files` : '',
          d.size !== null ? ` · ${formatBytes(d.size)}` : '',
          d.embargoed ? ' · embargoed' : ''
        );
        row.onclick = () => void this.browse(d.identifier, d.version, '');
        return row;
      });
      this.results.replaceChildren(
        h(
          'p',
          {},
          `${found.total ?? rows.length} dandisets${rows.length < (found.total ?? 0) ? ` (first ${rows.length} shown)` : ''}`
        ),
        ...rows
      );
      this.say('info', '');
    } catch (error) {
      this.say('error', `Search failed: ${errorText(error)}`);
    }
  }

  /** List one folder of a dandiset version (version null: newest published, else draft). */
  async browse(
    dandiset: string,
    version: string | null,
    folder: string
  ): Promise<void> {
    const api = this.deps.apiUrl();
    this.say('info', `Listing ${dandiset}/${folder}…`);
    try {
      const v =
        version ?? (await defaultVersion(api, dandiset, this.deps.getJson));
      const { entries, more } = await listFolder(
        api,
        dandiset,
        v,
        folder,
        this.deps.getJson
      );
      const crumbs = this.breadcrumbs(dandiset, v, folder);
      const openCollection = this.deps.openCollection;
      if (openCollection) {
        const asCollection = h(
          'button',
          {
            class: 'jp-DandiBrowser-collection jp-mod-styled',
            'data-testid': 'dandi-open-collection',
            title: `Index the .nwb assets of ${dandiset}/${v}${folder ? `/${folder}` : ''}: a sessions table and units pooled by region (nothing downloaded)`
          },
          'Open as collection'
        );
        asCollection.onclick = () => openCollection(dandiset, v, folder);
        crumbs.append(' ', asCollection);
      }
      const rows = entries.map(entry => {
        const openable =
          !entry.folder && /\.nwb(\.lindi\.json)?$/i.test(entry.path);
        const row = h(
          'button',
          {
            class: 'jp-DandiBrowser-entry',
            'data-kind': entry.folder ? 'folder' : 'asset',
            'data-path': entry.path,
            disabled: !entry.folder && !openable,
            title: entry.path
          },
          entry.folder ? `📁 ${entry.name}/` : entry.name,
          entry.size !== null ? ` · ${formatBytes(entry.size)}` : '',
          entry.folder && entry.files !== null ? ` · ${entry.files} files` : ''
        );
        row.onclick = () =>
          void (entry.folder
            ? this.browse(dandiset, v, entry.path)
            : this.openInput(`${dandiset}/${v}/${entry.path}`));
        return row;
      });
      this.results.replaceChildren(
        crumbs,
        ...rows,
        ...(more
          ? [
              h(
                'p',
                {},
                'More entries exist: open a subfolder or type the path above.'
              )
            ]
          : [])
      );
      this.say('info', '');
    } catch (error) {
      this.say(
        'error',
        `Could not list ${dandiset}/${folder}: ${errorText(error)}`
      );
    }
  }

  private async openInput(input: string): Promise<void> {
    this.say('info', `Opening ${input}…`);
    try {
      await this.deps.open(input);
      this.say('info', '');
    } catch (error) {
      this.say('error', errorText(error));
    }
  }

  private breadcrumbs(
    dandiset: string,
    version: string,
    folder: string
  ): HTMLElement {
    const parts = folder.split('/').filter(Boolean);
    const nav = h('nav', { class: 'jp-DandiBrowser-crumbs' });
    const top = h(
      'button',
      { class: 'jp-DandiBrowser-crumb' },
      `${dandiset}/${version}`
    );
    top.onclick = () => void this.browse(dandiset, version, '');
    nav.append(top);
    parts.forEach((part, i) => {
      const crumb = h('button', { class: 'jp-DandiBrowser-crumb' }, part);
      crumb.onclick = () =>
        void this.browse(dandiset, version, parts.slice(0, i + 1).join('/'));
      nav.append(' / ', crumb);
    });
    return nav;
  }

  private openForm(): HTMLElement {
    const input = h('input', {
      class: 'jp-DandiBrowser-input',
      type: 'text',
      'aria-label': 'URL, DANDI asset id or dandiset/version/path',
      placeholder: 'https://…, asset id, or 000409/draft/sub-…/….nwb'
    });
    const form = h(
      'form',
      { class: 'jp-DandiBrowser-open' },
      input,
      h('button', { type: 'submit' }, 'Open')
    );
    form.onsubmit = event => {
      event.preventDefault();
      if (input.value.trim()) {
        void this.openInput(input.value.trim());
      }
    };
    return form;
  }

  private searchForm(): HTMLElement {
    const input = h('input', {
      class: 'jp-DandiBrowser-search',
      type: 'search',
      'aria-label': 'Search dandisets',
      placeholder: 'Search dandisets (e.g. IBL, 000409)'
    });
    const form = h(
      'form',
      { class: 'jp-DandiBrowser-searchForm' },
      h('h3', {}, 'Browse DANDI'),
      input,
      h('button', { type: 'submit' }, 'Search')
    );
    form.onsubmit = event => {
      event.preventDefault();
      void this.search(input.value);
    };
    return form;
  }

  private keyForm(): HTMLElement {
    const input = h('input', {
      type: 'password',
      class: 'jp-DandiBrowser-key',
      autocomplete: 'off',
      'aria-label': 'DANDI API key',
      placeholder: 'DANDI API key (for embargoed data)'
    });
    const save = h('button', { type: 'submit' }, 'Keep on server');
    const forget = h('button', { type: 'button' }, 'Forget');
    const form = h(
      'form',
      { class: 'jp-DandiBrowser-keyForm' },
      h('h3', {}, 'API key'),
      this.keyState,
      input,
      save,
      forget
    );
    form.onsubmit = event => {
      event.preventDefault();
      const key = input.value.trim();
      input.value = '';
      void this.deps
        .saveKey(this.deps.apiUrl(), key)
        .then(() => this.refreshApi())
        .catch(error => this.say('error', errorText(error)));
    };
    forget.onclick = () =>
      void this.deps
        .forgetKey(this.deps.apiUrl())
        .then(() => this.refreshApi())
        .catch(error => this.say('error', errorText(error)));
    return form;
  }

  private showRecent(): void {
    const items = this.deps.recent.list;
    this.recentList.replaceChildren(
      ...(items.length
        ? items.map(item => {
            const button = h(
              'button',
              {
                class: 'jp-DandiBrowser-entry',
                'data-kind': 'recent',
                title: item.input
              },
              item.label
            );
            button.onclick = () => void this.openInput(item.input);
            return h('li', {}, button);
          })
        : [h('li', { class: 'jp-DandiBrowser-empty' }, 'None yet.')])
    );
  }

  private say(kind: 'error' | 'info', text: string): void {
    this.feedback.replaceChildren(...(text ? [message(kind, text)] : []));
  }
}
