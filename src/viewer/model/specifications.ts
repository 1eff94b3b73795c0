import type { IH5Source } from './source';
import { asText } from './text';

/** One type definition found in a schema: its name, parent and namespace. */
export interface ITypeDef {
  readonly name: string;
  readonly parent: string | null;
  readonly namespace: string;
}

/** The cached namespaces of a file and the type definitions they hold. */
export interface ICachedSpecs {
  /** namespace name → the version that was read (the highest cached). */
  readonly namespaces: Record<string, string>;
  readonly types: ITypeDef[];
  /** Problems met while reading (a broken cache must not stop the viewer). */
  readonly warnings: string[];
}

/**
 * Collect every `neurodata_type_def` (NWB) or `data_type_def` (hdmf-common)
 * in a schema source, including types nested inside other specs.
 */
export function collectTypeDefs(
  spec: unknown,
  namespace: string,
  out: ITypeDef[] = []
): ITypeDef[] {
  if (Array.isArray(spec)) {
    spec.forEach(item => collectTypeDefs(item, namespace, out));
    return out;
  }
  if (!spec || typeof spec !== 'object') {
    return out;
  }
  const record = spec as Record<string, unknown>;
  const def = record.neurodata_type_def ?? record.data_type_def;
  if (typeof def === 'string') {
    const inc = record.neurodata_type_inc ?? record.data_type_inc;
    out.push({
      name: def,
      parent: typeof inc === 'string' ? inc : null,
      namespace
    });
  }
  for (const key of ['groups', 'datasets']) {
    if (record[key]) {
      collectTypeDefs(record[key], namespace, out);
    }
  }
  return out;
}

/** Compare version strings numerically where they are numeric (`2.10.0` > `2.9.0`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\-_]/);
  const pb = b.split(/[.\-_]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = Number(x);
    const ny = Number(y);
    const diff =
      x !== '' && y !== '' && !isNaN(nx) && !isNaN(ny)
        ? nx - ny
        : x.localeCompare(y);
    if (diff !== 0) {
      return diff;
    }
  }
  return 0;
}

/** Read `/specifications/<namespace>/<version>/<source>` (JSON text datasets). */
export async function readCachedSpecs(
  source: IH5Source,
  rootNames: string[]
): Promise<ICachedSpecs> {
  const result: ICachedSpecs = { namespaces: {}, types: [], warnings: [] };
  if (!rootNames.includes('specifications')) {
    return result;
  }
  const namespaces = await source.list('/specifications');
  for (const ns of namespaces.filter(e => e.kind === 'group')) {
    try {
      const versions = (await source.list(ns.path)).filter(
        e => e.kind === 'group'
      );
      if (versions.length === 0) {
        continue;
      }
      const latest = versions
        .map(v => v.name)
        .sort(compareVersions)
        .pop() as string;
      result.namespaces[ns.name] = latest;
      const sources = await source.list(`${ns.path}/${latest}`);
      for (const entry of sources.filter(
        e => e.kind === 'dataset' && e.name !== 'namespace'
      )) {
        const text = asText(await source.read(entry.path));
        if (text === undefined) {
          result.warnings.push(`${entry.path} holds no text`);
          continue;
        }
        collectTypeDefs(JSON.parse(text), ns.name, result.types);
      }
    } catch (error) {
      result.warnings.push(`${ns.path}: ${String(error)}`);
    }
  }
  return result;
}
