import { containerFields } from '../model/fields';
import { formatValue } from '../model/text';
import { h } from './dom';
import type { INwbFileModel } from '../model/nwbFile';
import type { INeurodataNode } from '../model/tree';
import { handlesType, type INwbView, type IViewContext } from './registry';

const isContainer = handlesType(
  'Subject',
  'NWBContainer',
  'NWBDataInterface',
  'MultiContainerInterface'
);

/**
 * Subject, devices, electrode groups, imaging planes, stimulus sites and
 * every other container without a richer view: its fields with their
 * values (nwbwidgets' field view), members as links. Offered only where
 * no richer view applies (the most specific type wins, as in nwbwidgets).
 */
export const fieldsView = (
  hasRicherView: (node: INeurodataNode, model: INwbFileModel) => boolean
): INwbView => ({
  id: 'fields',
  label: 'Fields',
  priority: 20,
  canHandle: (node, model) => isContainer(node) && !hasRicherView(node, model),
  async render(host: HTMLElement, context: IViewContext) {
    const fields = containerFields(context.node);
    const table = h('table', {
      class: 'jp-NwbViewer-fields',
      'data-testid': 'nwb-fields'
    });
    const row = (name: string, value: Node | string) =>
      table.append(h('tr', {}, h('th', {}, name), h('td', {}, value)));
    for (const [name, value] of fields.attributes) {
      row(name, value);
    }
    for (const node of fields.values) {
      row(node.name, formatValue(await context.read(node.path)));
    }
    for (const node of fields.members) {
      const link = h(
        'button',
        { class: 'jp-NwbViewer-link' },
        node.softLink ? `→ ${node.softLink}` : (node.neurodataType ?? node.kind)
      );
      link.onclick = () => context.select(node.softLink ?? node.path);
      row(node.name, link);
    }
    if (!table.children.length) {
      row('(no fields)', '');
    }
    host.append(table);
  }
});
