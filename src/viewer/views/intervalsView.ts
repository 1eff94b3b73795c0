import { formatValue } from '../model/text';
import { h, message } from './dom';
import { intervalGaps, intervalTraces, isCategorical } from './intervalTraces';
import type { IPlotElement } from './cursorLine';
import { loadPlotly, themeLayout } from './plotly';
import { handlesType, type INwbView, type IViewContext } from './registry';
import { tableLayout } from '../tables/tableColumns';
import { TimeLink } from './timeLink';
import { jumpToTrial } from '../explorer/trialJump';
import { pickUnlessDoubleClick } from '../explorer/pickUnlessDoubleClick';
import type { ITimeSpan } from '../model/sharedTime';

/** Rows beyond this are not drawn (the table view pages through them). */
const MAX_ROWS = 50000;

/** Trials, epochs or any TimeIntervals as a timeline, coloured by a column. */
export const intervalsView: INwbView = {
  id: 'timeline',
  label: 'Timeline',
  priority: 40,
  canHandle: handlesType('TimeIntervals'),
  async render(host: HTMLElement, context: IViewContext) {
    const layout = tableLayout(context.node);
    const column = (name: string) => layout.columns.find(c => c.name === name);
    const start = column('start_time');
    const stop = column('stop_time');
    if (!start || !stop) {
      host.append(
        message(
          'info',
          `Cannot display ${context.node.path} as a timeline because it has no start_time/stop_time columns.`
        )
      );
      return;
    }
    const rows = Math.min(layout.rows, MAX_ROWS);
    const [starts, stops] = (await Promise.all(
      [start, stop].map(c => context.read(c.path, [[0, rows]]))
    )) as ArrayLike<number>[];
    // Colour candidates: plain 1-D columns other than the times.
    const candidates = layout.columns.filter(
      c =>
        c.indexPaths.length === 0 &&
        (c.shape?.length ?? 0) === 1 &&
        !/_time$/.test(c.name) &&
        !c.neurodataType?.includes('Region')
    );
    const select = h(
      'select',
      { class: 'jp-NwbViewer-select', 'aria-label': 'colour by' },
      h('option', { value: '' }, '(none)')
    );
    const categories = new Map<string, string[]>();
    for (const c of candidates) {
      const values = Array.from(
        (await context.read(c.path, [[0, rows]])) as ArrayLike<unknown>,
        v => formatValue(v)
      );
      if (isCategorical(values)) {
        categories.set(c.name, values);
        select.append(h('option', { value: c.name }, c.name));
      }
    }
    const plot = h('div', {
      class: 'jp-NwbViewer-plot',
      'data-testid': 'nwb-timeline'
    });
    const note =
      rows < layout.rows ? ` (first ${rows} of ${layout.rows} rows)` : '';
    const gaps = intervalGaps(starts, stops);
    host.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        h('label', {}, 'colour by ', select),
        h('span', { class: 'jp-NwbViewer-range' }, `${rows} intervals${note}`)
      ),
      plot
    );
    if (gaps) {
      // Say why rows are missing from the plot instead of drawing less silently.
      plot.before(message('info', `Not every row is an interval: ${gaps}.`));
    }
    const plotly = await loadPlotly();
    context.signal.addEventListener('abort', () => plotly.purge(plot));
    // The tab's window as this timeline's x range; null: every interval.
    let shown: ITimeSpan | null = context.time?.window ?? null;
    const range = (w: ITimeSpan) => [w.start, w.start + w.length];
    const link = new TimeLink(
      context,
      {
        window: () => shown,
        show: async w => {
          shown = w;
          await plotly.relayout(plot, { 'xaxis.range': range(w) });
        }
      },
      { plot }
    );
    const draw = () => {
      const traces = intervalTraces(
        starts,
        stops,
        categories.get(select.value)
      );
      const theme = themeLayout(plot);
      const axis = theme.xaxis as Record<string, unknown>;
      return plotly.react(
        plot,
        traces.map(t => ({
          type: 'scatter',
          mode: t.kind === 'line' ? 'lines' : 'markers',
          x: t.x,
          y: t.y,
          name: t.kind === 'line' ? t.name : `${t.name} (no stop_time)`,
          line: { width: 3 },
          marker: { symbol: 'line-ns-open', size: 10, line: { width: 2 } },
          connectgaps: false
        })),
        {
          ...theme,
          margin: { l: 60, r: 10, t: 10, b: 40 },
          showlegend: traces.length > 1,
          xaxis: {
            ...axis,
            title: { text: 'time (s)' },
            ...(shown ? { range: range(shown) } : {})
          },
          yaxis: {
            ...axis,
            title: { text: 'row' },
            autorange: 'reversed'
          }
        },
        { responsive: true, displaylogo: false }
      );
    };
    select.onchange = () => void draw();
    await draw();
    await link.drawn();
    listenForTime(plot as IPlotElement, {
      zoomed: w => {
        shown = w;
        if (w) {
          link.publish(w);
        }
      },
      // The click is the timeline's (not a cursor move) even before it is a pick.
      claimed: () => link.claimClick(),
      picked: row => {
        // A picked interval (a trial) moves every view of the tab to it.
        if (context.time) {
          void jumpToTrial(context.read, context.node, row, context.time);
        }
      }
    });
  }
};

/** A user's zoom or pan (null: back to every interval) and a click on an interval's line. */
function listenForTime(
  plot: IPlotElement,
  on: {
    zoomed(w: ITimeSpan | null): void;
    claimed(): void;
    picked(row: number): void;
  }
): void {
  plot.on?.('plotly_relayout', event => {
    const [r0, r1] = (
      (event['xaxis.range'] as number[] | undefined) ?? [
        event['xaxis.range[0]'],
        event['xaxis.range[1]']
      ]
    ).map(Number);
    if (Number.isFinite(r0) && Number.isFinite(r1) && r1 > r0) {
      on.zoomed({ start: r0, length: r1 - r0 });
    } else if (event['xaxis.autorange']) {
      on.zoomed(null);
    }
  });
  // A double click shows every interval: its first click picks nothing.
  const clicks = pickUnlessDoubleClick(on.picked);
  plot.on?.('plotly_doubleclick', () => clicks.doubleClick());
  plot.on?.('plotly_click', event => {
    const points = event.points as { y?: unknown }[] | undefined;
    const row = Number(points?.[0]?.y);
    if (Number.isInteger(row) && row >= 0) {
      on.claimed();
      clicks.click(row);
    }
  });
}
