import { filterNote, followFilter, keptOf } from '../filter/honour';
import { formatValue } from '../model/text';
import { intervalTables } from '../spikes/trialsData';
import {
  readUnitProperties,
  unitOrder,
  type IUnitProperty
} from '../spikes/unitProperties';
import { SpikeTrains, unitsLayout } from '../spikes/unitSpikes';
import { button } from './controls';
import { h, message } from './dom';
import { handlesType, type INwbView, type IViewContext } from './registry';
import { rowsOf } from '../tables/tablePage';

const PAGE_ROWS = 100;

/**
 * Units with their metrics (spike count, quality metrics, the electrode's
 * brain region …): click a header to sort, a row to see its raster.
 */
export const unitsTableView: INwbView = {
  id: 'units',
  label: 'Units',
  priority: 55,
  canHandle: handlesType('Units'),
  async render(host: HTMLElement, context: IViewContext) {
    const found = unitsLayout(context.node);
    if ('reason' in found) {
      host.append(
        message(
          'info',
          `Cannot display ${context.node.path} as a units table because ${found.reason}; the Table view shows its columns.`
        )
      );
      return;
    }
    const units = found.layout.units;
    const ids = found.layout.idPath
      ? rowsOf(await context.read(found.layout.idPath, [[0, units]]), units)
      : Array.from({ length: units }, (_, u) => u);
    const counts = await new SpikeTrains(context.read, found.layout).counts();
    const properties: IUnitProperty[] = [
      { name: 'spike count', numeric: true, values: Array.from(counts) },
      ...(await readUnitProperties(context.read, context.model, context.node))
    ];
    const target = intervalTables(context.model).length ? 'psth' : 'raster';
    let sortBy: IUnitProperty | undefined;
    let descending = false;
    let start = 0;
    const pager = h('div', { class: 'jp-NwbViewer-toolbar' });
    const grid = h('div', { class: 'jp-NwbViewer-tableWrap' });
    host.append(pager, grid);

    const show = () => {
      const order = keptOf(
        context,
        context.node.path,
        unitOrder(units, sortBy)
      );
      if (descending) {
        order.reverse();
      }
      const page = order.slice(start, start + PAGE_ROWS);
      const head = h(
        'tr',
        {},
        h('th', {}, 'id'),
        ...properties.map(p => {
          const arrow = p === sortBy ? (descending ? ' ▼' : ' ▲') : '';
          const th = h(
            'th',
            {
              class: 'jp-NwbViewer-sortable',
              title: `Sort by ${p.name}`,
              'data-column': p.name
            },
            `${p.name}${arrow}`
          );
          th.onclick = () => {
            descending = p === sortBy ? !descending : false;
            sortBy = p;
            start = 0;
            show();
          };
          return th;
        })
      );
      const body = page.map(u => {
        const tr = h(
          'tr',
          { class: 'jp-NwbViewer-clickable', 'data-unit': u },
          h('td', {}, formatValue(ids[u])),
          ...properties.map(p => h('td', {}, cell(p.values[u])))
        );
        tr.title = `Show the ${target === 'psth' ? 'trial-aligned raster' : 'raster'} of unit ${formatValue(ids[u])}`;
        tr.onclick = () =>
          context.open?.(context.node.path, target, { unit: u });
        return tr;
      });
      grid.replaceChildren(
        h(
          'table',
          { class: 'jp-NwbViewer-table', 'data-testid': 'nwb-units-table' },
          h('thead', {}, head),
          h('tbody', {}, ...body)
        )
      );
      const prev = button('◀ Previous', 'Previous units');
      const next = button('Next ▶', 'Next units');
      prev.disabled = start === 0;
      next.disabled = start + PAGE_ROWS >= order.length;
      prev.onclick = () => {
        start = Math.max(0, start - PAGE_ROWS);
        show();
      };
      next.onclick = () => {
        start += PAGE_ROWS;
        show();
      };
      pager.replaceChildren(
        prev,
        next,
        h(
          'span',
          { class: 'jp-NwbViewer-range' },
          `units ${Math.min(order.length, start + 1)}–${Math.min(order.length, start + PAGE_ROWS)} of ${order.length}${filterNote(context, context.node.path)} · click a header to sort, a row for its raster`
        )
      );
    };
    followFilter(context, context.node.path, () => {
      start = 0;
      show();
    });
    show();
  }
};

function cell(value: number | string): string {
  return typeof value === 'number' && !Number.isInteger(value)
    ? String(Number(value.toPrecision(4)))
    : formatValue(value);
}
