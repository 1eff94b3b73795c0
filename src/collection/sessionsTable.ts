/** The sessions table: one row per indexed file, sortable by its column headers. */
import { h } from '../viewer/views/dom';
import type { RegionLevel } from './regionLevels';
import {
  orderSessions,
  sessionRegions,
  type ISessionOrder,
  type SessionColumn
} from './sessionOrder';
import type { ISessionSummary } from './sessionSummary';

const SHOWN_REGIONS = 6;

const COLUMNS: SessionColumn[] = [
  'subject',
  'date',
  'lab',
  'probes',
  'units',
  'trials',
  'regions'
];

/** A header that sorts by its column when clicked (or Enter / Space: it is a button). */
function header(
  column: SessionColumn,
  order: ISessionOrder | null,
  onSort: (column: SessionColumn) => void
): HTMLTableCellElement {
  const sorted = order?.column === column;
  const direction = sorted
    ? order.descending
      ? 'descending'
      : 'ascending'
    : 'none';
  const sort = h(
    'button',
    {
      class: 'jp-NwbCollection-sort',
      title: `Sort the sessions by ${column}`
    },
    column,
    sorted ? (order.descending ? ' ▼' : ' ▲') : ''
  );
  sort.onclick = () => onSort(column);
  return h('th', { 'aria-sort': direction, 'data-column': column }, sort);
}

export function sessionsTable(
  summaries: readonly ISessionSummary[],
  level: RegionLevel,
  open: (path: string) => void,
  order: ISessionOrder | null = null,
  onSort?: (column: SessionColumn) => void
): HTMLTableElement {
  const table = h(
    'table',
    {
      class: 'jp-NwbViewer-table jp-NwbCollection-sessions',
      'data-testid': 'collection-sessions'
    },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...COLUMNS.map(c =>
          onSort ? header(c, order, onSort) : h('th', {}, c)
        ),
        h('th', {}, '')
      )
    )
  );
  const body = h('tbody');
  for (const s of orderSessions(summaries, order, level)) {
    const regions = sessionRegions(s, level);
    const shown = regions.slice(0, SHOWN_REGIONS).join(', ');
    const more = regions.length > SHOWN_REGIONS ? ` … (${regions.length})` : '';
    const openButton = h(
      'button',
      {
        class: 'jp-NwbViewer-button',
        title: `Open ${s.path} in the NWB viewer`
      },
      'open'
    );
    openButton.onclick = () => open(s.path);
    body.append(
      h(
        'tr',
        { title: [s.path, ...s.notes].join('\n'), 'data-path': s.path },
        h('td', {}, s.subject),
        h('td', {}, s.start.slice(0, 10)),
        h('td', {}, s.lab),
        h('td', { title: s.probes.join(', ') }, String(s.probes.length)),
        h('td', {}, String(s.units)),
        h('td', {}, String(s.trials)),
        h('td', { title: regions.join(', ') }, shown + more),
        h('td', {}, openButton)
      )
    );
  }
  table.append(body);
  return table;
}
