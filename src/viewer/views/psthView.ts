import { filterNote, followFilter, keptOf } from '../filter/honour';
import { formatValue } from '../model/text';
import { alignSpikes } from '../spikes/align';
import { binEdges, groupPsth } from '../spikes/psth';
import {
  rasterBudget,
  rasterRenderer,
  rasterTraces
} from '../spikes/rasterPoints';
import { combineLabels, groupTrials } from '../spikes/trialGroups';
import { intervalTables } from '../spikes/trialsData';
import { TrialChoices } from './trialChoices';
import { SpikeTrains, unitsLayout } from '../spikes/unitSpikes';
import {
  button,
  labelled,
  numberBox,
  selectBox,
  serialDraw,
  setOptions
} from './controls';
import { h, message } from './dom';
import { groupColors } from './palette';
import { PlotHost, themeLayout, webglAvailable } from './plotly';
import { psthFigure, rasterStatus } from './psthPlot';
import { handlesType, type INwbView, type IViewContext } from './registry';
import { rowsOf } from '../tables/tablePage';

/**
 * Markers drawn before the raster keeps one spike per pixel per trial, in
 * SVG, and in WebGL (used beyond the SVG budget when the browser has it).
 */
const RASTER_BUDGETS = { svg: 30_000, webgl: 1_500_000 };

const isUnits = handlesType('Units');

/** Trial-aligned raster and PSTH of one unit, grouped by a trials column. */
export const psthView: INwbView = {
  id: 'psth',
  label: 'Trial raster + PSTH',
  priority: 65,
  canHandle: (node, model) => isUnits(node) && intervalTables(model).length > 0,
  async render(host: HTMLElement, context: IViewContext) {
    const found = unitsLayout(context.node);
    if ('reason' in found) {
      return cannot(host, context, found.reason);
    }
    const trains = new SpikeTrains(context.read, found.layout, path =>
      context.source.info(path)
    );
    const units = found.layout.units;
    const ids = found.layout.idPath
      ? rowsOf(await context.read(found.layout.idPath, [[0, units]]), units)
      : Array.from({ length: units }, (_, u) => u);
    const counts = await trains.counts();
    const choices = new TrialChoices(context);
    const {
      tables,
      table: tableBox,
      align: alignBox,
      group: groupBox,
      then: thenBox
    } = choices;
    const unitBox = selectBox('unit', [], String(context.state?.unit ?? 0));
    // The picker offers the units the tab's filter keeps.
    const offerUnits = () => {
      const kept = keptOf(
        context,
        context.node.path,
        ids.map((_, u) => u)
      );
      const wanted = unitBox.value || String(context.state?.unit ?? 0);
      setOptions(
        unitBox,
        kept.map(u => [
          String(u),
          `unit ${formatValue(ids[u])} (${counts[u]} spikes)`
        ]),
        kept.includes(Number(wanted)) ? wanted : String(kept[0] ?? '')
      );
    };
    offerUnits();
    const prev = button('◀', 'Previous unit');
    const next = button('▶', 'Next unit');
    const pre = numberBox('window start (s)', -0.5, 0.1);
    const post = numberBox('window end (s)', 1, 0.1);
    const width = numberBox('bin width (s)', 0.025, 0.005);
    const status = h('span', { class: 'jp-NwbViewer-range' });
    const plot = h('div', {
      class: 'jp-NwbViewer-plot jp-NwbViewer-plotTall',
      'data-testid': 'nwb-psth'
    });
    host.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        tables.length > 1 ? labelled('trials', tableBox) : null,
        prev,
        unitBox,
        next,
        labelled('align to', alignBox),
        labelled('group by', groupBox),
        labelled('and by', thenBox),
        labelled('from', pre),
        labelled('to', post),
        labelled('bin', width),
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
      if (unitBox.value === '') {
        status.textContent = `No unit passes the filter${filterNote(context, context.node.path)}.`;
        plot.setAttribute('data-unit', '');
        return;
      }
      const unit = Number(unitBox.value);
      const from = Number(pre.value);
      const to = Math.max(Number(post.value), from + 1e-3);
      const events = trials.times.get(alignBox.value) as Float64Array;
      const spikes = await trains.unit(unit);
      const aligned = alignSpikes(spikes, events, from, to);
      const groups = groupTrials(
        trials.rows,
        t => Number.isFinite(events[t]),
        combineLabels(
          trials.groups.get(groupBox.value),
          trials.groups.get(thenBox.value)
        )
      );
      const webgl = webglAvailable();
      const raster = rasterTraces(
        groups.map(g => ({
          label: g.label,
          rows: g.trials.map(t => aligned[t])
        })),
        {
          t0: from,
          t1: to,
          pixels: plot.clientWidth || 800,
          budget: rasterBudget(webgl, RASTER_BUDGETS)
        }
      );
      const renderer = rasterRenderer(raster.shown, RASTER_BUDGETS.svg, webgl);
      const edges = binEdges(from, to, Math.max(Number(width.value), 1e-4));
      const psths = groupPsth(aligned, groups, edges);
      const figure = psthFigure(
        raster,
        psths,
        edges,
        groupColors(plot),
        themeLayout(plot),
        renderer
      );
      await plotHost.react(figure.data, figure.layout, {
        responsive: true,
        displaylogo: false
      });
      const used = groups.reduce((n, g) => n + g.trials.length, 0);
      status.textContent = `${used} of ${trials.rows} trials · ${groups.length} groups · ${rasterStatus(raster, renderer, webgl, 'trial')}${filterNote(context, context.node.path)}`;
      plot.setAttribute('data-renderer', renderer);
      plot.setAttribute('data-unit', String(unit));
      plot.setAttribute('data-groups', String(groups.length));
      plot.setAttribute('data-trials', String(used));
    });
    const step = (delta: number) => {
      const at = Math.min(
        unitBox.options.length - 1,
        Math.max(0, unitBox.selectedIndex + delta)
      );
      unitBox.selectedIndex = at;
      void draw();
    };
    prev.onclick = () => step(-1);
    next.onclick = () => step(1);
    tableBox.onchange = () => void loadTrials().then(draw);
    for (const box of [
      unitBox,
      alignBox,
      groupBox,
      thenBox,
      pre,
      post,
      width
    ]) {
      box.onchange = () => void draw();
    }
    followFilter(context, context.node.path, () => {
      offerUnits();
      void draw();
    });
    const reason = await loadTrials();
    if (reason) {
      return cannot(host, context, reason);
    }
    await draw();
  }
};

function cannot(host: HTMLElement, context: IViewContext, reason: string) {
  const note = message(
    'info',
    `Cannot display a trial-aligned raster of ${context.node.path} because ${reason}.`
  );
  note.setAttribute('data-testid', 'nwb-cannot-display');
  host.replaceChildren(note);
}
