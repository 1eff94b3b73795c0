/**
 * Oracle bridge: for each NWB file on the command line, what the views
 * would show — the default view of every typed object, the first page of
 * every table, the first samples of every TimeSeries — as JSON on stdout.
 */
import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import { createDefaultRegistry } from '../../../src/viewer/views/defaultRegistry';
import {
  readSeriesWindow,
  seriesLayout
} from '../../../src/viewer/series/seriesData';
import { tableLayout } from '../../../src/viewer/tables/tableColumns';
import { readTablePage } from '../../../src/viewer/tables/tablePage';
import { timeSpan } from '../../../src/viewer/series/timeAxis';
import { openSample } from '../../ts/viewer/openSample';

const PAGE = 20;
const SAMPLES = 50;

async function describe(path: string): Promise<unknown> {
  const { source, close } = await openSample(path);
  const registry = createDefaultRegistry();
  const read = (p: string, s?: [number, number][]) => source.read(p, s);
  try {
    const model = await loadNwbFile(source);
    const objects: Record<string, unknown> = {};
    for (const node of model.objects) {
      const views = registry.viewsFor(node, model).map(v => v.id);
      const entry: Record<string, unknown> = { views };
      try {
        if (views[0] === 'table') {
          const layout = tableLayout(node);
          const page = await readTablePage(read, layout, 0, PAGE);
          entry.table = {
            columns: layout.columns.map(c => c.name),
            rows: layout.rows,
            ...page
          };
        } else if (views[0] === 'timeseries') {
          const found = await seriesLayout(source, node);
          if ('reason' in found) {
            entry.reason = found.reason;
          } else {
            const { layout } = found;
            const [t0] = await timeSpan(layout.axis);
            // Just enough time for the first 50 samples (all of them in a short series).
            const rate = layout.axis.kind === 'rate' ? layout.axis.rate : 1;
            const length = layout.axis.length;
            const t1 =
              layout.axis.kind === 'timestamps'
                ? length > SAMPLES
                  ? await layout.axis.at(SAMPLES)
                  : Infinity
                : t0 + SAMPLES / rate;
            const window = await readSeriesWindow(
              source,
              layout,
              { t0, t1, firstChannel: 0, channelCount: 4, pixels: 1e6 },
              read
            );
            entry.series = {
              axis: layout.axis.kind,
              samples: window.samples,
              traces: window.traces.map(t => ({
                channel: t.channel,
                time: Array.from(t.time),
                value: Array.from(t.value)
              }))
            };
          }
        }
      } catch (error) {
        entry.error = String(error);
      }
      objects[node.path] = entry;
    }
    return { objects };
  } catch (error) {
    return { error: String(error) };
  } finally {
    close();
  }
}

async function main(): Promise<void> {
  const result: Record<string, unknown> = {};
  for (const path of process.argv.slice(2)) {
    result[path] = await describe(path);
  }
  process.stdout.write(
    JSON.stringify(result, (_, v) =>
      typeof v === 'bigint'
        ? Number(v)
        : typeof v === 'number' && !isFinite(v)
          ? String(v)
          : v
    )
  );
}

void main();
