import { filterNote, followFilter, keptOf } from '../filter/honour';
import { formatValue } from '../model/text';
import {
  rasterBudget,
  rasterRenderer,
  rasterTraces
} from '../spikes/rasterPoints';
import {
  readUnitProperties,
  unitOrder,
  type IUnitProperty
} from '../spikes/unitProperties';
import { openingWindow, wholeWindow } from '../spikes/rasterWindow';
import { SpikeTrains, unitsLayout } from '../spikes/unitSpikes';
import { TrainWindows } from '../spikes/windowCache';
import {
  button,
  labelled,
  numberBox,
  selectBox,
  serialDraw,
  wholeButton
} from './controls';
import { h, message } from './dom';
import { colorFor, groupColors } from './palette';
import { PlotHost, themeLayout, webglAvailable } from './plotly';
import { rasterMarker, rasterStatus } from './psthPlot';
import { handlesType, type INwbView, type IViewContext } from './registry';
import { rowsOf } from '../tables/tablePage';
import { boxesTarget, TimeLink } from './timeLink';

const DEFAULT_WINDOW = 10;
const UNITS_PER_PAGE = 100;
/**
 * Markers drawn before the raster keeps one spike per pixel per unit: SVG
 * slows down past a few tens of thousands, WebGL (used beyond the SVG
 * budget when the browser has it) past a few million.
 */
const RASTER_BUDGETS = { svg: 40_000, webgl: 1_500_000 };
/** Spikes kept from earlier draws (float64: 64 MB), for redraws and zooms. */
const CACHED_SPIKES = 8_000_000;
/** Brain-region columns to group by first: IBL's Beryl atlas level, then NWB's. */
const PREFERRED_GROUPS = [
  'beryl_location',
  'location',
  'electrodes.location',
  'brain_region'
];
/** Groups beyond this are merged into one colour cycle (labels still listed). */
const MAX_GROUPS = 40;

/**
 * Spikes of many units over a time window: paged by unit, sorted and
 * grouped by a Units or electrodes column. Only the visible units'
 * spikes in the visible window are read.
 */
