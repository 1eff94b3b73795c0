/**
 * Dataset filtering with ONE's rules (`one.util.filter_datasets`): file name
 * patterns (string, list or dict of ALF parts), collection and revision
 * matching, QC threshold, and "last revision before" selection.
 */
import {
  ALF_PART_PATTERNS,
  AlfPartName,
  AlfPatternOverrides,
  fileSpec,
  splitRelPath
} from './alf';
import { IDatasetRecord } from './cache';
import { AmbiguousDatasetError, InvalidQueryError } from './errors';
import { parseQc, QcName, qcRank } from './qc';

export type Pattern = string | string[];

/** A dataset name: a pattern (list = OR) or a dict of ALF part patterns. */
export type FilenameQuery =
  | Pattern
  | Partial<
      Record<
        | 'namespace'
        | 'object'
        | 'attribute'
        | 'timescale'
        | 'extra'
        | 'extension',
        Pattern
      >
    >;

export interface IDatasetFilter {
  filename?: FilenameQuery;
  /** undefined: any collection or none; '': none; else must match entirely. */
  collection?: Pattern;
  revision?: string;
  /** Select the last revision before `revision` (default true) instead of matching it. */
  revisionLastBefore?: boolean;
  /** Keep datasets whose QC is at or below this (default FAIL). */
  qc?: QcName | number;
  ignoreQcNotSet?: boolean;
  /** Shell globs (ONE's default) instead of regular expressions. */
  wildcards?: boolean;
  /** Require a single collection / dataset (errors otherwise). */
  assertUnique?: boolean;
}

/** Translate a shell glob to a regex source (like Python's `fnmatch.translate`, unanchored). */
export function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      out += '.*';
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
      if (body.startsWith('!')) {
        body = `^${body.slice(1)}`;
      } else if (body.startsWith('^')) {
        body = `\\${body}`;
      }
      out += `[${body}]`;
      i = end;
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
    }
  }
  return out;
}

const list = (p: Pattern): string[] => (Array.isArray(p) ? p : [p]);

function partPattern(p: Pattern, wildcards: boolean): string {
  return list(p)
    .map(x => (wildcards ? globToRegex(x) : x))
    .join('|');
}

/** `[collection/][#revision#/]`: undefined → optional, '' → absent, value → required. */
function folderSpec(
  collection: Pattern | undefined,
  revision: Pattern | undefined,
  wildcards: boolean
): string {
  const part = (
    name: 'collection' | 'revision',
    value: Pattern | undefined,
    wrap: (g: string) => string
  ) => {
    if (value === undefined) {
      return `(?:${wrap(`(?<${name}>${ALF_PART_PATTERNS[name]})`)})?`;
    }
    return value === ''
      ? ''
      : wrap(`(?<${name}>${partPattern(value, wildcards)})`);
  };
  return (
    part('collection', collection, g => `${g}/`) +
    part('revision', revision, g => `#${g}#/`)
  );
}

/** The regex ONE builds over `rel_path` (anchored at the start). */
export function datasetRegex(filter: IDatasetFilter): RegExp {
  const wildcards = filter.wildcards ?? true;
  // No file name means any valid ALF file name, as in ONE.
  const filename = filter.filename ?? {};
  const revision =
    filter.revisionLastBefore === false ? filter.revision : undefined;
  const spec = folderSpec(filter.collection, revision, wildcards);
  if (typeof filename === 'string' || Array.isArray(filename)) {
    // As in ONE the alternatives are not grouped: only the first one follows the
    // folder prefix. A leading * must not swallow the collection folders.
    const names = list(filename).map(
      x => (wildcards ? globToRegex(x).replace(/^\.\*/, '[^/]*') : x) + '$'
    );
    return new RegExp(`^${spec}${names.join('|')}`);
  }
  const overrides: AlfPatternOverrides = {};
  for (const [part, value] of Object.entries(filename)) {
    if (value !== undefined) {
      overrides[part as AlfPartName] = partPattern(value, wildcards);
    }
  }
  const required = {
    namespace: filename.namespace !== undefined,
    timescale: filename.timescale !== undefined,
    extra: filename.extra !== undefined
  };
  return new RegExp(`^${spec}${fileSpec(overrides, required)}`);
}

