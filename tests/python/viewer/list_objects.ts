/**
 * Oracle bridge: print, as one JSON document on stdout, what the viewer's
 * model finds in each NWB file named on the command line.
 */
import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import { openSample } from '../../ts/viewer/openSample';

async function describe(path: string): Promise<unknown> {
  const { source, close } = await openSample(path);
  try {
    const model = await loadNwbFile(source);
    return {
      objects: model.objects.map(o => ({
        path: o.path,
        type: o.neurodataType,
        namespace: o.namespace ?? null,
        ancestry: o.ancestry
      })),
      counts: model.counts,
      overview: model.overview,
      namespaces: model.specs.namespaces,
      warnings: model.specs.warnings
    };
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
    JSON.stringify(result, (_, v) => (typeof v === 'bigint' ? Number(v) : v))
  );
}

void main();
