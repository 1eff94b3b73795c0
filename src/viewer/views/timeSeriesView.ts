import {
  channelGroups,
  channelPage,
  channelRuns,
  readChannelColumns,
  type IChannelGroup
} from '../ecephys/channelGroups';
import { selectBox, setOptions, wholeButton } from './controls';
import { h, message } from './dom';
import { colorFor, groupColors } from './palette';
import { loadPlotly, themeLayout } from './plotly';
import { handlesType, type INwbView, type IViewContext } from './registry';
import {
  readSeriesWindow,
  seriesLayout,
  type IChannelTrace,
  traceMode,
  type ISeriesLayout
} from '../series/seriesData';
import { dataSpan, timeSpan } from '../series/timeAxis';
import { boxesTarget, openingSpan, TimeLink } from './timeLink';

/** Channels drawn at once; more are reached by paging. */
const MAX_CHANNELS = 16;
/** Initial window length in seconds. */
const DEFAULT_WINDOW = 10;

/** TimeSeries (and every subtype: SpatialSeries, ElectricalSeries, pose, …) as lines. */
export const timeSeriesView: INwbView = {
  id: 'timeseries',
  label: 'Plot',
  priority: 60,
  canHandle: handlesType('TimeSeries'),
  async render(host: HTMLElement, context: IViewContext) {
    const found = await seriesLayout(context.source, context.node);
    if ('reason' in found) {
      const note = message(
        'info',
        `Cannot display ${context.node.path} as a plot because ${found.reason}.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      host.append(note);
      return;
    }
    const layout = found.layout;
    // Stray edge timestamps (e.g. -1.5e9 s) do not set the window.
    const { first, last, step, skipped } = await dataSpan(layout.axis);
    const channels = layout.shape[1] ?? 1;
    const unitLabel = layout.axis.kind === 'index' ? 'sample' : 's';
    const input = (value: number, label: string, step = 'any') =>
      h('input', {
        type: 'number',
        value,
        step,
        'aria-label': label,
        class: 'jp-NwbViewer-number'
      });
    // Long enough to include the last sample of a short series; the tab's
    // shared window instead when one is set (sample axes have no shared time).
    const mine = {
      start: first,
      length: Math.min(DEFAULT_WINDOW, last - first + step)
    };
    const timed = layout.axis.kind !== 'index';
    const opening = timed
      ? openingSpan(context, mine.start, mine.length)
      : mine;
    const start = input(opening.start, 'window start');
    const duration = input(opening.length, 'window length');
    const channel = input(0, 'first channel', '1');
    // ElectricalSeries / LFP: group, order and colour channels by an electrodes column.
    const electrodes =
      channels > 1 && context.node.ancestry.includes('ElectricalSeries')
        ? await readChannelColumns(
            (path, slice) => context.read(path, slice),
            context.model,
            context.node,
            channels
          )
        : { columns: [] };
    const channelColumns = electrodes.columns;
    const noGrouping = electrodes.reason
      ? ` · channels not grouped: ${electrodes.reason}`
      : '';
    const groupByBox = selectBox('group channels by', [
      ['', '(channel order)'],
      ...channelColumns.map(c => [c.name, c.name] as [string, string])
    ]);
    const groupBox = selectBox('channel group', []);
    let groups: IChannelGroup[] = channelGroups(channels);
    const regroup = () => {
      const column = channelColumns.find(c => c.name === groupByBox.value);
      groups = channelGroups(channels, column);
      setOptions(
        groupBox,
        [
          ...(groups.length > 1
            ? ([['*', `all (ordered by ${column?.name})`]] as [
                string,
                string
              ][])
            : []),
          ...groups.map(
            (g, i) =>
              [String(i), `${g.label} (${g.channels.length})`] as [
                string,
                string
              ]
          )
        ],
        groups.length > 1 ? '*' : '0'
      );
      channel.value = '0';
    };
    regroup();
    const prev = h(
      'button',
      { class: 'jp-NwbViewer-button', title: 'Previous window' },
      '◀'
    );
    const next = h(
      'button',
      { class: 'jp-NwbViewer-button', title: 'Next window' },
      '▶'
    );
    const whole = wholeButton();
    const status = h('span', { class: 'jp-NwbViewer-range' });
    const outliers =
      skipped[0] + skipped[1] > 0
        ? ` · ${skipped[0] + skipped[1]} outlying edge timestamp(s) left out of the opening window`
        : '';
    const toolbar = h(
      'div',
      { class: 'jp-NwbViewer-toolbar' },
      prev,
      h('label', {}, `start (${unitLabel}) `, start),
      h('label', {}, `length (${unitLabel}) `, duration),
      next,
      whole,
      channelColumns.length ? h('label', {}, 'group by ', groupByBox) : null,
      channelColumns.length ? h('label', {}, 'group ', groupBox) : null,
      channels > MAX_CHANNELS || channelColumns.length
        ? h('label', {}, `channels from `, channel)
        : null,
      status
    );
    const plot = h('div', {
      class: 'jp-NwbViewer-plot',
      'data-testid': 'nwb-plot'
    });
    host.append(toolbar, plot);
    const plotly = await loadPlotly();
    const resize = new ResizeObserver(
      () => plot.isConnected && plotly.Plots.resize(plot)
    );
    resize.observe(plot);
    context.signal.addEventListener('abort', () => {
      resize.disconnect();
      plotly.purge(plot);
    });

    let drawing = Promise.resolve();
    const draw = () => {
      drawing = drawing.then(async () => {
        const t0 = Number(start.value);
        const length = Math.max(Number(duration.value), 1e-9);
        const firstChannel = Math.max(0, Math.floor(Number(channel.value)));
        const group: IChannelGroup =
          groupBox.value === '*'
            ? {
                label: 'all',
                channels: groups.flatMap(g => g.channels)
              }
            : (groups[Number(groupBox.value)] ?? groups[0]);
        const page = channelPage(group, firstChannel, MAX_CHANNELS);
        // Contiguous channel runs of the page, each read as one block.
        let clipped = false;
        let samples = 0;
        const byChannel = new Map<number, IChannelTrace>();
        for (const [first, count] of channelRuns(page)) {
          const run = await readSeriesWindow(
            context.source,
            layout,
            {
              t0,
              t1: t0 + length,
              firstChannel: first,
              channelCount: count,
              pixels: Math.max(200, plot.clientWidth)
            },
            (path, slice) => context.read(path, slice)
          );
          run.traces.forEach(t => byChannel.set(t.channel, t));
          clipped ||= run.clipped;
          samples = Math.max(samples, run.samples);
        }
        const traces = page.flatMap(c => byChannel.get(c) ?? []);
        const groupOf = new Map(
          groups.flatMap((g, i) => g.channels.map(c => [c, i] as const))
        );
        const colors = groupColors(plot);
        const style = (c: number) =>
          groups.length > 1
            ? {
                label: groups[groupOf.get(c) ?? 0].label,
                color: colorFor(colors, groupOf.get(c) ?? 0)
              }
            : undefined;
        // Grouped: the page's place in its group (channel numbers need not be consecutive).
        const shown = !traces.length
          ? ''
          : groupByBox.value
            ? `${group.label}: ${group.channels.indexOf(page[0]) + 1}–${group.channels.indexOf(page[0]) + page.length} of ${group.channels.length} channels (${channels} in all) · `
            : `channels ${traces[0].channel}–${traces[traces.length - 1].channel} of ${channels} · `;
        status.textContent = `${shown}${samples} samples${clipped ? ' (window clipped: too many samples)' : ''}${outliers}${noGrouping}`;
        await plotly.react(
          plot,
          toPlotData(traces, layout, style),
          plotLayout(plot, layout, traces.length > 1),
          {
            responsive: true,
            displaylogo: false
          }
        );
        plot.setAttribute('data-channels', page.join(','));
        plot.setAttribute('data-samples', String(samples));
        await link?.drawn();
      });
      return drawing;
    };
    const link = timed
      ? new TimeLink(context, boxesTarget(start, duration, draw), {
          plot,
          followZoom: true
        })
      : null;
    const shift = (direction: number) => {
      start.value = String(
        Number(start.value) + direction * Number(duration.value)
      );
      void draw();
    };
    whole.onclick = async () => {
      // Every sample, outliers included: the user asked for all of it.
      const [t0, t1] = await timeSpan(layout.axis);
      start.value = String(t0);
      duration.value = String(t1 - t0 + step);
      void draw();
    };
    prev.onclick = () => shift(-1);
    next.onclick = () => shift(1);
    for (const box of [start, duration, channel]) {
      box.onchange = () => void draw();
    }
    groupByBox.onchange = () => {
      regroup();
      void draw();
    };
    groupBox.onchange = () => {
      channel.value = '0';
      void draw();
    };
    await draw();
  }
};

/**
 * Stack several channels with a spacing of the largest peak-to-peak range;
 * `style` names and colours a channel by its electrodes-column group.
 */
function toPlotData(
  traces: IChannelTrace[],
  layout: ISeriesLayout,
  style?: (channel: number) => { label: string; color: string } | undefined
): unknown[] {
  const spans = traces.map(t => range(t.value));
  const spacing =
    traces.length > 1
      ? Math.max(...spans.map(([lo, hi]) => hi - lo), 1e-12)
      : 0;
  return traces.map((t, i) => ({
    type: 'scatter',
    mode: traceMode(t.time.length),
    x: t.time,
    y: spacing
      ? t.value.map(v => v - spans[i][0] + i * spacing * 1.1)
      : t.value,
    name:
      layout.shape.length > 1
        ? `ch ${t.channel}${style?.(t.channel) ? ` · ${style(t.channel)?.label}` : ''}`
        : undefined,
    line: { width: 1, color: style?.(t.channel)?.color },
    hoverinfo: 'x+y+name'
  }));
}

function range(values: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) {
      lo = v;
    }
    if (v > hi) {
      hi = v;
    }
  }
  return isFinite(lo) ? [lo, hi] : [0, 0];
}

function plotLayout(
  plot: HTMLElement,
  layout: ISeriesLayout,
  stacked: boolean
): Record<string, unknown> {
  const theme = themeLayout(plot);
  const axis = theme.xaxis as Record<string, unknown>;
  const timeTitle = layout.axis.kind === 'index' ? 'sample' : 'time (s)';
  return {
    ...theme,
    margin: { l: 60, r: 10, t: 10, b: 40 },
    showlegend: stacked,
    // Channel 0 is drawn lowest; list it lowest too.
    legend: { traceorder: 'reversed' },
    xaxis: { ...axis, title: { text: timeTitle } },
    yaxis: {
      ...axis,
      title: {
        text: stacked ? `channels (stacked, ${layout.unit})` : layout.unit
      },
      showticklabels: !stacked
    }
  };
}
