import type { INeurodataNode } from '../model/tree';
import { button, labelled, numberBox } from './controls';
import { fieldTable, h, message } from './dom';
import { valuePage, valueRows } from './datasetValues';
import type { IViewContext } from './registry';

/**
 * The values of a dataset for the inspector: small datasets whole, larger
 * ones one page at a time (only that page is read).
 */
export async function valuesSection(
  context: IViewContext,
  shape: number[] | null
): Promise<HTMLElement> {
  const section = h('div', { 'data-testid': 'nwb-inspector-values' });
  const first = valuePage(shape);
  if (!first) {
    section.append(h('p', {}, 'No values (the dataset is empty).'));
    return section;
  }
  const body = h('div', {});
  const show = async (page: number) => {
    const slice = valuePage(shape, page)!;
    try {
      const values = await context.read(context.node.path, slice.slice);
      const note = slice.innerClipped
        ? h('p', {}, 'Inner dimensions cut to their first entries.')
        : null;
      body.replaceChildren(
        fieldTable(valueRows(values, slice), 'jp-NwbViewer-fields'),
        ...(note ? [note] : [])
      );
    } catch (error) {
      body.replaceChildren(
        message(
          'error',
          `Cannot show the values of ${context.node.path}: ${(error as Error).message}`
        )
      );
    }
    return slice;
  };
  if (first.pages > 1) {
    const box = numberBox('values page', 1, 1);
    box.min = '1';
    box.max = String(first.pages);
    const [prev, next] = [
      button('◀', 'Previous values'),
      button('▶', 'Next values')
    ];
    const go = async (page: number) => {
      const shown = await show(page);
      box.value = String(shown.page + 1);
    };
    prev.onclick = () => void go(Number(box.value) - 2);
    next.onclick = () => void go(Number(box.value));
    box.onchange = () => void go(Number(box.value) - 1);
    section.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        prev,
        labelled('page', box),
        h('span', {}, `of ${first.pages}`),
        next
      )
    );
  }
  section.append(body);
  await show(0);
  return section;
}

/** A group's members by name; each name opens that member. */
export function membersSection(
  node: INeurodataNode,
  select: (path: string) => void
): HTMLElement {
  const table = h('table', {
    class: 'jp-NwbViewer-fields',
    'data-testid': 'nwb-inspector-members'
  });
  for (const child of node.children) {
    const open = h('button', { class: 'jp-NwbViewer-link' }, child.name);
    open.onclick = () => select(child.path);
    const what = [
      child.neurodataType,
      child.softLink
        ? `link to ${child.softLink}`
        : child.externalLink
          ? `external link to ${child.externalLink.file}`
          : child.kind,
      child.kind === 'dataset' && child.shape !== undefined
        ? child.shape === null
          ? 'empty'
          : `[${child.shape.join(', ')}]`
        : undefined,
      child.dtype
    ]
      .filter(Boolean)
      .join(' · ');
    table.append(h('tr', {}, h('th', {}, open), h('td', {}, what)));
  }
  return table;
}
