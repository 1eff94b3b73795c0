/**
 * Trial-aligned view of any series (view id `aligned`): a sampled series
 * (wheel velocity, pupil diameter, motion energy, ROI fluorescence, a
 * channel of an ElectricalSeries …) as trials × time plus each group's
 * mean ± SEM; an event series (licks, BehavioralEvents, AnnotationSeries,
 * ndx-events) as a raster plus each group's event rate (PSTH). Aligned to
 * any event column of an intervals table, grouped by any trials column.
 * The container: checks the object, reads lazily, wires the controls.
 */
import { binEdges, groupPsth } from '../spikes/psth';
import {
  rasterBudget,
  rasterRenderer,
  rasterTraces
} from '../spikes/rasterPoints';
import { combineLabels, groupTrials } from '../spikes/trialGroups';
import { intervalTables } from '../spikes/trialsData';
import { TrialChoices } from '../views/trialChoices';
import { labelled, numberBox, selectBox, serialDraw } from '../views/controls';
import { h, message } from '../views/dom';
import { groupColors } from '../views/palette';
import { PlotHost, themeLayout, webglAvailable } from '../views/plotly';
import { psthFigure, rasterStatus } from '../views/psthPlot';
import {
  handlesType,
  type INwbView,
  type IViewContext
} from '../views/registry';
import { alignedFigure } from './alignedFigure';
import { alignTarget } from './alignTarget';
import { alignEvents } from './alignedEvents';
import { alignSamples } from './alignedSamples';
import { alignGrid, groupMeans } from './resample';

const RASTER_BUDGETS = { svg: 30_000, webgl: 1_500_000 };

const isSeriesOrEvents = handlesType('TimeSeries', 'Events');

