/**
 * The "Tuning curves" view of a Units table (nwbwidgets' TuningCurveWidget):
 * each unit's firing rate in a window after an event against the values of
 * a trials column, a page of units at a time. This file is the container:
 * it checks the table, reads, and hands data to the pure mappings.
 */
import { keptUnits, unitPage } from '../spikes/keptUnits';
import {
  readTrials,
  intervalTables,
  type ITrialsData
} from '../spikes/trialsData';
import { unitTuning } from '../spikes/unitConditions';
import {
  button,
  labelled,
  numberBox,
  selectBox,
  serialDraw,
  setOptions
} from '../views/controls';
import { h } from '../views/dom';
import { groupColors } from '../views/palette';
import { PlotHost, themeLayout } from '../views/plotly';
import {
  handlesType,
  type INwbView,
  type IViewContext
} from '../views/registry';
import {
  cannotDisplay,
  followUnitFilter,
  noUnitPasses,
  preferredColumn,
  preferredEvent,
  unitsInput
} from './gridInputs';
import { tuningFigure, type ITuningPanel } from './tuningFigure';

/** Columns a tuning curve is first drawn against (IBL's names, then common ones). */
const TUNING_COLUMNS = [
  'gabor_stimulus_contrast',
  'signed_contrast',
  'contrast',
  'contrastLeft',
  'choice'
];
/** Units per page: a 3 × 2 grid of small plots. */
const PAGE = 6;

const isUnits = handlesType('Units');
const WHAT = 'tuning curves';

export const tuningView: INwbView = {
  id: 'tuning',
  label: 'Tuning curves',
  priority: 39,
  canHandle: (node, model) => isUnits(node) && intervalTables(model).length > 0,
  async render(host: HTMLElement, context: IViewContext) {
    const input = await unitsInput(context);
    if ('reason' in input) {
      return cannotDisplay(host, context, WHAT, input.reason);
    }
    const { trains, names, tables } = input;
    const tableBox = selectBox(
      'intervals table',
      tables.map(t => [t.path, t.path])
    );
    const prev = button('◀', 'Previous page of units');
    const next = button('▶', 'Next page of units');
    const firstBox = selectBox('first unit', []);
    const alignBox = selectBox('align to', []);
    const columnBox = selectBox('tuning column', []);
    const pre = numberBox('window start (s)', 0, 0.1);
    const post = numberBox('window end (s)', 0.5, 0.1);
    const status = h('span', { class: 'jp-NwbViewer-range' });
    const note = h('div', {});
    const plot = h('div', {
      class: 'jp-NwbViewer-plot jp-NwbViewer-plotTall',
      'data-testid': 'nwb-tuning'
    });
    host.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        tables.length > 1 ? labelled('trials', tableBox) : null,
        prev,
        labelled('from unit', firstBox),
        next,
        labelled('align to', alignBox),
        labelled('against', columnBox),
        labelled('window from', pre),
        labelled('to', post),
        status
      ),
      note,
      plot
    );

    let units: number[] = [];
    let page = 0;
    /** The picker offers the first unit of each page of the kept units. */
    const listUnits = () => {
      const filter = context.rowFilter?.rowsOf(context.node.path);
      units = keptUnits(names.length, filter?.rows);
      const pages = unitPage(units, 0, PAGE).pages;
      const firsts = Array.from(
        { length: pages },
        (_, p) => units[p * PAGE]
      ).filter(u => u !== undefined);
      page = unitPage(units, page, PAGE).page;
      setOptions(
        firstBox,
        firsts.map((u, p) => [String(p), names[u]]),
        String(page)
      );
    };
    const startUnit = Number(context.state?.unit ?? 0);
    listUnits();
    page = Math.max(
      0,
      Math.floor(Math.max(0, units.indexOf(startUnit)) / PAGE)
    );
    firstBox.value = String(page);

    let trials: ITrialsData | null = null;
    const loadTrials = async (): Promise<string | null> => {
      const table = tables.find(t => t.path === tableBox.value) ?? tables[0];
      const read = await readTrials(context.read, table);
      if ('reason' in read) {
        trials = null;
        return read.reason;
      }
      const columns = [...read.groups.keys()];
      if (columns.length === 0) {
        trials = null;
        return `${table.path} has no column with 2 to 12 distinct values to tune against`;
      }
      trials = read;
      const events = [...read.times.keys()];
      setOptions(
        alignBox,
        events.map(e => [e, e]),
        preferredEvent(events)
      );
      const asked = String(context.state?.column ?? '');
      setOptions(
        columnBox,
        columns.map(c => [c, c]),
        read.groups.has(asked)
          ? asked
          : preferredColumn(columns, TUNING_COLUMNS)
      );
      return null;
    };

    const plotHost = new PlotHost(plot, context.signal);
    const draw = serialDraw(async () => {
      if (!trials) {
        return;
      }
      const filter = context.rowFilter?.rowsOf(context.node.path);
      if (units.length === 0) {
        status.textContent = '';
        note.replaceChildren(noUnitPasses(filter?.expression));
        plot.hidden = true;
        plot.setAttribute('data-units', '');
        return;
      }
      note.replaceChildren();
      plot.hidden = false;
      const shown = unitPage(units, page, PAGE);
      const from = Number(pre.value);
      const to = Math.max(Number(post.value), from + 1e-3);
      const panels: ITuningPanel[] = [];
      for (const u of shown.units) {
        const curve = unitTuning(await trains.unit(u), trials, {
          align: alignBox.value,
          column: columnBox.value,
          pre: from,
          post: to
        });
        panels.push({ title: names[u], curve });
      }
      const figure = tuningFigure(
        panels,
        columnBox.value,
        groupColors(plot)[0],
        themeLayout(plot)
      );
      await plotHost.react(figure.data, figure.layout, {
        responsive: true,
        displaylogo: false
      });
      const withoutValue = panels[0]?.curve.withoutValue ?? 0;
      const left = withoutValue
        ? ` · ${withoutValue} trials without a value left out`
        : '';
      const filtered = filter ? ` · filter: ${filter.expression}` : '';
      status.textContent = `units ${shown.page * PAGE + 1}–${shown.page * PAGE + shown.units.length} of ${units.length} · page ${shown.page + 1} of ${shown.pages}${left}${filtered}`;
      plot.setAttribute('data-units', shown.units.join(','));
      plot.setAttribute(
        'data-rates',
        JSON.stringify(
          panels.map(p =>
            p.curve.points.map(q => [q.label, q.mean, q.sem, q.n])
          )
        )
      );
    });
    const step = (delta: number) => {
      page = unitPage(units, page + delta, PAGE).page;
      firstBox.value = String(page);
      void draw();
    };
    prev.onclick = () => step(-1);
    next.onclick = () => step(1);
    firstBox.onchange = () => {
      page = Number(firstBox.value);
      void draw();
    };
    tableBox.onchange = () =>
      void loadTrials().then(reason => {
        status.textContent = reason ? `Cannot align because ${reason}.` : '';
        return draw();
      });
    for (const box of [alignBox, columnBox, pre, post]) {
      box.onchange = () => void draw();
    }
    followUnitFilter(context, () => {
      listUnits();
      void draw();
    });
    const reason = await loadTrials();
    if (reason) {
      return cannotDisplay(host, context, WHAT, reason);
    }
    await draw();
  }
};
