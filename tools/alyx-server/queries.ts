/**
 * Server-side list filters with the lookup semantics of the Alyx filter classes
 * (one_alyx.md §4: iexact subject/lab, inclusive date_range, icontains
 * task_protocol/projects, `datasets` = all names present…) and DRF
 * limit/offset paging with `next` links built like DRF's.
 */
import { AlyxRecord, IAlyxDatabase } from './database';

const QC_VALUES: Record<string, number> = {
  NOT_SET: 0,
  PASS: 10,
  WARNING: 30,
  FAIL: 40,
  CRITICAL: 50
};

/** A filter the test server does not implement: answered with HTTP 400. */
export class UnsupportedFilterError extends Error {}

const lower = (v: unknown) => String(v ?? '').toLowerCase();
const iexact = (a: unknown, b: string) => lower(a) === b.toLowerCase();
const icontains = (a: unknown, b: string) => lower(a).includes(b.toLowerCase());
const uuidOf = (v: unknown) => String(v ?? '').slice(-36);

function qcRank(value: string): number {
  const upper = value.toUpperCase();
  if (upper in QC_VALUES) {
    return QC_VALUES[upper];
  }
  const n = Number(value);
  return Number.isFinite(n) ? n : QC_VALUES.FAIL;
}

/** `django=pk,<id>` / `pk__in,(...)` / `id__in,[...]` (the forms ONE sends). */
function djangoFilter(
  value: string,
  idOf: (r: AlyxRecord) => string
): (r: AlyxRecord) => boolean {
  const m = /^(pk|id)(__in)?,(.*)$/.exec(value);
  if (!m) {
    throw new UnsupportedFilterError(`django=${value}`);
  }
  const ids = m[2] ? (m[3].match(/[0-9a-f-]{36}/gi) ?? []) : [m[3].trim()];
  return r => ids.includes(idOf(r));
}

type Params = URLSearchParams;
type Test = (r: AlyxRecord) => boolean;

function sessionTests(db: IAlyxDatabase, p: Params): Test[] {
  const tests: Test[] = [];
  const get = (k: string) => p.get(k) ?? undefined;
  const subject = get('subject') ?? get('nickname');
  if (subject) {
    tests.push(r => iexact(r.subject, subject));
  }
  const lab = get('lab');
  if (lab) {
    tests.push(r => iexact(r.lab, lab));
  }
  const range = get('date_range');
  if (range) {
    const [start, end] = range.split(',');
    tests.push(
      r =>
        r.start_time.slice(0, 10) >= start &&
        r.start_time.slice(0, 10) <= (end ?? start)
    );
  }
  const number = get('number');
  if (number) {
    tests.push(r => Number(r.number) === Number(number));
  }
  const protocol = get('task_protocol');
  if (protocol) {
    tests.push(r => icontains(r.task_protocol, protocol));
  }
  const project = get('projects') ?? get('project');
  if (project) {
    tests.push(r =>
      (r.projects ?? []).some((x: string) => icontains(x, project))
    );
  }
  const users = get('users');
  if (users) {
    tests.push(r => users.split(',').every(u => (r.users ?? []).includes(u)));
  }
  const qcLte = qcRank(get('dataset_qc_lte') ?? 'FAIL');
  const names = get('datasets');
  const detail = (r: AlyxRecord) =>
    db.sessions.get(r.id)?.data_dataset_session_related ?? [];
  const passing = (d: AlyxRecord) => qcRank(d.qc ?? 'NOT_SET') <= qcLte;
  if (names) {
    tests.push(r =>
      names
        .split(',')
        .every(n =>
          detail(r).some((d: AlyxRecord) => d.name === n && passing(d))
        )
    );
  } else if (get('dataset_qc_lte')) {
    tests.push(r => detail(r).some(passing));
  }
  const types = get('dataset_types');
  if (types) {
    tests.push(r =>
      types
        .split(',')
        .every(t => detail(r).some((d: AlyxRecord) => d.dataset_type === t))
    );
  }
  const id = get('id');
  if (id) {
    tests.push(r => r.id === id);
  }
  return tests;
}

