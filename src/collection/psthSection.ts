/**
 * The pooled PSTH of the selected region: align / group / window controls,
 * the plot, and the pooled units with a way into the single-file viewer.
 * Spikes are read only here, only for the region's units, a few sessions
 * at a time.
 */
import { binEdges } from '../viewer/spikes/psth';
import {
  button,
  labelled,
  numberBox,
  selectBox,
  setOptions
} from '../viewer/views/controls';
import { h } from '../viewer/views/dom';
import { groupColors } from '../viewer/views/palette';
import { PlotHost, themeLayout } from '../viewer/views/plotly';
import { MAX_GROUPS } from '../viewer/spikes/trialGroups';
import { pooledPsthFigure } from './pooledFigure';
import { poolUnitPsths } from './poolPsth';
import type { IOpenedForIndex } from './collectionIndex';
import type { RegionLevel } from './regionLevels';
import {
  sessionRegionPsth,
  unitsInRegion,
  type IPsthRequest,
  type IUnitPsth
} from './regionPsth';
import type { ISessionSummary } from './sessionSummary';

/** Events offered first, as the viewer's PSTH does. */
const PREFERRED_EVENTS = [
  'gabor_stimulus_onset_time',
  'stimOn_time',
  'stim_on_time',
  'start_time'
];
const PREFERRED_GROUPS = ['gabor_stimulus_contrast', 'contrast', 'choice'];
/** Units listed under the plot (the rest are counted). */
const LISTED_UNITS = 200;

export interface IPsthSectionOptions {
  readonly level: RegionLevel;
  readonly region: string;
  readonly sessions: readonly ISessionSummary[];
  readonly open: (path: string) => Promise<IOpenedForIndex>;
  readonly drill: (path: string, unit: number, groupBy?: string) => void;
  readonly signal: AbortSignal;
}

