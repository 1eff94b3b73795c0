/**
 * The region view: units of every session pooled by region at one level,
 * a table of regions (units, sessions, median rate); the selected region's
 * firing-rate distribution and pooled PSTH.
 */
import { h } from '../viewer/views/dom';
import { groupColors } from '../viewer/views/palette';
import { PlotHost, themeLayout } from '../viewer/views/plotly';
import { rateHistogramFigure } from './pooledFigure';
import { psthSection, type IPsthSectionOptions } from './psthSection';
import type { RegionLevel } from './regionLevels';
import { regionRows, type IRegionRow } from './regionTable';
import type { ISessionSummary } from './sessionSummary';

export interface IRegionViewOptions extends Pick<
  IPsthSectionOptions,
  'open' | 'drill'
> {
  readonly level: RegionLevel;
  readonly sessions: readonly ISessionSummary[];
  readonly selected?: string;
  readonly onSelect: (region: string) => void;
  readonly signal: AbortSignal;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function regionView(o: IRegionViewOptions): HTMLElement {
  const rows = regionRows(o.sessions, o.level);
  const details = h('div', { class: 'jp-NwbCollection-regionDetails' });
  const table = regionTable(rows, o.selected, o.onSelect);
  const selected = rows.find(r => r.region === o.selected);
  if (selected) {
    details.append(regionDetails(selected, o));
  } else {
    details.append(
      h(
        'p',
        {},
        'Pick a region to see its units’ firing rates and pooled PSTH.'
      )
    );
  }
  return h(
    'div',
    {
      class: 'jp-NwbCollection-regionView',
      'data-testid': 'collection-regions'
    },
    h('div', { class: 'jp-NwbCollection-regionList' }, table),
    details
  );
}

function regionTable(
  rows: readonly IRegionRow[],
  selected: string | undefined,
  onSelect: (region: string) => void
): HTMLTableElement {
  const body = h('tbody');
  for (const row of rows) {
    const rate = median(row.rates);
    const tr = h(
      'tr',
      {
        class: row.region === selected ? 'jp-mod-selected' : undefined,
        'data-region': row.region,
        tabindex: 0,
        role: 'button'
      },
      h('td', {}, row.region),
      h('td', {}, String(row.units)),
      h('td', {}, String(row.sessions)),
      h('td', {}, Number.isFinite(rate) ? rate.toFixed(2) : '')
    );
    tr.onclick = () => onSelect(row.region);
    tr.onkeydown = event => event.key === 'Enter' && onSelect(row.region);
    body.append(tr);
  }
  return h(
    'table',
    { class: 'jp-NwbViewer-table jp-NwbCollection-regionTable' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['region', 'units', 'sessions', 'median rate (Hz)'].map(t =>
          h('th', {}, t)
        )
      )
    ),
    body
  );
}

function regionDetails(row: IRegionRow, o: IRegionViewOptions): HTMLElement {
  const histogram = h('div', {
    class: 'jp-NwbCollection-histogram',
    'data-testid': 'collection-rates'
  });
  const host = new PlotHost(histogram, o.signal);
  requestAnimationFrame(() => {
    const figure = rateHistogramFigure(
      row.rates,
      groupColors(histogram)[0],
      themeLayout(histogram),
      `${row.region}: firing rates of ${row.rates.length} units`
    );
    void host.react(figure.data, figure.layout, {
      displaylogo: false,
      responsive: true
    });
  });
  return h(
    'div',
    {},
    h(
      'h3',
      {},
      `${row.region} — ${row.units} units in ${row.sessions} sessions`
    ),
    histogram,
    psthSection({ ...o, region: row.region })
  );
}