export const sessionRasterView: INwbView = {
  id: 'raster',
  label: 'Session raster',
  priority: 70,
  canHandle: handlesType('Units'),
  async render(host: HTMLElement, context: IViewContext) {
    const found = unitsLayout(context.node);
    if ('reason' in found) {
      const note = message(
        'info',
        `Cannot display a raster of ${context.node.path} because ${found.reason}.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      host.append(note);
      return;
    }
    const trains = new SpikeTrains(context.read, found.layout, path =>
      context.source.info(path)
    );
    const units = found.layout.units;
    const ids = found.layout.idPath
      ? rowsOf(await context.read(found.layout.idPath, [[0, units]]), units)
      : Array.from({ length: units }, (_, u) => u);
    const counts = await trains.counts();
    const properties: IUnitProperty[] = [
      { name: 'spike count', numeric: true, values: Array.from(counts) },
      ...(await readUnitProperties(context.read, context.model, context.node))
    ];
    const groupable = properties.filter(
      p => !p.numeric || new Set(p.values).size <= MAX_GROUPS
    );
    const sortBox = selectBox('sort units by', [
      ['', 'unit order'],
      ...properties.map(p => [p.name, p.name])
    ] as [string, string][]);
    const region =
      PREFERRED_GROUPS.map(name => groupable.find(p => p.name === name)).find(
        Boolean
      ) ?? groupable.find(p => /location|region|acronym/.test(p.name));
    const groupBox = selectBox(
      'group units by',
      [['', '(none)'], ...groupable.map(p => [p.name, p.name])] as [
        string,
        string
      ][],
      String(context.state?.groupBy ?? region?.name ?? '')
    );
    // Open where the spikes are: real files' first spike is often minutes
    // after 0 s.
    const opening = await openingWindow(
      trains,
      DEFAULT_WINDOW,
      unitOrder(
        units,
        properties.find(p => p.name === sortBox.value),
        properties.find(p => p.name === groupBox.value)
      ).slice(0, UNITS_PER_PAGE)
    );
    // The tab's shared window when one is set (one window per tab).
    const shown = context.time?.window ?? opening;
    const start = numberBox('window start (s)', shown.start);
    const length = numberBox('window length (s)', shown.length);
    const whole = wholeButton();
    const first = numberBox('first unit row', 0, 1);
    const perPage = numberBox('units per page', UNITS_PER_PAGE, 1);
    const [back, forward] = [button('◀', 'Earlier'), button('▶', 'Later')];
    const [up, down] = [
      button('▲', 'Previous units'),
      button('▼', 'Next units')
    ];
    const status = h('span', { class: 'jp-NwbViewer-range' });
    const plot = h('div', {
      class: 'jp-NwbViewer-plot jp-NwbViewer-plotTall',
      'data-testid': 'nwb-raster'
    });
    host.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        back,
        labelled('start (s)', start),
        labelled('length (s)', length),
        forward,
        whole,
        up,
        labelled('units from', first),
        labelled('show', perPage),
        down,
        labelled('sort by', sortBox),
        labelled('group by', groupBox),
        status
      ),
      plot
    );
    const plotHost = new PlotHost(plot, context.signal);
    const property = (name: string) => properties.find(p => p.name === name);
    // A redraw (theme, sorting, grouping, paging back) or a zoom inside a
    // window already read reads only units not read over it yet.
    const held = new TrainWindows(trains, CACHED_SPIKES);
    // The units axis as the user last zoomed it, kept while the same rows
    // are shown: a zoom redraws, and the redraw must not reset it.
    let yZoom: { rows: string; range: [number, number] } | null = null;
    // Units the tab's filter keeps (all when unfiltered), for paging.
    let shownUnits = units;

    const draw = serialDraw(async () => {
      const t0 = Number(start.value);
      const t1 = t0 + Math.max(Number(length.value), 1e-3);
      const groupBy = property(groupBox.value);
      const order = keptOf(
        context,
        context.node.path,
        unitOrder(units, property(sortBox.value), groupBy)
      );
      shownUnits = order.length;
      const count = Math.max(1, Math.floor(Number(perPage.value)));
      const from = Math.min(
        Math.max(0, Math.floor(Number(first.value))),
        Math.max(0, order.length - 1)
      );
      const page = order.slice(from, from + count);
      const started = performance.now();
      const spikes = await held.window(page, t0, t1);
      const read = performance.now();
      const rows = page.join(',');
      if (yZoom && yZoom.rows !== rows) {
        yZoom = null;
      }
      // Consecutive units with the same group value form one raster group.
      const groups: { label: string; rows: Float64Array[]; units: number[] }[] =
        [];
      page.forEach((u, i) => {
        const label = groupBy ? formatValue(groupBy.values[u]) : 'units';
        const last = groups[groups.length - 1];
        if (last && last.label === label) {
          last.rows.push(spikes[i]);
          last.units.push(u);
        } else {
          groups.push({ label, rows: [spikes[i]], units: [u] });
        }
      });
      const webgl = webglAvailable();
      const raster = rasterTraces(groups, {
        t0,
        t1,
        pixels: plot.clientWidth || 800,
        budget: rasterBudget(webgl, RASTER_BUDGETS)
      });
      const renderer = rasterRenderer(raster.shown, RASTER_BUDGETS.svg, webgl);
      const colors = groupColors(plot);
      const labels = [...new Set(groups.map(g => g.label))];
      const theme = themeLayout(plot);
      const axis = theme.xaxis as Record<string, unknown>;
      const showIds = page.length <= 60;
      await plotHost.react(
        raster.traces.map((trace, g) => ({
          type: renderer === 'webgl' ? 'scattergl' : 'scatter',
          mode: 'markers',
          x: trace.x,
          y: trace.y,
          name: trace.label,
          legendgroup: trace.label,
          showlegend: labels.indexOf(trace.label) === g,
          marker: rasterMarker(
            page.length,
            colorFor(colors, labels.indexOf(trace.label))
          ),
          hoverinfo: 'x+name'
        })),
        {
          ...theme,
          margin: { l: 60, r: 10, t: 10, b: 40 },
          showlegend: !!groupBy,
          xaxis: { ...axis, title: { text: 'time (s)' }, range: [t0, t1] },
          yaxis: {
            ...axis,
            title: {
              text: `units ${from + 1}–${from + page.length} of ${order.length}`
            },
            range: yZoom?.range ?? [page.length - 0.5, -0.5],
            zeroline: false,
            tickmode: showIds ? 'array' : 'auto',
            tickvals: showIds ? page.map((_, i) => i) : undefined,
            ticktext: showIds ? page.map(u => formatValue(ids[u])) : undefined
          }
        },
        { responsive: true, displaylogo: false }
      );
      const drawn = performance.now();
      status.textContent =
        rasterStatus(raster, renderer, webgl, 'unit') +
        filterNote(context, context.node.path);
      plot.setAttribute('data-renderer', renderer);
      plot.setAttribute('data-drawn', String(raster.shown));
      plot.setAttribute('data-read-ms', (read - started).toFixed(0));
      plot.setAttribute('data-draw-ms', (drawn - read).toFixed(0));
      plot.setAttribute('data-units', rows);
      plot.setAttribute('data-spikes', String(raster.total));
      await link.drawn();
    });
    // Zoom and pan are read again below (then drawn() publishes them).
    const link = new TimeLink(context, boxesTarget(start, length, draw), {
      plot
    });
    const shift =
      (box: HTMLInputElement, by: () => number, floor = -Infinity) =>
      () => {
        box.value = String(Math.max(floor, Number(box.value) + by()));
        void draw();
      };
    back.onclick = shift(start, () => -Number(length.value));
    forward.onclick = shift(start, () => Number(length.value));
    whole.onclick = async () => {
      const span = await wholeWindow(trains);
      if (span) {
        start.value = String(span.start);
        length.value = String(+span.length.toPrecision(8));
        void draw();
      }
    };
    up.onclick = shift(first, () => -Number(perPage.value), 0);
    down.onclick = shift(
      first,
      () =>
        Number(first.value) + Number(perPage.value) < shownUnits
          ? Number(perPage.value)
          : 0,
      0
    );
    for (const box of [start, length, first, perPage, sortBox, groupBox]) {
      box.onchange = () => void draw();
    }
    // A zoom or pan on the time axis reads that window again (at full
    // resolution: the drawn raster may be decimated); a double click
    // (autorange) goes back to the window in the boxes.
    plotHost.onRelayout(event => {
      const y = (event['yaxis.range'] as number[] | undefined) ?? [
        event['yaxis.range[0]'],
        event['yaxis.range[1]']
      ];
      const [y0, y1] = y.map(Number);
      const rows = plot.getAttribute('data-units') ?? '';
      if (Number.isFinite(y0) && Number.isFinite(y1)) {
        yZoom = { rows, range: [y0, y1] };
      } else if (event['yaxis.autorange']) {
        yZoom = null;
      }
      const range = (event['xaxis.range'] as number[] | undefined) ?? [
        event['xaxis.range[0]'],
        event['xaxis.range[1]']
      ];
      const [r0, r1] = range.map(Number);
      if (Number.isFinite(r0) && Number.isFinite(r1) && r1 > r0) {
        start.value = String(+r0.toPrecision(8));
        length.value = String(+(r1 - r0).toPrecision(8));
        void draw();
      } else if (event['xaxis.autorange']) {
        void draw();
      }
    });
    followFilter(context, context.node.path, () => {
      first.value = '0';
      void draw();
    });
    await draw();
  }
};
