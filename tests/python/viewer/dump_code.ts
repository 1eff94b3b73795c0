/**
 * Oracle bridge for the filter and the code actions:
 * `tsx dump_code.ts FILE REQUEST_JSON` prints the units the viewer's filter
 * keeps and the code "Copy code" would give for an object of FILE (read
 * through h5wasm, as in the browser).
 * REQUEST_JSON: `{ object, target, window?: {start,length}, filter?: expression }`,
 * `target` being the path the code names (the notebook runs beside it), or
 * `url` instead: the URL it names (the code then reads it with remfile), or
 * an array of them (one file opening for several objects: answers in order).
 */
import { codeRequest } from '../../../src/viewer/code/codeRequest';
import { codeFor } from '../../../src/viewer/code/snippets';
import { applyUnitsFilter } from '../../../src/viewer/filter/applyFilter';
import { unitsTables } from '../../../src/viewer/filter/filterBar';
import { UnitColumns } from '../../../src/viewer/filter/unitColumns';
import { RowFilter } from '../../../src/viewer/model/rowFilter';
import type { H5Slice } from '../../../src/viewer/model/source';
import {
  loadNwbFile,
  type INwbFileModel
} from '../../../src/viewer/model/nwbFile';
import { findNode } from '../../../src/viewer/model/tree';
import { openSample } from '../../ts/viewer/openSample';

interface IRequest {
  object: string;
  target: string;
  url?: string;
  window?: { start: number; length: number };
  filter?: string;
}

async function main(): Promise<void> {
  const [file, json] = process.argv.slice(2);
  const parsed = JSON.parse(json) as IRequest | IRequest[];
  const { source, close } = await openSample(file);
  try {
    const read = (p: string, s?: H5Slice) => source.read(p, s);
    const model = await loadNwbFile(source);
    const answers = [];
    for (const request of Array.isArray(parsed) ? parsed : [parsed]) {
      answers.push(await answer(request, model, read));
    }
    process.stdout.write(
      JSON.stringify(Array.isArray(parsed) ? answers : answers[0])
    );
  } finally {
    close();
  }
}

async function answer(
  request: IRequest,
  model: INwbFileModel,
  read: (p: string, s?: H5Slice) => Promise<unknown>
): Promise<unknown> {
  const node = findNode(model.tree, request.object);
  if (!node) {
    throw new Error(`no object at ${request.object}`);
  }
  const table = unitsTables(model)[0];
  const columns = table ? new UnitColumns(read, model, table) : undefined;
  const rowFilter = new RowFilter();
  let kept: number[] | null = null;
  if (request.filter && columns) {
    await applyUnitsFilter(request.filter, columns, rowFilter);
    kept = [...(rowFilter.rowsOf(table.path)?.rows ?? [])].sort(
      (a, b) => a - b
    );
  }
  const code = codeFor(
    await codeRequest(
      {
        target: request.url
          ? { kind: 'url', url: request.url, label: request.target }
          : { kind: 'server', path: request.target },
        node,
        viewLabel: 'Session raster',
        window: request.window ?? null,
        filter:
          request.filter && columns && node.path === table.path
            ? { expression: request.filter, columns }
            : null
      },
      ''
    )
  );
  return { code, kept, region: columns?.regionSource ?? null };
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
