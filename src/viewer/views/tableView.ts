import { h, message } from './dom';
import { handlesType, type INwbView, type IViewContext } from './registry';
import { tableLayout } from '../tables/tableColumns';
import { readTablePage } from '../tables/tablePage';
import { jumpToTrial } from '../explorer/trialJump';

const PAGE_ROWS = 50;

/** Any DynamicTable (trials, units, electrodes, …) as a paged grid. */
export const tableView: INwbView = {
  id: 'table',
  label: 'Table',
  priority: 50,
  canHandle: handlesType('DynamicTable'),
  async render(host: HTMLElement, context: IViewContext) {
    const layout = tableLayout(context.node);
    if (layout.columns.length === 0) {
      host.append(
        message(
          'info',
          `Cannot display ${context.node.path} as a table because it has no columns.`
        )
      );
      return;
    }
    // Rows of an intervals table (trials) move the tab's time views to them.
    const time = context.time;
    const jumps =
      time &&
      context.node.ancestry.includes('TimeIntervals') &&
      layout.columns.some(c => c.name === 'start_time');
    const idCell = (id: string, row: number) => {
      if (!jumps) {
        return h('td', {}, id);
      }
      const go = h(
        'button',
        {
          class: 'jp-NwbViewer-link',
          title: 'Show this interval in every time view of the tab',
          'data-row': row
        },
        id
      );
      go.onclick = () =>
        void jumpToTrial(context.read, context.node, row, time);
      return h('td', {}, go);
    };
    const pager = h('div', { class: 'jp-NwbViewer-toolbar' });
    const grid = h('div', { class: 'jp-NwbViewer-tableWrap' });
    host.append(pager, grid);

    const show = async (start: number) => {
      const page = await readTablePage(
        context.read,
        layout,
        start,
        start + PAGE_ROWS
      );
      const head = h(
        'tr',
        {},
        h('th', {}, 'id'),
        ...layout.columns.map(c =>
          h('th', { title: c.description ?? '' }, c.name)
        )
      );
      const body = page.cells.map((row, r) =>
        h(
          'tr',
          {},
          idCell(page.ids[r], start + r),
          ...row.map(cell => h('td', { title: cell }, cell))
        )
      );
      const table = h(
        'table',
        { class: 'jp-NwbViewer-table', 'data-testid': 'nwb-table' },
        h('thead', {}, head),
        h('tbody', {}, ...body)
      );
      grid.replaceChildren(table);
      const stop = Math.min(layout.rows, start + PAGE_ROWS);
      const prev = h(
        'button',
        { class: 'jp-NwbViewer-button', disabled: start === 0 },
        '◀ Previous'
      );
      const next = h(
        'button',
        { class: 'jp-NwbViewer-button', disabled: stop >= layout.rows },
        'Next ▶'
      );
      prev.onclick = () => void show(Math.max(0, start - PAGE_ROWS));
      next.onclick = () => void show(start + PAGE_ROWS);
      pager.replaceChildren(
        prev,
        next,
        h(
          'span',
          { class: 'jp-NwbViewer-range' },
          `rows ${layout.rows ? start + 1 : 0}–${stop} of ${layout.rows} · ${layout.columns.length} columns`
        )
      );
    };
    await show(0);
  }
};