export const alignedView: INwbView = {
  id: 'aligned',
  label: 'Trial-aligned',
  priority: 30,
  canHandle: (node, model) =>
    isSeriesOrEvents(node) &&
    // Frames (ImageSeries, TwoPhotonSeries) are not traces to average.
    (node.children.find(c => c.name === 'data')?.shape?.length ?? 1) <= 2 &&
    intervalTables(model).length > 0,
  async render(host: HTMLElement, context: IViewContext) {
    const found = await alignTarget(
      context.source,
      context.model,
      context.node
    );
    if ('reason' in found) {
      return cannot(host, context, found.reason);
    }
    const choices = new TrialChoices(context);
    const {
      tables,
      table: tableBox,
      align: alignBox,
      group: groupBox,
      then: thenBox
    } = choices;
    const columns = found.kind === 'samples' ? (found.layout.shape[1] ?? 1) : 1;
    const columnBox = selectBox(
      'column',
      Array.from({ length: columns }, (_, c) => [
        String(c),
        columnName(context, c)
      ]),
      String(Math.min(columns - 1, Number(context.state?.column ?? 0)))
    );
    const pre = numberBox(
      'window start (s)',
      Number(context.state?.from ?? -0.5),
      0.1
    );
    const post = numberBox(
      'window end (s)',
      Number(context.state?.to ?? 1),
      0.1
    );
    const stepDefault =
      found.kind === 'samples'
        ? alignGrid(-0.5, 1, found.period)[1] + 0.5
        : 0.025;
    const step = numberBox(
      found.kind === 'samples' ? 'grid step (s)' : 'bin width (s)',
      Number(stepDefault.toPrecision(3)),
      'any'
    );
    const status = h('span', {
      class: 'jp-NwbViewer-range',
      'data-testid': 'nwb-aligned-status'
    });
    const plot = h('div', {
      class: 'jp-NwbViewer-plot jp-NwbViewer-plotTall',
      'data-testid': 'nwb-aligned'
    });
    host.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        tables.length > 1 ? labelled('trials', tableBox) : null,
        columns > 1 ? labelled('column', columnBox) : null,
        labelled('align to', alignBox),
        labelled('group by', groupBox),
        labelled('and by', thenBox),
        labelled('from', pre),
        labelled('to', post),
        labelled(found.kind === 'samples' ? 'step' : 'bin', step),
        status
      ),
      plot
    );

    // The trials table chosen (choices.trials once loaded), read afresh by each draw.
    const loadTrials = (): Promise<string | null> => choices.load(status);

    const plotHost = new PlotHost(plot, context.signal);
    const draw = serialDraw(async () => {
      const trials = choices.trials;
      if (!trials) {
        return;
      }
      const from = Number(pre.value);
      const to = Math.max(Number(post.value), from + 1e-3);
      const events = trials.times.get(alignBox.value) as Float64Array;
      const groups = groupTrials(
        trials.rows,
        t => Number.isFinite(events[t]),
        combineLabels(
          trials.groups.get(groupBox.value),
          trials.groups.get(thenBox.value)
        )
      );
      const used = groups.reduce((n, g) => n + g.trials.length, 0);
      const nan = trials.rows - used;
      const counted = `${used} of ${trials.rows} trials · ${nan} without ${alignBox.value} (NaN, excluded) · ${groups.length} groups`;
      const colors = groupColors(plot);
      const theme = themeLayout(plot);
      if (found.kind === 'samples') {
        const grid = alignGrid(from, to, Number(step.value) || found.period);
        const column = Number(columnBox.value);
        const result = await alignSamples(
          found.layout,
          column,
          events,
          grid,
          context.read,
          found.itemSize
        );
        const means = groupMeans(result.rows, groups, grid.length);
        const figure = alignedFigure(
          {
            grid,
            rows: result.rows,
            groups: means,
            valueTitle: `mean ± SEM${found.layout.unit ? ` (${found.layout.unit})` : ''}`,
            event: alignBox.value
          },
          colors,
          theme,
          webglAvailable()
        );
        await plotHost.react(figure.data, figure.layout, {
          responsive: true,
          displaylogo: false
        });
        status.textContent = `${counted} · ${grid.length} points, linear interpolation every ${formatStep(grid[1] - grid[0])} s · read ${formatBytes(result.bytes)} in ${result.reads} block(s)`;
        plot.setAttribute('data-bytes', String(result.bytes));
      } else {
        const result = await alignEvents(
          found.axis,
          found.stampsPath,
          events,
          from,
          to,
          context.read
        );
        const webgl = webglAvailable();
        const raster = rasterTraces(
          groups.map(g => ({
            label: g.label,
            rows: g.trials.map(t => result.aligned[t])
          })),
          {
            t0: from,
            t1: to,
            pixels: plot.clientWidth || 800,
            budget: rasterBudget(webgl, RASTER_BUDGETS)
          }
        );
        const renderer = rasterRenderer(
          raster.shown,
          RASTER_BUDGETS.svg,
          webgl
        );
        const edges = binEdges(from, to, Math.max(Number(step.value), 1e-4));
        const figure = psthFigure(
          raster,
          groupPsth(result.aligned, groups, edges),
          edges,
          colors,
          theme,
          renderer
        );
        const layout = figure.layout as Record<string, Record<string, unknown>>;
        layout.yaxis2 = {
          ...layout.yaxis2,
          title: { text: 'rate (events/s)' }
        };
        await plotHost.react(figure.data, figure.layout, {
          responsive: true,
          displaylogo: false
        });
        status.textContent = `${counted} · ${rasterStatus(raster, renderer, webgl, 'trial').replace('spikes', 'events')} · read ${formatBytes(result.bytes)}`;
        plot.setAttribute('data-bytes', String(result.bytes));
      }
      plot.setAttribute('data-kind', found.kind);
      plot.setAttribute('data-align', alignBox.value);
      plot.setAttribute('data-groups', String(groups.length));
      plot.setAttribute('data-trials', String(used));
      plot.setAttribute('data-nan-trials', String(nan));
    });
    tableBox.onchange = () => void loadTrials().then(draw);
    for (const box of [
      columnBox,
      alignBox,
      groupBox,
      thenBox,
      pre,
      post,
      step
    ]) {
      box.onchange = () => void draw();
    }
    const reason = await loadTrials();
    if (reason) {
      return cannot(host, context, reason);
    }
    await draw();
  }
};

/** `column k`, with the ROI / electrode word where the type says which. */
function columnName(context: IViewContext, c: number): string {
  const ancestry = context.node.ancestry;
  if (ancestry.includes('RoiResponseSeries')) {
    return `ROI ${c}`;
  }
  if (ancestry.includes('ElectricalSeries')) {
    return `channel ${c}`;
  }
  return `column ${c}`;
}

function formatBytes(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function formatStep(step: number): string {
  return Number(step.toPrecision(3)).toString();
}

function cannot(host: HTMLElement, context: IViewContext, reason: string) {
  const note = message(
    'info',
    `Cannot display ${context.node.path} aligned to trials because ${reason}.`
  );
  note.setAttribute('data-testid', 'nwb-cannot-display');
  host.replaceChildren(note);
}
