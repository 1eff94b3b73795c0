/** The sessions table: one row per indexed file. */
import { h } from '../viewer/views/dom';
import type { RegionLevel } from './regionLevels';
import { UNKNOWN_REGION, type ISessionSummary } from './sessionSummary';

const SHOWN_REGIONS = 6;

/** Distinct known regions of a session at `level`, most units first. */
export function sessionRegions(
  summary: ISessionSummary,
  level: RegionLevel
): string[] {
  const counts = new Map<string, number>();
  for (const r of summary.unitRegions[level]) {
    if (r !== UNKNOWN_REGION) {
      counts.set(r, (counts.get(r) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([r]) => r);
}

export function sessionsTable(
  summaries: readonly ISessionSummary[],
  level: RegionLevel,
  open: (path: string) => void
): HTMLTableElement {
  const head = [
    'subject',
    'date',
    'lab',
    'probes',
    'units',
    'trials',
    'regions',
    ''
  ];
  const table = h(
    'table',
    {
      class: 'jp-NwbViewer-table jp-NwbCollection-sessions',
      'data-testid': 'collection-sessions'
    },
    h('thead', {}, h('tr', {}, ...head.map(t => h('th', {}, t))))
  );
  const body = h('tbody');
  for (const s of summaries) {
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
