/**
 * The waveform view of a Units table: one unit's `waveform_mean` (± the
 * `waveform_sd` band where present) drawn on its probe's channel geometry,
 * the peak channel and its neighbours within a radius; a unit picker and
 * paging over the units the row filter keeps.
 */
import { formatValue } from '../model/text';
import {
  button,
  labelled,
  numberBox,
  selectBox,
  serialDraw,
  setOptions
} from '../views/controls';
import { h, message } from '../views/dom';
import { colorFor, groupColors } from '../views/palette';
import { PlotHost, themeLayout } from '../views/plotly';
import type { INwbView, IViewContext } from '../views/registry';
import { rowsOf } from '../tables/tablePage';
import { neighbours, peakChannel, waveformElectrodes } from './geometry';
import {
  electrodesTable,
  readGeometry,
  readUnitElectrodes,
  readWaveform,
  waveformColumns
} from './unitWaveformsData';
import { waveformLayout } from './waveformTraces';

/** Default radius around the peak channel (µm): about 10 Neuropixels rows. */
const RADIUS_UM = 100;

export const unitWaveformsView: INwbView = {
  id: 'unit-waveforms',
  label: 'Waveforms',
  priority: 20,
  canHandle: node =>
    !node.softLink &&
    node.ancestry.includes('Units') &&
    node.children.some(c => c.name === 'waveform_mean'),
  async render(host: HTMLElement, context: IViewContext) {
    const found = waveformColumns(context.node);
    if ('reason' in found) {
      const note = message(
        'info',
        `Cannot display waveforms of ${context.node.path} because ${found.reason}.`
      );
      note.setAttribute('data-testid', 'nwb-cannot-display');
      host.append(note);
      return;
    }
    const columns = found.columns;
    const unitsPath = context.node.path;
    const nameColumn = ['unit_name', 'id']
      .map(n =>
        context.node.children.find(c => c.name === n && c.kind === 'dataset')
      )
      .find(c => c?.shape?.[0] === columns.units);
    const names = nameColumn
      ? rowsOf(
          await context.read(nameColumn.path, [[0, columns.units]]),
          columns.units
        ).map(v => formatValue(v))
      : Array.from({ length: columns.units }, (_, u) => String(u));
    const table = electrodesTable(context.node, context.model.tree);
    const [geometry, unitElectrodes] = await Promise.all([
      table ? readGeometry(context.read, table) : null,
      readUnitElectrodes(context.read, context.node)
    ]);
    const unitBox = selectBox('unit', []);
    const previous = button('◀', 'Previous unit');
    const next = button('▶', 'Next unit');
    const radiusBox = numberBox('radius (µm)', RADIUS_UM, 10);
    const status = h('span', { class: 'jp-NwbViewer-range' });
    const note = h('div', {});
    const plot = h('div', {
      class: 'jp-NwbViewer-plot jp-NwbViewer-plotTall',
      'data-testid': 'nwb-unit-waveforms'
    });
    host.append(
      h(
        'div',
        { class: 'jp-NwbViewer-toolbar' },
        labelled('unit', unitBox),
        previous,
        next,
        columns.channels > 1 ? labelled('radius (µm)', radiusBox) : null,
        status
      ),
      note,
      plot
    );
    const plotHost = new PlotHost(plot, context.signal);
    const kept = () =>
      Array.from({ length: columns.units }, (_, u) => u).filter(
        u => context.rowFilter?.accepts(unitsPath, u) ?? true
      );
    const fillPicker = () => {
      const units = kept();
      const current = unitBox.value;
      setOptions(
        unitBox,
        units.map(u => [String(u), `${names[u]} (row ${u})`]),
        units.map(String).includes(current) ? current : String(units[0] ?? '')
      );
      return units;
    };

    const draw = serialDraw(async () => {
      const units = fillPicker();
      note.replaceChildren();
      if (!units.length) {
        status.textContent = `No unit passes the filter (${context.rowFilter?.rowsOf(unitsPath)?.expression ?? ''}).`;
        plot.setAttribute('data-unit', '');
        return;
      }
      const u = Number(unitBox.value);
      const { mean, sd } = await readWaveform(context.read, columns, u);
      const channels = columns.channels;
      const peak = peakChannel(mean, columns.samples, channels);
      const own = unitElectrodes?.[u] ?? null;
      const groupOf =
        geometry?.groups && own?.length ? geometry.groups[own[0]] : null;
      const probeRows =
        geometry?.groups && groupOf !== null
          ? geometry.groups.flatMap((g, r) => (g === groupOf ? [r] : []))
          : null;
      const placed =
        channels > 1 && geometry
          ? waveformElectrodes({
              channels,
              unitElectrodes: own,
              probeRows,
              tableRows: geometry.rows
            })
          : null;
      let positions = null;
      let drawn: number[];
      if (placed && 'rows' in placed && geometry) {
        positions = placed.rows.map(r => geometry.positions[r]);
        drawn = neighbours(
          positions,
          peak,
          Number(radiusBox.value) || RADIUS_UM
        );
      } else {
        // Not placed on the probe: every channel, stacked in stored order.
        drawn = Array.from({ length: channels }, (_, c) => c);
        if (channels > 1) {
          const why =
            placed && 'reason' in placed
              ? placed.reason
              : `the electrodes table has no probe geometry (${table ? 'no rel_x/rel_y or x/y columns' : 'no electrodes table'})`;
          const info = message(
            'info',
            `Cannot place the waveforms of ${unitsPath} on the probe because ${why}; the ${channels} channels are stacked in stored order.`
          );
          info.setAttribute('data-testid', 'nwb-cannot-display');
          note.append(info);
        }
      }
      const shape = waveformLayout({
        mean,
        sd,
        samples: columns.samples,
        channels,
        drawn,
        positions
      });
      const colors = groupColors(plot);
      const theme = themeLayout(plot);
      const axis = theme.xaxis as Record<string, unknown>;
      const peakRow = placed && 'rows' in placed ? placed.rows[peak] : null;
      const traces = shape.traces.flatMap((t, i) => {
        const color = colorFor(colors, i === 0 ? 0 : 1);
        const label =
          placed && 'rows' in placed
            ? `electrode ${placed.rows[t.channel]}`
            : `channel ${t.channel}`;
        const band = t.bandX.length
          ? [
              {
                type: 'scatter',
                mode: 'lines',
                x: t.bandX,
                y: t.bandY,
                fill: 'toself',
                fillcolor: color,
                opacity: 0.25,
                line: { width: 0 },
                hoverinfo: 'skip',
                showlegend: false
              }
            ]
          : [];
        return [
          ...band,
          {
            type: 'scatter',
            mode: 'lines',
            x: t.x,
            y: t.y,
            name: label,
            line: { width: i === 0 ? 2 : 1, color },
            hoverinfo: 'name',
            showlegend: false
          }
        ];
      });
      const time = columns.rate
        ? `${((1000 * columns.samples) / columns.rate).toFixed(2)} ms`
        : `${columns.samples} samples`;
      status.textContent =
        `${names[u]} · ${drawn.length} of ${channels} channel(s)` +
        `${peakRow !== null ? ` · peak electrode ${peakRow}` : ` · peak channel ${peak}`}` +
        ` · ${time} a trace · ${shape.microvoltsPerUnit.toPrecision(3)} µV per ${positions ? 'µm' : 'row'}` +
        `${sd ? ' · band ± SD' : ''}` +
        `${placed && 'rows' in placed ? ` · channels: ${placed.rule}` : ''}`;
      await plotHost.react(
        traces,
        {
          ...theme,
          margin: { l: 60, r: 10, t: 10, b: 40 },
          showlegend: false,
          xaxis: {
            ...axis,
            title: { text: positions ? axisTitle(geometry!.pair[0]) : '' },
            showticklabels: !!positions
          },
          yaxis: {
            ...axis,
            title: {
              text: positions
                ? axisTitle(geometry!.pair[1])
                : 'channel (stored order)'
            },
            showticklabels: !!positions
          }
        },
        { responsive: true, displaylogo: false }
      );
      plot.setAttribute('data-unit', String(u));
      plot.setAttribute('data-channels', String(drawn.length));
      plot.setAttribute('data-placed', String(!!positions));
    });
    const step = (by: number) => {
      const units = kept();
      const at = units.indexOf(Number(unitBox.value));
      const to = units[Math.max(0, Math.min(units.length - 1, at + by))];
      if (to !== undefined) {
        unitBox.value = String(to);
        void draw();
      }
    };
    previous.onclick = () => step(-1);
    next.onclick = () => step(1);
    unitBox.onchange = () => void draw();
    radiusBox.onchange = () => void draw();
    const onFilter = (_: unknown, path: string) =>
      path === unitsPath && void draw();
    context.rowFilter?.changed.connect(onFilter);
    context.signal.addEventListener('abort', () =>
      context.rowFilter?.changed.disconnect(onFilter)
    );
    const start = Number(context.state?.unit);
    fillPicker();
    if (Number.isInteger(start) && kept().includes(start)) {
      unitBox.value = String(start);
    }
    await draw();
  }
};

/**
 * Probe-relative positions are in µm (NWB's rel_x/rel_y as written by
 * ibl2nwb, SpikeInterface and neuroconv); x/y are the writer's brain
 * coordinates, whose unit the schema leaves open.
 */
function axisTitle(column: string): string {
  return column.startsWith('rel_') ? `${column} (µm)` : column;
}
