/**
 * Local session search with ONE's rules (`One.search` in local mode):
 * string fields match when they *contain* the query (regex when wildcards are
 * on, the default; case-sensitive; list values OR-ed), `date_range` is
 * inclusive, `number` exact, and `datasets` requires every name to full-match
 * the file name of an existing dataset with QC at or below `dataset_qc_lte`.
 * `dataset_contains` is the forgiving form users type (`--dataset wheel.position`): every
 * name must be *part of* a file name, as Alyx's remote search (icontains) and
 * ONE's documentation describe; a regex when wildcards are on.
 * Results are sorted by (date, subject, number), newest first.
 */
import { datasetsByEid, IOneCache, ISessionRecord } from './cache';
import { InvalidQueryError } from './errors';
import { parseQc, QcName, qcRank } from './qc';

export interface ISearchQuery {
  subject?: string | string[];
  /** Lab name(s) (ONE's `laboratory`, abbreviable to `lab`). */
  laboratory?: string | string[];
  projects?: string | string[];
  task_protocol?: string | string[];
  /** One date (that day) or [from, to], either end null for open. */
  date_range?: string | [string | null, string | null] | [string];
  number?: number | string | (number | string)[];
  /** Dataset names every session must have (regex full match on the file name). */
  datasets?: string | string[];
  /** Parts of dataset file names every session must have (regex search, not full match). */
  dataset_contains?: string | string[];
  dataset_qc_lte?: QcName | number;
}

export const SEARCH_TERMS = [
  'datasets',
  'dataset_contains',
  'date_range',
  'laboratory',
  'number',
  'projects',
  'subject',
  'task_protocol',
  'dataset_qc_lte'
] as const;

/** Expand an abbreviated search key (`subj` → `subject`) like ONE's `autocomplete`. */
export function completeSearchTerm(
  term: string
): (typeof SEARCH_TERMS)[number] {
  const key = term.toLowerCase();
  if ((SEARCH_TERMS as readonly string[]).includes(key)) {
    return key as (typeof SEARCH_TERMS)[number];
  }
  const matches = SEARCH_TERMS.filter(t => t.startsWith(key));
  if (matches.length !== 1) {
    throw new InvalidQueryError(
      term,
      matches.length
        ? `ambiguous search term (${matches.join(', ')})`
        : 'unknown search term',
      `Use one of ${SEARCH_TERMS.join(', ')}.`
    );
  }
  return matches[0];
}

/** Normalise user keys (abbreviations allowed) into an `ISearchQuery`. */
export function normaliseQuery(raw: Record<string, unknown>): ISearchQuery {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v !== undefined) {
      out[completeSearchTerm(k)] = v;
    }
  }
  return out as ISearchQuery;
}

const asList = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

function regexOf(query: string, what: string): RegExp {
  try {
    return new RegExp(query);
  } catch (err) {
    throw new InvalidQueryError(
      what,
      `invalid regular expression (${(err as Error).message})`,
      'Escape special characters or turn wildcards off.'
    );
  }
}

/** A regex matching `text` literally anywhere (wildcards off). */
function literal(text: string): RegExp {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

function contains(
  values: string | string[],
  wildcards: boolean,
  what: string
): (s: string) => boolean {
  const parts = asList(values);
  if (!wildcards) {
    return s => parts.some(p => s.includes(p));
  }
  const re = regexOf(parts.join('|'), what);
  return s => re.test(s);
}

/** Inclusive [start, end] ISO dates; a single date means that day. */
export function dateBounds(
  range: ISearchQuery['date_range']
): [string, string] {
  const day = (d: string | null | undefined, fallback: string) =>
    d ? String(d).slice(0, 10) : fallback;
  if (range === undefined || range === null) {
    return ['0000-01-01', '9999-12-31'];
  }
  if (!Array.isArray(range)) {
    return [day(range, ''), day(range, '')];
  }
  if (range.length === 1) {
    return [day(range[0], '0000-01-01'), '9999-12-31'];
  }
  if (range.length !== 2) {
    throw new InvalidQueryError(
      JSON.stringify(range),
      'date_range needs one or two dates',
      'Pass a date or [from, to].'
    );
  }
  return [day(range[0], '0000-01-01'), day(range[1], '9999-12-31')];
}

function parseNumber(n: number | string): number {
  const v = Number(n);
  if (!Number.isInteger(v)) {
    throw new InvalidQueryError(
      String(n),
      'session number must be an integer',
      "Pass e.g. 1 or '001'."
    );
  }
  return v;
}

/** Sessions matching all filters, as eids sorted newest first. */
export function searchSessions(
  cache: IOneCache,
  query: ISearchQuery,
  wildcards = true
): string[] {
  return searchSessionRecords(cache, query, wildcards).map(s => s.eid);
}

/** Like `searchSessions` but returns the session records. */
export function searchSessionRecords(
  cache: IOneCache,
  query: ISearchQuery,
  wildcards = true
): ISessionRecord[] {
  let sessions = cache.sessions;
  const text: [keyof ISearchQuery, (s: ISessionRecord) => string][] = [
    ['subject', s => s.subject],
    ['laboratory', s => s.lab],
    ['projects', s => s.projects],
    ['task_protocol', s => s.taskProtocol]
  ];
  for (const [key, field] of text) {
    const value = query[key] as string | string[] | undefined;
    if (value !== undefined) {
      const test = contains(value, wildcards, String(key));
      sessions = sessions.filter(s => test(field(s)));
    }
  }
  if (query.date_range !== undefined) {
    const [start, end] = dateBounds(query.date_range);
    sessions = sessions.filter(s => s.date >= start && s.date <= end);
  }
  if (query.number !== undefined) {
    const numbers = new Set(asList(query.number).map(parseNumber));
    sessions = sessions.filter(s => numbers.has(s.number));
  }
  if (
    query.datasets !== undefined ||
    query.dataset_contains !== undefined ||
    query.dataset_qc_lte !== undefined
  ) {
    const level = qcRank(parseQc(query.dataset_qc_lte ?? 'FAIL'));
    // As in ONE, `dataset_qc_lte` alone searches for the empty name.
    const exact = asList(query.datasets ?? []).map(q =>
      regexOf(`^(?:${q})$`, 'datasets')
    );
    const partial = asList(query.dataset_contains ?? []).map(q =>
      wildcards ? regexOf(q, 'dataset_contains') : literal(q)
    );
    const names = [...exact, ...partial];
    if (names.length === 0) {
      names.push(/^$/);
    }
    const byEid = datasetsByEid(cache);
    sessions = sessions.filter(s => {
      const usable = (byEid.get(s.eid) ?? []).filter(
        d => d.exists && qcRank(d.qc) <= level
      );
      const files = usable.map(d =>
        d.relPath.slice(d.relPath.lastIndexOf('/') + 1)
      );
      return (
        usable.length > 0 && names.every(re => files.some(f => re.test(f)))
      );
    });
  }
  return [...sessions].sort((a, b) => {
    if (a.date !== b.date) {
      return a.date < b.date ? 1 : -1;
    }
    if (a.subject !== b.subject) {
      return a.subject < b.subject ? 1 : -1;
    }
    return b.number - a.number;
  });
}
