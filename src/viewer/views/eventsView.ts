import { eventRows } from '../events/eventRows';
import type { INwbFileModel } from '../model/nwbFile';
import { findNode, type INeurodataNode } from '../model/tree';
import { serialDraw, timeWindowToolbar } from './controls';
import { message } from './dom';
import { colorFor, groupColors } from './palette';
import { PlotHost, themeLayout } from './plotly';
import { handlesType, type INwbView, type IViewContext } from './registry';
import { timeAxis } from '../series/seriesData';
import { dataSpan, indexRange, timeSpan } from '../series/timeAxis';
import { boxesTarget, openingSpan, TimeLink } from './timeLink';

/** Events drawn per window at most (the window is clipped beyond). */
const MAX_EVENTS = 20000;

const isAnnotation = handlesType('AnnotationSeries');
const isSeries = handlesType('TimeSeries');
/** ndx-events' Events, LabeledEvents and TTLs (licks, NIDQ sync lines): times, maybe labels. */
const isNdxEvents = handlesType('Events');

const parentOf = (node: INeurodataNode, model: INwbFileModel) =>
  findNode(model.tree, node.path.slice(0, node.path.lastIndexOf('/')) || '/');

/**
 * Whether a series is a list of events: an AnnotationSeries, a series in a
 * BehavioralEvents container, or any series whose data are text.
 */
export function isEventSeries(
  node: INeurodataNode,
  model: INwbFileModel
): boolean {
  if (isAnnotation(node) || isNdxEvents(node)) {
    return true;
  }
  if (!isSeries(node)) {
    return false;
  }
  const data = node.children.find(c => c.name === 'data');
  const text = !!data?.dtype && /^(S|U|string|vlen)/i.test(data.dtype);
  return text || !!parentOf(node, model)?.ancestry.includes('BehavioralEvents');
}

/**
 * The label names a LabeledEvents' integer data index: ndx-events 0.2 keeps them in the
 * `labels` attribute of `data`, earlier versions on the group; undefined for other events.
 */
export function eventLabelNames(
  node: INeurodataNode,
  data: INeurodataNode | undefined
): string[] | undefined {
  const raw = data?.attrs.labels ?? node.attrs.labels;
  if (raw === undefined || raw === null) {
    return undefined;
  }
  const list =
    typeof raw === 'string' ? [raw] : Array.from(raw as ArrayLike<unknown>);
  return list.map(String);
}

/** Event series as ticks at their times, one row per label, windowed. */
export const eventsView: INwbView = {
  id: 'events',
  label: 'Events',
  priority: 65,
  canHandle: (node, model) => isEventSeries(node, model),
  async render(host: HTMLElement, context: IViewContext) {
    const node = context.node;
    // ndx-events' Events have timestamps and no data; LabeledEvents index their labels.
    const data = node.children.find(c => c.name === 'data');
    const stamps = node.children.find(c => c.name === 'timestamps');
    const counted = data ?? (isNdxEvents(node) ? stamps : undefined);
    const length = counted?.shape?.[0] ?? 0;
    const labelNames = eventLabelNames(node, data);
    if (!counted || length === 0) {
      const note = message(
        'info',
        `Cannot display ${node.path} as events because ${counted ? 'it has no events' : 'it has no data dataset'}.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      host.append(note);
      return;
    }
    const axis = await timeAxis(context.source, node, length);
    const { first, last, step } = await dataSpan(axis);
    // Events are sparse: open on all of them (the window is clipped beyond
    // MAX_EVENTS), or on the tab's shared window when one is set.
    const opening = openingSpan(context, first, last - first + step);
    const { start, duration, whole, status, plot } = timeWindowToolbar(
      host,
      opening.start,
      opening.length
    );
    const plotHost = new PlotHost(plot, context.signal);
    const draw = serialDraw(async () => {
      const t0 = Number(start.value);
      const t1 = t0 + Math.max(Number(duration.value), 1e-9);
      const [i0, end] = await indexRange(axis, t0, t1 + step / 2);
      const i1 = Math.min(end, i0 + MAX_EVENTS);
      const count = i1 - i0;
      const times =
        count > 0
          ? axis.kind === 'timestamps'
            ? ((await context.read(
                node.children.find(c => c.name === 'timestamps')!.path,
                [[i0, i1]]
              )) as ArrayLike<number>)
            : Array.from({ length: count }, (_, i) =>
                axis.kind === 'rate'
                  ? axis.start + (i0 + i) / axis.rate
                  : i0 + i
              )
          : [];
      const stored =
        count > 0 && data
          ? ((await context.read(data.path, [[i0, i1]])) as ArrayLike<unknown>)
          : null;
      const labels =
        stored && labelNames
          ? Array.from(stored, v => labelNames[Number(v)] ?? String(v))
          : stored;
      const events = eventRows(times, labels, node.name);
      const colors = groupColors(plot);
      status.textContent = `${count} events${i1 < end ? ` (clipped at ${MAX_EVENTS})` : ''} of ${length}`;
      const theme = themeLayout(plot);
      const axisStyle = theme.xaxis as Record<string, unknown>;
      await plotHost.react(
        events.rows.map((name, r) => {
          const mine = events.row.flatMap((row, i) => (row === r ? [i] : []));
          return {
            type: 'scatter',
            mode: 'markers',
            name,
            x: mine.map(i => events.time[i]),
            y: mine.map(() => r),
            text: mine.map(i => events.text[i]),
            hoverinfo: 'x+text',
            marker: {
              symbol: 'line-ns-open',
              size: 16,
              line: { width: 2 },
              color: colorFor(colors, r)
            }
          };
        }),
        {
          ...theme,
          margin: { l: 120, r: 10, t: 10, b: 40 },
          showlegend: false,
          height: Math.max(160, 60 + events.rows.length * 28),
          // The window, not plotly's autorange over the ticks: a time view
          // shows the tab's window (and its cursor) even where it holds few
          // or no events.
          xaxis: {
            ...axisStyle,
            title: { text: 'time (s)' },
            range: [t0, t1]
          },
          yaxis: {
            ...axisStyle,
            tickvals: events.rows.map((_, r) => r),
            ticktext: events.rows,
            range: [-0.7, events.rows.length - 0.3]
          }
        },
        { responsive: true, displaylogo: false }
      );
      plot.setAttribute('data-events', String(count));
      await link.drawn();
    });
    const link = new TimeLink(context, boxesTarget(start, duration, draw), {
      plot,
      followZoom: true
    });
    whole.onclick = async () => {
      const [a, b] = await timeSpan(axis);
      start.value = String(a);
      duration.value = String(b - a + step);
      void draw();
    };
    start.onchange = duration.onchange = () => void draw();
    await draw();
  }
};
