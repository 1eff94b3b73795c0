import { NWB1_LIMITS } from '../model/nwb1';
import { h, fieldTable, formatBytes, message } from './dom';
import { handlesType, type INwbView, type IViewContext } from './registry';

/** Types that are parts of tables or files rather than things to look at. */
const PART_TYPES = new Set([
  'VectorData',
  'VectorIndex',
  'ElementIdentifiers',
  'DynamicTableRegion'
]);

/** The session card: who, when, what is in the file. */
export const overviewView: INwbView = {
  id: 'overview',
  label: 'Overview',
  priority: 100,
  canHandle: handlesType('NWBFile'),
  async render(host: HTMLElement, context: IViewContext) {
    const { model } = context;
    const o = model.overview;
    const card = h('div', {
      class: 'jp-NwbViewer-overview',
      'data-testid': 'nwb-overview'
    });
    card.append(h('h2', {}, o.identifier ?? model.filename));
    const open = context.open;
    if (open && context.viewIdsFor?.('/').includes('explorer')) {
      const explore = h(
        'button',
        {
          class: 'jp-NwbViewer-button',
          title:
            'Trials, units, behaviour and video of this session on one time axis'
        },
        'Open session explorer'
      );
      explore.onclick = () => open('/', 'explorer');
      card.append(explore);
    }
    if (model.nwb1) {
      card.append(
        message(
          'info',
          `This is an NWB 1.x file (${model.nwb1}): ${NWB1_LIMITS}.`
        )
      );
    }
    if (o.sessionDescription) {
      card.append(
        h('p', { class: 'jp-NwbViewer-description' }, o.sessionDescription)
      );
    }
    card.append(
      fieldTable([
        ['Session start', o.sessionStartTime],
        ['NWB version', o.nwbVersion],
        ['File', `${model.filename} (${formatBytes(model.size)})`],
        [
          'Namespaces',
          Object.entries(model.specs.namespaces)
            .map(([n, v]) => `${n} ${v}`)
            .join(', ') || '(none cached)'
        ],
        ...Object.entries(o.general).map(
          ([k, v]) => [k.replace(/_/g, ' '), v] as [string, string]
        )
      ])
    );
    if (Object.keys(o.subject).length) {
      card.append(
        h('h3', {}, 'Subject'),
        fieldTable(
          Object.entries(o.subject).map(([k, v]) => [k.replace(/_/g, ' '), v])
        )
      );
    }
    if (o.devices.length) {
      card.append(
        h('h3', {}, 'Devices'),
        fieldTable(
          o.devices.map(d => [
            d.name,
            [d.description, d.manufacturer].filter(Boolean).join(' · ') || '—'
          ])
        )
      );
    }
    const counts = Object.entries(model.counts)
      .filter(([type]) => !PART_TYPES.has(type))
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    card.append(
      h('h3', {}, 'Neurodata objects'),
      fieldTable(
        counts.map(([type, n]) => [type, String(n)]),
        'jp-NwbViewer-fields jp-NwbViewer-counts'
      )
    );
    host.append(card);
  }
};
