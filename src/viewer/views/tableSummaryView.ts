import { filterNote, followFilter } from '../filter/honour';
import { summariseColumn, type ColumnSummary } from '../tables/columnSummary';
import { serialDraw } from './controls';
import { h, message } from './dom';
import { PlotHost, themeLayout } from './plotly';
import { handlesType, type INwbView, type IViewContext } from './registry';
import { tableLayout } from '../tables/tableColumns';

/** Columns summarised at most (the table view shows them all). */
const MAX_COLUMNS = 12;
/** Rows read per column at most; longer columns are summarised on their first rows. */
const MAX_ROWS = 200_000;

/**
 * A DynamicTable's columns summarised, as nwbwidgets' "Summary" tab:
 * histograms of numbers, counts of categories. Flat one-value-per-row
 * columns only (ragged and multi-dimensional ones are in the table view).
 */
export const tableSummaryView: INwbView = {
  id: 'summary',
  label: 'Summary',
  priority: 30,
  canHandle: handlesType('DynamicTable'),
  async render(host: HTMLElement, context: IViewContext) {
    const layout = tableLayout(context.node);
    const flat = layout.columns.filter(
      c => c.indexPaths.length === 0 && c.shape?.length === 1
    );
    if (flat.length === 0 || layout.rows === 0) {
      const note = message(
        'info',
        `Cannot summarise ${context.node.path} because it has ${layout.rows === 0 ? 'no rows' : 'no column with one value per row'}.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      host.append(note);
      return;
    }
    const rows = Math.min(layout.rows, MAX_ROWS);
    const path = context.node.path;
    // Only the rows the tab's filter keeps (units), redrawn when it changes.
    const summarise = serialDraw(async () => {
      const kept = context.rowFilter?.rowsOf(path)?.rows;
      const keep = (values: ArrayLike<unknown>): ArrayLike<unknown> =>
        kept ? Array.from(values).filter((_, row) => kept.has(row)) : values;
      host.replaceChildren(
        h(
          'div',
          { class: 'jp-NwbViewer-range' },
          `${Math.min(flat.length, MAX_COLUMNS)} of ${layout.columns.length} columns${rows < layout.rows ? `, first ${rows} of ${layout.rows} rows` : `, ${rows} rows`}${kept ? `, ${[...kept].filter(r => r < rows).length} kept` : ''}${filterNote(context, path)}`
        )
      );
      for (const column of flat.slice(0, MAX_COLUMNS)) {
        const info = await context.source.info(column.path);
        const section = h('section', {
          class: 'jp-NwbViewer-series',
          'data-column': column.name
        });
        section.append(h('h3', {}, column.name));
        host.append(section);
        if (!['integer', 'float', 'string', 'enum'].includes(info.typeClass)) {
          section.append(
            h('p', {}, `${info.typeClass} values: see the table.`)
          );
          continue;
        }
        const values = (await context.read(column.path, [
          [0, rows]
        ])) as ArrayLike<unknown>;
        await drawSummary(section, summariseColumn(keep(values)), context);
      }
    });
    followFilter(context, path, () => void summarise());
    await summarise();
  }
};

async function drawSummary(
  section: HTMLElement,
  summary: ColumnSummary,
  context: IViewContext
): Promise<void> {
  if (summary.kind === 'counts') {
    const table = h('table', {
      class: 'jp-NwbViewer-fields',
      'data-testid': 'nwb-value-counts'
    });
    for (const [value, count] of summary.values) {
      table.append(h('tr', {}, h('th', {}, value), h('td', {}, String(count))));
    }
    if (summary.others) {
      table.append(
        h(
          'tr',
          {},
          h('th', {}, '(others)'),
          h('td', {}, String(summary.others))
        )
      );
    }
    section.append(table);
    return;
  }
  const plot = h('div', {
    'data-testid': 'nwb-histogram',
    style: 'height: 180px'
  });
  section.append(plot);
  if (summary.missing) {
    section.append(h('p', {}, `${summary.missing} NaN values left out.`));
  }
  const theme = themeLayout(plot);
  const axis = theme.xaxis as Record<string, unknown>;
  // Bars drawn as a filled step line: the viewer's plotly has no bar trace.
  const x = summary.edges;
  const y = [...summary.counts, summary.counts[summary.counts.length - 1]];
  await new PlotHost(plot, context.signal).react(
    [
      {
        type: 'scatter',
        mode: 'lines',
        x,
        y,
        line: { shape: 'hv', width: 1 },
        fill: 'tozeroy',
        hoverinfo: 'x+y'
      }
    ],
    {
      ...theme,
      height: 180,
      margin: { l: 50, r: 10, t: 5, b: 30 },
      xaxis: axis,
      yaxis: { ...axis, title: { text: 'rows' } }
    },
    { responsive: true, displaylogo: false }
  );
}
