/**
 * Oracle bridge for the collection: `tsx dump_collection.ts REQUEST_JSON FILE…`
 * prints the sessions-table summaries, the region table and the pooled PSTH
 * the collection view computes, read through h5wasm with the collection's
 * own code. REQUEST_JSON is an `IPsthRequest`.
 */
import { poolUnitPsths } from '../../../src/collection/poolPsth';
import {
  sessionRegionPsth,
  type IPsthRequest,
  type IUnitPsth
} from '../../../src/collection/regionPsth';
import { regionRows } from '../../../src/collection/regionTable';
import {
  readSessionSummary,
  type ISessionSummary
} from '../../../src/collection/sessionSummary';
import { REGION_MAP_JSON } from '../../../src/collection/atlas/regionMapData';
import { binEdges } from '../../../src/viewer/spikes/psth';
import { openSample } from '../../ts/viewer/openSample';

async function main(): Promise<void> {
  const [requestJson, ...files] = process.argv.slice(2);
  const request = JSON.parse(requestJson) as IPsthRequest;
  const edges = binEdges(request.pre, request.post, request.bin);
  const summaries: ISessionSummary[] = [];
  const units: IUnitPsth[] = [];
  for (const file of files) {
    const opened = await openSample(file);
    try {
      const summary = await readSessionSummary(
        opened.source,
        file,
        JSON.parse(REGION_MAP_JSON) as Record<string, [string, string]>
      );
      summaries.push(summary);
      units.push(
        ...(await sessionRegionPsth(opened.source, summary, request, edges))
      );
    } finally {
      opened.close();
    }
  }
  const pooled = poolUnitPsths(units, edges.length - 1);
  process.stdout.write(
    JSON.stringify({
      summaries,
      regions: regionRows(summaries, request.level).map(r => ({
        region: r.region,
        units: r.units,
        sessions: r.sessions
      })),
      edges: Array.from(edges),
      units: units.map(u => ({ path: u.path, unit: u.unit })),
      pooled: pooled.map(g => ({
        label: g.label,
        n: g.n,
        sessions: g.sessions,
        mean: Array.from(g.mean),
        sem: Array.from(g.sem)
      }))
    })
  );
}

main().catch(error => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
