import { followFilter } from '../filter/honour';
import { keptElectrodes, unitsOfElectrodes } from '../filter/keptElectrodes';
import { formatValue } from '../model/text';
import type { INeurodataNode } from '../model/tree';
import { labelled, selectBox, serialDraw } from './controls';
import { h, message } from './dom';
import { colorFor, groupColors } from './palette';
import { loadPlotly, themeLayout } from './plotly';
import type { INwbView, IViewContext } from './registry';
import { tableLayout } from '../tables/tableColumns';
import { rowsOf } from '../tables/tablePage';

/** Coordinate pairs, probe-relative first. */
const COORDINATES: [string, string][] = [
  ['rel_x', 'rel_y'],
  ['x', 'y'],
  ['y', 'z']
];

const hasColumn = (node: INeurodataNode, name: string) =>
  node.children.some(c => c.name === name && c.kind === 'dataset');

const isElectrodes = (node: INeurodataNode) =>
  !node.softLink &&
  (node.ancestry.includes('ElectrodesTable') ||
    (node.name === 'electrodes' && node.ancestry.includes('DynamicTable')));

/** The coordinate pairs present in an electrodes table. */
export function coordinatePairs(node: INeurodataNode): [string, string][] {
  return COORDINATES.filter(
    ([x, y]) => hasColumn(node, x) && hasColumn(node, y)
  );
}

/**
 * Electrode positions (probe layout) coloured by brain region. With the tab's units
 * filter on a units table that points here, the electrodes holding the kept units
 * (their peak electrodes) stand out and the others fade.
 */
export const electrodesView: INwbView = {
  id: 'probe',
  label: 'Probe layout',
  priority: 45,
  canHandle: node => isElectrodes(node) && coordinatePairs(node).length > 0,
  async render(host: HTMLElement, context: IViewContext) {
    const layout = tableLayout(context.node);
    const rows = layout.rows;
    const column = async (name: string): Promise<unknown[] | undefined> => {
      const c = layout.columns.find(col => col.name === name);
      return c && c.indexPaths.length === 0
        ? rowsOf(await context.read(c.path, [[0, rows]]), rows)
        : undefined;
    };
    const pairs = coordinatePairs(context.node);
    const colourNames = ['location', 'group_name'].filter(n =>
      hasColumn(context.node, n)
    );
    const pairBox = selectBox(
      'coordinates',
      pairs.map(p => [p.join(','), `${p[0]} / ${p[1]}`])
    );
    const colourBox = selectBox(
      'colour by',
      [['', '(none)'], ...colourNames.map(n => [n, n])] as [string, string][],
      colourNames[0] ?? ''
    );
    const plot = h('div', {
      class: 'jp-NwbViewer-plot jp-NwbViewer-plotTall',
      'data-testid': 'nwb-probe'
    });
    const status = h(
      'span',
      { class: 'jp-NwbViewer-range' },
      `${rows} electrodes`
    );
    host.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        labelled('coordinates', pairBox),
        labelled('colour by', colourBox),
        status
      ),
      plot
    );
    const linkedUnits = unitsOfElectrodes(
      context.read,
      context.model,
      context.node.path
    );
    const probes = (await column('group_name'))?.map(v => formatValue(v));
    const plotly = await loadPlotly();
    context.signal.addEventListener('abort', () => plotly.purge(plot));
    const draw = serialDraw(async () => {
      const kept = await keptElectrodes(linkedUnits, context.rowFilter);
      const [xName, yName] = pairBox.value.split(',');
      const [xs, ys] = (await Promise.all([
        column(xName),
        column(yName)
      ])) as unknown[][];
      const colour = colourBox.value
        ? (await column(colourBox.value))?.map(v => formatValue(v))
        : undefined;
      // Probe-relative coordinates overlap between probes: set probes side by side.
      const offsets = probeOffsets(xName, xs.map(Number), probes);
      const labels = colour ? [...new Set(colour)] : ['electrodes'];
      const colors = groupColors(plot);
      const theme = themeLayout(plot);
      const axis = theme.xaxis as Record<string, unknown>;
      const traces = labels.map((label, g) => {
        const members = Array.from({ length: rows }, (_, r) => r).filter(
          r => !colour || colour[r] === label
        );
        return {
          type: 'scatter',
          mode: 'markers',
          name: label,
          x: members.map(r => Number(xs[r]) + offsets[r]),
          y: members.map(r => Number(ys[r])),
          text: members.map(
            r =>
              `row ${r}${probes ? ` · ${probes[r]}` : ''} · ${label}` +
              (kept?.rows.has(r) ? ' · peak electrode of a kept unit' : '')
          ),
          hoverinfo: 'text+x+y',
          marker: {
            size: 7,
            symbol: 'square',
            color: colorFor(colors, g),
            opacity: kept ? members.map(r => (kept.rows.has(r) ? 1 : FADED)) : 1
          }
        };
      });
      await plotly.react(
        plot,
        traces,
        {
          ...theme,
          margin: { l: 60, r: 10, t: 10, b: 40 },
          showlegend: labels.length > 1,
          xaxis: { ...axis, title: { text: xName } },
          yaxis: { ...axis, title: { text: yName } }
        },
        { responsive: true, displaylogo: false }
      );
      plot.setAttribute('data-groups', String(labels.length));
      plot.setAttribute(
        'data-kept-electrodes',
        kept ? [...kept.rows].sort((a, b) => a - b).join(',') : ''
      );
      status.textContent = kept
        ? `${rows} electrodes · ${kept.rows.size} hold the ${kept.kept} of ${kept.total} units kept · filtered: ${kept.filters.join('; ')}`
        : `${rows} electrodes`;
    });
    pairBox.onchange = () => void draw();
    colourBox.onchange = () => void draw();
    for (const units of linkedUnits) {
      followFilter(context, units.units.path, () => void draw());
    }
    if (rows === 0) {
      host.replaceChildren(
        message(
          'info',
          `Cannot display ${context.node.path} as a probe layout because it has no rows.`
        )
      );
      return;
    }
    await draw();
  }
};

/** Opacity of the electrodes that hold no kept unit while a units filter is on. */
const FADED = 0.15;

/** Horizontal offset per electrode so each probe (group) of rel_x gets its own column. */
export function probeOffsets(
  xName: string,
  xs: number[],
  probes?: string[]
): number[] {
  if (xName !== 'rel_x' || !probes) {
    return xs.map(() => 0);
  }
  const names = [...new Set(probes)];
  const finite = xs.filter(Number.isFinite);
  const span = finite.length ? Math.max(...finite) - Math.min(...finite) : 0;
  const gap = Math.max(span, 1) * 2;
  return probes.map(p => names.indexOf(p) * gap);
}
