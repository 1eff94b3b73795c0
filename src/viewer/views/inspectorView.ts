import { formatValue } from '../model/text';
import { fieldTable, h } from './dom';
import { membersSection, valuesSection } from './inspectorValues';
import type { INwbView, IViewContext } from './registry';

/** Raw HDF5 facts of any object: kind, link, dtype, shape, chunks, filters, attributes. */
export const inspectorView: INwbView = {
  id: 'inspect',
  label: 'HDF5',
  priority: 0,
  canHandle: () => true,
  async render(host: HTMLElement, context: IViewContext) {
    host.append(await inspect(context));
  }
};

export async function inspect(context: IViewContext): Promise<HTMLElement> {
  const { node, source } = context;
  const box = h('div', {
    class: 'jp-NwbViewer-inspector',
    'data-testid': 'nwb-inspector'
  });
  const rows: [string, string | undefined][] = [
    ['Path', node.path],
    ['Kind', node.kind],
    [
      'Neurodata type',
      node.neurodataType
        ? `${node.neurodataType} (${node.namespace ?? '?'})`
        : undefined
    ],
    [
      'Type ancestry',
      node.ancestry.length > 1 ? node.ancestry.join(' → ') : undefined
    ],
    ['Soft link to', node.softLink],
    [
      'External link to',
      node.externalLink
        ? `${node.externalLink.file}:${node.externalLink.path}`
        : undefined
    ]
  ];
  let values: HTMLElement | null = null;
  if (node.kind === 'dataset' && !node.externalLink) {
    const info = await source.info(node.path);
    values = await valuesSection(context, info.shape);
    rows.push(
      ['Dtype', `${info.dtype} (${info.typeClass}, ${info.itemSize} bytes)`],
      ['Shape', info.shape ? `[${info.shape.join(', ')}]` : 'null (empty)'],
      [
        'Max shape',
        info.maxshape
          ? `[${info.maxshape.map(d => (d < 0 || d > 2 ** 52 ? '∞' : d)).join(', ')}]`
          : undefined
      ],
      ['Chunks', info.chunks ? `[${info.chunks.join(', ')}]` : 'contiguous'],
      ['Filters', info.filters.map(f => f.name).join(', ') || 'none']
    );
  }
  if (node.kind === 'group') {
    rows.push(['Members', String(node.children.length)]);
  }
  box.append(fieldTable(rows));
  if (values) {
    box.append(h('h3', {}, 'Values'), values);
  }
  if (node.kind === 'group' && node.children.length) {
    box.append(h('h3', {}, 'Members'), membersSection(node, context.select));
  }
  const attrs = Object.entries(node.attrs);
  if (attrs.length) {
    box.append(
      h('h3', {}, 'Attributes'),
      fieldTable(attrs.map(([k, v]) => [k, formatValue(v, 16)]))
    );
  }
  return box;
}