function revisionOf(relPath: string): string {
  return splitRelPath(relPath).revision;
}

/** Last revision `<=` the requested one (greatest when none requested), ONE's `index_last_before`. */
export function indexLastBefore(
  revisions: string[],
  revision?: string
): number | null {
  if (revisions.length === 0) {
    return null;
  }
  const sorted = [...revisions].sort().reverse();
  const pick =
    revision === undefined ? sorted[0] : sorted.find(r => r <= revision);
  return pick === undefined ? null : revisions.indexOf(pick);
}

/** Per dataset (rel_path without its revision folder), keep one revision. */
export function filterRevisionLastBefore(
  datasets: IDatasetRecord[],
  revision?: string,
  assertUnique = true
): IDatasetRecord[] {
  const groups = new Map<string, IDatasetRecord[]>();
  for (const d of datasets) {
    const key = d.relPath.replace(/#.*#\//, '');
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  const out: IDatasetRecord[] = [];
  for (const [key, group] of groups) {
    if (
      revision === undefined &&
      group.some(d => d.defaultRevision !== undefined)
    ) {
      const defaults = group.filter(d => d.defaultRevision);
      if (assertUnique && defaults.length > 1) {
        throw new AmbiguousDatasetError(
          key,
          defaults.map(d => d.relPath)
        );
      }
      if (defaults.length === 1) {
        out.push(defaults[0]);
        continue;
      }
      if (group.length === 1) {
        out.push(group[0]);
        continue;
      }
    }
    const idx = indexLastBefore(
      group.map(d => revisionOf(d.relPath)),
      revision
    );
    if (idx !== null) {
      out.push(group[idx]);
    }
  }
  return out;
}

/** Filter dataset records like ONE's `filter_datasets`. */
export function filterDatasets(
  datasets: IDatasetRecord[],
  filter: IDatasetFilter = {}
): IDatasetRecord[] {
  let regex: RegExp;
  try {
    regex = datasetRegex(filter);
  } catch (err) {
    throw new InvalidQueryError(
      JSON.stringify(filter.filename ?? ''),
      `invalid dataset pattern (${(err as Error).message})`,
      'Check the glob or regular expression; set wildcards to false only for regular expressions.'
    );
  }
  const level = qcRank(parseQc(filter.qc ?? 'FAIL'));
  const matched = datasets.filter(
    d =>
      regex.test(d.relPath) &&
      qcRank(d.qc) <= level &&
      !(filter.ignoreQcNotSet && d.qc === 'NOT_SET')
  );
  const lastBefore = filter.revisionLastBefore ?? true;
  if (matched.length === 0 || !(lastBefore || filter.assertUnique)) {
    return matched;
  }
  const what = JSON.stringify(filter.filename ?? '*');
  if (filter.assertUnique) {
    const collections = new Set(
      matched.map(d => splitRelPath(d.relPath).collection)
    );
    if (collections.size > 1) {
      throw new AmbiguousDatasetError(
        what,
        [...collections].map(c => c || '(no collection)')
      );
    }
    if (!lastBefore) {
      if (matched.length > 1) {
        throw new AmbiguousDatasetError(
          what,
          matched.map(d => d.relPath)
        );
      }
      return matched;
    }
  }
  const chosen = filterRevisionLastBefore(
    matched,
    filter.revision,
    filter.assertUnique ?? false
  );
  if (filter.assertUnique && chosen.length > 1) {
    throw new AmbiguousDatasetError(
      what,
      chosen.map(d => d.relPath)
    );
  }
  return chosen;
}