export function psthSection(o: IPsthSectionOptions): HTMLElement {
  const sessions = o.sessions.filter(
    s => unitsInRegion(s, o.level, o.region).length > 0 && s.trials > 0
  );
  // Offer what every session with the region has, so no session is left out silently.
  const common = (pick: (s: ISessionSummary) => string[]) =>
    sessions.length
      ? pick(sessions[0]).filter(c => sessions.every(s => pick(s).includes(c)))
      : [];
  const events = common(s => s.trialEvents);
  const columns = common(s => s.trialColumns);
  const alignBox = selectBox('align to', []);
  setOptions(
    alignBox,
    events.map(e => [e, e]),
    PREFERRED_EVENTS.find(e => events.includes(e)) ?? events[0] ?? ''
  );
  const groupBox = selectBox('group by', []);
  setOptions(
    groupBox,
    [['', '(none)'], ...columns.map(c => [c, c] as [string, string])],
    PREFERRED_GROUPS.find(c => columns.includes(c)) ?? ''
  );
  const pre = numberBox('window start (s)', -0.2, 0.1);
  const post = numberBox('window end (s)', 0.5, 0.1);
  const width = numberBox('bin width (s)', 0.025, 0.005);
  const run = button('Compute', 'Read the spikes of the region and pool them');
  run.setAttribute('data-testid', 'collection-psth-run');
  const status = h('span', {
    class: 'jp-NwbViewer-range',
    'data-testid': 'collection-psth-status'
  });
  const plot = h('div', {
    class: 'jp-NwbViewer-plot',
    'data-testid': 'collection-psth'
  });
  const unitsList = h('div', { class: 'jp-NwbCollection-units' });
  const section = h(
    'section',
    { class: 'jp-NwbCollection-psth' },
    h(
      'div',
      { class: 'jp-NwbViewer-toolbar' },
      labelled('align to', alignBox),
      labelled('group by', groupBox),
      labelled('from', pre),
      labelled('to', post),
      labelled('bin', width),
      run,
      status
    ),
    plot,
    unitsList
  );
  if (sessions.length === 0) {
    status.textContent = `No session with units in ${o.region} has a trials table.`;
    run.disabled = true;
    return section;
  }
  const host = new PlotHost(plot, o.signal);
  let current: AbortController | null = null;

  const compute = async () => {
    current?.abort();
    const abort = new AbortController();
    current = abort;
    o.signal.addEventListener('abort', () => abort.abort(), { once: true });
    const request: IPsthRequest = {
      level: o.level,
      region: o.region,
      align: alignBox.value,
      groupBy: groupBox.value || undefined,
      pre: Number(pre.value),
      post: Number(post.value),
      bin: Number(width.value)
    };
    if (!(request.post > request.pre) || !(request.bin > 0)) {
      status.textContent =
        'The window must end after it starts, with a bin width above 0.';
      return;
    }
    const edges = binEdges(request.pre, request.post, request.bin);
    const units: IUnitPsth[] = [];
    const failures: string[] = [];
    let done = 0;
    let next = 0;
    status.textContent = `Reading spikes of ${sessions.length} sessions…`;
    const worker = async () => {
      while (next < sessions.length && !abort.signal.aborted) {
        const summary = sessions[next++];
        try {
          const opened = await o.open(summary.path);
          try {
            units.push(
              ...(await sessionRegionPsth(
                opened.source,
                summary,
                request,
                edges
              ))
            );
          } finally {
            opened.close();
          }
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
        }
        done++;
        if (!abort.signal.aborted) {
          status.textContent = `Reading spikes… ${done} of ${sessions.length} sessions`;
        }
      }
    };
    await Promise.all([worker(), worker()]);
    if (abort.signal.aborted) {
      return;
    }
    const pooled = poolUnitPsths(units, edges.length - 1);
    if (pooled.length > MAX_GROUPS) {
      status.textContent = `${request.groupBy} has ${pooled.length} distinct values across the sessions; group by a column with at most ${MAX_GROUPS}.`;
      return;
    }
    const sessionCount = new Set(units.map(u => u.path)).size;
    const title = `${o.region} · ${request.align}`;
    const figure = pooledPsthFigure(
      pooled,
      edges,
      groupColors(plot),
      themeLayout(plot),
      title
    );
    await host.react(figure.data, figure.layout, {
      displaylogo: false,
      responsive: true
    });
    status.textContent = failures.length
      ? `${failures.length} sessions left out: ${failures.join(' ')}`
      : `${units.length} units pooled from ${sessionCount} sessions`;
    status.setAttribute('data-done', 'true');
    unitsList.replaceChildren(
      unitTable(units, o.sessions, request.groupBy, o.drill)
    );
  };
  run.onclick = () => void compute();
  for (const control of [alignBox, groupBox]) {
    control.onchange = () => void compute();
  }
  void compute();
  return section;
}

function unitTable(
  units: readonly IUnitPsth[],
  summaries: readonly ISessionSummary[],
  groupBy: string | undefined,
  drill: IPsthSectionOptions['drill']
): HTMLElement {
  const byPath = new Map(summaries.map(s => [s.path, s]));
  const rows = units.slice(0, LISTED_UNITS).map(u => {
    const s = byPath.get(u.path);
    const open = button(
      'open',
      `Open unit ${u.unit} of ${u.path} in the NWB viewer`
    );
    open.setAttribute('data-testid', 'collection-unit-open');
    open.onclick = () => drill(u.path, u.unit, groupBy);
    const rate = s?.firingRates?.[u.unit];
    return h(
      'tr',
      { title: u.path },
      h('td', {}, s?.subject ?? ''),
      h('td', {}, s?.start.slice(0, 10) ?? ''),
      h('td', {}, String(u.unit)),
      h('td', {}, rate === undefined ? '' : rate.toFixed(2)),
      h('td', {}, open)
    );
  });
  const more =
    units.length > LISTED_UNITS
      ? `${units.length - LISTED_UNITS} more units not listed.`
      : '';
  return h(
    'div',
    {},
    h(
      'table',
      { class: 'jp-NwbViewer-table', 'data-testid': 'collection-units' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['subject', 'date', 'unit (row)', 'rate (Hz)', ''].map(t =>
            h('th', {}, t)
          )
        )
      ),
      h('tbody', {}, ...rows)
    ),
    more
  );
}
