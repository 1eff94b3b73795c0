/**
 * Oracle bridge for the driftmap: `tsx dump_driftmap.ts FILE REQUEST_JSON`
 * prints the image the driftmap view computes for one probe (read through
 * h5wasm with the view's own reader). REQUEST_JSON:
 * `{ probe?, cols, rows, window?: [t0, t1], span?: [a, b] }`.
 */
import { DriftmapReader } from '../../../src/viewer/driftmap/driftStream';
import { driftmapLayout } from '../../../src/viewer/driftmap/layout';
import type { H5Slice } from '../../../src/viewer/model/source';
import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import { findNode } from '../../../src/viewer/model/tree';
import { openSample } from '../../ts/viewer/openSample';

interface IRequest {
  probe?: string;
  cols: number;
  rows: number;
  window?: [number, number];
  span?: [number, number];
}

async function main(): Promise<void> {
  const [file, json] = process.argv.slice(2);
  const request = JSON.parse(json) as IRequest;
  const { source, close } = await openSample(file);
  try {
    const model = await loadNwbFile(source);
    const found = driftmapLayout(findNode(model.tree, '/units')!);
    if ('reason' in found) {
      throw new Error(found.reason);
    }
    const layout = found.layout;
    const read = (p: string, s?: H5Slice) => source.read(p, s);
    const probes = layout.probePath
      ? Array.from((await read(layout.probePath)) as ArrayLike<unknown>, String)
      : null;
    const reader = new DriftmapReader(read, layout, p => source.info(p));
    let paints = 0;
    const image = await reader.stream(
      {
        layout,
        keep: u => !probes || probes[u] === request.probe,
        cols: request.cols,
        rows: request.rows,
        window: request.window
          ? { t0: request.window[0], t1: request.window[1] }
          : null,
        span: request.span
      },
      () => paints++
    );
    console.log(
      JSON.stringify({
        time: image?.time,
        depth: image?.depth,
        spikes: image?.spikes ?? 0,
        count: Array.from(image?.count ?? []),
        sum: Array.from(image?.sum ?? []),
        max: Array.from(image?.max ?? [], v => (v === -Infinity ? null : v)),
        paints
      })
    );
  } finally {
    close();
  }
}

void main();