function datasetTests(p: Params): Test[] {
  const tests: Test[] = [];
  const exact: Record<string, (r: AlyxRecord) => unknown> = {
    session: r => uuidOf(r.session),
    name: r => r.name,
    collection: r => r.collection ?? '',
    dataset_type: r => r.dataset_type,
    revision: r => r.revision ?? '',
    hash: r => r.hash
  };
  for (const [key, field] of Object.entries(exact)) {
    const value = p.get(key);
    if (value !== null) {
      tests.push(r => String(field(r)) === value);
    }
  }
  const qc = p.get('qc');
  if (qc) {
    tests.push(r => iexact(r.qc ?? 'NOT_SET', qc));
  }
  const exists = p.get('exists');
  if (exists) {
    const want = lower(exists) === 'true';
    tests.push(
      r =>
        (r.file_records ?? []).some(
          (f: AlyxRecord) => f.exists && f.data_url
        ) === want
    );
  }
  return tests;
}

function insertionTests(p: Params): Test[] {
  const tests: Test[] = [];
  for (const key of ['session', 'name']) {
    const value = p.get(key);
    if (value) {
      tests.push(r => String(r[key]) === value);
    }
  }
  const subject = p.get('subject');
  if (subject) {
    tests.push(r => iexact(r.session_info?.subject, subject));
  }
  const lab = p.get('lab');
  if (lab) {
    tests.push(r => iexact(r.session_info?.lab, lab));
  }
  return tests;
}

function fieldTests(
  p: Params,
  fields: string[],
  iexactFields: string[] = []
): Test[] {
  const tests: Test[] = [];
  for (const key of fields) {
    const value = p.get(key);
    if (value) {
      tests.push(r =>
        iexactFields.includes(key)
          ? iexact(r[key], value)
          : String(r[key]) === value
      );
    }
  }
  return tests;
}

/** The filtered records of a list endpoint, in the server's order. */
export function filterList(
  db: IAlyxDatabase,
  endpoint: string,
  records: AlyxRecord[],
  p: Params
): AlyxRecord[] {
  const builders: Record<string, () => Test[]> = {
    sessions: () => sessionTests(db, p),
    datasets: () => datasetTests(p),
    insertions: () => insertionTests(p),
    subjects: () => fieldTests(p, ['nickname', 'lab'], ['lab']),
    labs: () => fieldTests(p, ['name']),
    revisions: () => fieldTests(p, ['name']),
    'dataset-types': () => fieldTests(p, ['name']),
    'data-repository': () => fieldTests(p, ['name'])
  };
  const tests = builders[endpoint]?.() ?? [];
  const django = p.get('django');
  if (django) {
    const idOf = (r: AlyxRecord) => String(r.id ?? uuidOf(r.url));
    tests.push(djangoFilter(django, idOf));
  }
  return records.filter(r => tests.every(t => t(r)));
}

/** Python's quote_plus, so `next` links look like DRF's. */
function quotePlus(text: string): string {
  return encodeURIComponent(text)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%7E/g, '~');
}

function linkWith(
  origin: string,
  path: string,
  p: Params,
  changes: Record<string, number | null>
): string {
  const entries = new Map<string, string>();
  p.forEach((value, key) => entries.set(key, value));
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) {
      entries.delete(key);
    } else {
      entries.set(key, String(value));
    }
  }
  const query = [...entries.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`)
    .join('&');
  return `${origin}${path}${query ? `?${query}` : ''}`;
}

/** DRF LimitOffsetPagination: `{count, next, previous, results}`. */
export function page(
  records: AlyxRecord[],
  p: Params,
  origin: string,
  path: string,
  pageSize: number
): AlyxRecord {
  const limit = Math.min(
    1000,
    Math.max(1, Number(p.get('limit') ?? pageSize) || pageSize)
  );
  const offset = Math.max(0, Number(p.get('offset') ?? 0) || 0);
  const count = records.length;
  const next =
    offset + limit < count
      ? linkWith(origin, path, p, { limit, offset: offset + limit })
      : null;
  const previous =
    offset <= 0
      ? null
      : linkWith(origin, path, p, {
          limit,
          offset: offset - limit <= 0 ? null : offset - limit
        });
  return {
    count,
    next,
    previous,
    results: records.slice(offset, offset + limit)
  };
}
