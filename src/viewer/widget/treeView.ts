import type { INeurodataNode } from '../model/tree';
import { h } from '../views/dom';
import { rowTitle, searchTree, treeChildren } from './treeNodes';

/** Depth down to which the tree starts expanded. */
const OPEN_DEPTH = 2;

/**
 * The neurodata tree with a search box. Pure DOM; it reports selections
 * through `onSelect` and never reads the file itself.
 */
export class TreeView {
  readonly node: HTMLElement;
  private readonly list = h('ul', {
    class: 'jp-NwbViewer-tree',
    role: 'tree',
    'data-testid': 'nwb-tree'
  });
  private readonly search = h('input', {
    type: 'search',
    class: 'jp-NwbViewer-search',
    placeholder: 'Search path or type…',
    'aria-label': 'Search neurodata objects'
  });
  private readonly open = new Set<string>();
  private selected = '/';

  constructor(
    private readonly root: INeurodataNode,
    private readonly onSelect: (path: string) => void
  ) {
    this.node = h(
      'div',
      { class: 'jp-NwbViewer-sidebar' },
      this.search,
      this.list
    );
    const walk = (node: INeurodataNode, depth: number) => {
      if (depth < OPEN_DEPTH) {
        this.open.add(node.path);
        treeChildren(node).forEach(c => walk(c, depth + 1));
      }
    };
    walk(root, 0);
    this.search.oninput = () => this.render();
    this.render();
  }

  select(path: string): void {
    this.selected = path;
    // Reveal the selection: open every ancestor.
    const parts = path.split('/').filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      this.open.add(i === 0 ? '/' : `/${parts.slice(0, i).join('/')}`);
    }
    this.render();
  }

  private render(): void {
    const query = this.search.value;
    if (query.trim()) {
      const hits = searchTree(this.root, query);
      this.list.replaceChildren(
        ...hits.map(n => this.item(n, n.path, false)),
        ...(hits.length
          ? []
          : [h('li', { class: 'jp-NwbViewer-empty' }, 'No object matches.')])
      );
    } else {
      this.list.replaceChildren(this.branch(this.root));
    }
  }

  private branch(node: INeurodataNode): HTMLElement {
    const children = treeChildren(node);
    const item = this.item(node, node.name || '/', children.length > 0);
    if (children.length && this.open.has(node.path)) {
      item.append(
        h('ul', { role: 'group' }, ...children.map(c => this.branch(c)))
      );
    }
    return item;
  }

  private item(
    node: INeurodataNode,
    label: string,
    expandable: boolean
  ): HTMLElement {
    const isOpen = this.open.has(node.path);
    const caret = h(
      'span',
      { class: 'jp-NwbViewer-caret' },
      expandable ? (isOpen ? '▾' : '▸') : ''
    );
    caret.onclick = event => {
      event.stopPropagation();
      if (isOpen) {
        this.open.delete(node.path);
      } else {
        this.open.add(node.path);
      }
      this.render();
    };
    const row = h(
      'div',
      {
        class: `jp-NwbViewer-treeRow${node.path === this.selected ? ' jp-mod-selected' : ''}`,
        title: rowTitle(node)
      },
      caret,
      h('span', { class: 'jp-NwbViewer-name' }, label),
      node.neurodataType
        ? h('span', { class: 'jp-NwbViewer-typeBadge' }, node.neurodataType)
        : null,
      node.externalLink
        ? h(
            'span',
            { class: 'jp-NwbViewer-typeBadge' },
            `→ ${node.externalLink.file}`
          )
        : null
    );
    row.onclick = () => this.onSelect(node.path);
    return h(
      'li',
      {
        role: 'treeitem',
        'data-path': node.path,
        'data-type': node.neurodataType,
        'aria-expanded': expandable ? String(isOpen) : undefined
      },
      row
    );
  }
}
