/**
 * The "Raster Grid" view of a Units table (nwbwidgets' RasterGridWidget):
 * for one unit, a grid of trial-aligned rasters, rows × columns given by
 * two trials columns (e.g. contrast × choice). This file is the container:
 * it checks the table, reads, and hands data to the pure mapping.
 */
import { keptUnits } from '../spikes/keptUnits';
import { unitGrid } from '../spikes/unitConditions';
import {
  readTrials,
  intervalTables,
  type ITrialsData
} from '../spikes/trialsData';
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
import { rasterGridFigure } from './rasterGridFigure';

/** Row columns tried first (IBL's and common NWB names), then column ones. */
const ROW_COLUMNS = [
  'gabor_stimulus_contrast',
  'signed_contrast',
  'contrast',
  'contrastLeft',
  'probabilityLeft',
  'block_type'
];
const COLUMN_COLUMNS = [
  'mouse_wheel_choice',
  'is_mouse_rewarded',
  'choice',
  'feedbackType',
  'gabor_stimulus_side',
  'response'
];
/**
 * Markers over the whole grid before each cell keeps one spike per pixel
 * per trial (the trial raster's SVG budget: the grid is drawn in SVG).
 */
const MARKERS = 30_000;

const isUnits = handlesType('Units');
const WHAT = 'a raster grid';

export const rasterGridView: INwbView = {
  id: 'raster-grid',
  label: 'Raster grid',
  priority: 40,
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
    const unitBox = selectBox('unit', []);
    const prev = button('◀', 'Previous unit');
    const next = button('▶', 'Next unit');
    const alignBox = selectBox('align to', []);
    const rowsBox = selectBox('rows', []);
    const columnsBox = selectBox('columns', []);
    const pre = numberBox('window start (s)', -0.5, 0.1);
    const post = numberBox('window end (s)', 1, 0.1);
    const status = h('span', { class: 'jp-NwbViewer-range' });
    const note = h('div', {});
    const plot = h('div', {
      class: 'jp-NwbViewer-plot jp-NwbViewer-plotTall',
      'data-testid': 'nwb-raster-grid'
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
        labelled('rows', rowsBox),
        labelled('columns', columnsBox),
        labelled('from', pre),
        labelled('to', post),
        status
      ),
      note,
      plot
    );

    /** The unit picker lists the units the tab's filter keeps. */
    const listUnits = (): number[] => {
      const filter = context.rowFilter?.rowsOf(context.node.path);
      const units = keptUnits(names.length, filter?.rows);
      const current = unitBox.value || String(context.state?.unit ?? 0);
      const selected = units.includes(Number(current))
        ? current
        : String(units[0] ?? '');
      setOptions(
        unitBox,
        units.map(u => [String(u), names[u]]),
        selected
      );
      return units;
    };
    let units = listUnits();

    let trials: ITrialsData | null = null;
    const loadTrials = async (): Promise<string | null> => {
      const table = tables.find(t => t.path === tableBox.value) ?? tables[0];
      const read = await readTrials(context.read, table);
      if ('reason' in read) {
        trials = null;
        return read.reason;
      }
      trials = read;
      const events = [...read.times.keys()];
      setOptions(
        alignBox,
        events.map(e => [e, e]),
        preferredEvent(events)
      );
      const columns = [...read.groups.keys()];
      const options: [string, string][] = [
        ['', '(none)'],
        ...columns.map(c => [c, c] as [string, string])
      ];
      const rows = String(
        context.state?.rows ?? preferredColumn(columns, ROW_COLUMNS)
      );
      const rowColumn = read.groups.has(rows) ? rows : '';
      const cols = String(
        context.state?.columns ??
          preferredColumn(columns, COLUMN_COLUMNS, [rowColumn])
      );
      setOptions(rowsBox, options, rowColumn);
      setOptions(
        columnsBox,
        options,
        read.groups.has(cols) && cols !== rowColumn ? cols : ''
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
        plot.setAttribute('data-unit', '');
        return;
      }
      note.replaceChildren();
      plot.hidden = false;
      const unit = Number(unitBox.value);
      const from = Number(pre.value);
      const to = Math.max(Number(post.value), from + 1e-3);
      const { grid, aligned, cellSpikes } = unitGrid(
        await trains.unit(unit),
        trials,
        {
          align: alignBox.value,
          pre: from,
          post: to,
          rows: rowsBox.value,
          columns: columnsBox.value
        }
      );
      const figure = rasterGridFigure(
        grid,
        aligned,
        {
          pre: from,
          post: to,
          rowColumn: rowsBox.value,
          columnColumn: columnsBox.value,
          pixels: plot.clientWidth || 800,
          budget: MARKERS
        },
        groupColors(plot)[0],
        themeLayout(plot)
      );
      await plotHost.react(figure.data, figure.layout, {
        responsive: true,
        displaylogo: false
      });
      const used = grid.cells.reduce((n, c) => n + c.trials.length, 0);
      const drawn =
        figure.shown < figure.total
          ? ` (${figure.shown} drawn: one per pixel per trial)`
          : '';
      const filtered = filter ? ` · filter: ${filter.expression}` : '';
      status.textContent = `${used} of ${trials.rows} trials · ${grid.rowLabels.length} × ${grid.columnLabels.length} cells · ${figure.total} spikes${drawn}${filtered}`;
      plot.setAttribute('data-unit', String(unit));
      plot.setAttribute('data-rows', grid.rowLabels.join('|'));
      plot.setAttribute('data-columns', grid.columnLabels.join('|'));
      plot.setAttribute('data-cell-spikes', cellSpikes.join(','));
      plot.setAttribute(
        'data-cell-trials',
        grid.cells.map(c => c.trials.length).join(',')
      );
    });
    const step = (delta: number) => {
      const at = units.indexOf(Number(unitBox.value));
      const to = units[Math.min(units.length - 1, Math.max(0, at + delta))];
      if (to !== undefined) {
        unitBox.value = String(to);
      }
      void draw();
    };
    prev.onclick = () => step(-1);
    next.onclick = () => step(1);
    tableBox.onchange = () =>
      void loadTrials().then(reason => {
        status.textContent = reason ? `Cannot align because ${reason}.` : '';
        return draw();
      });
    for (const box of [unitBox, alignBox, rowsBox, columnsBox, pre, post]) {
      box.onchange = () => void draw();
    }
    followUnitFilter(context, () => {
      units = listUnits();
      void draw();
    });
    const reason = await loadTrials();
    if (reason) {
      return cannotDisplay(host, context, WHAT, reason);
    }
    await draw();
  }
};
