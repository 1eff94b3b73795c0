/**
 * ONE's search filters → Alyx query parameters, in the order and form Python
 * ONE sends them (`django` first, then the keys sorted; lists comma-joined;
 * date ranges reduced to calendar dates), so REST-cache keys match Python's.
 */
import { filterValue, QueryParams } from './query';

/** Filters of `one.search` (remote mode). */
export interface ISessionFilters {
  subject?: string;
  /** One date (that day), `[start]` (open end) or `[start, end]`; `null` = unbounded. */
  dateRange?: string | [string | null] | [string | null, string | null];
  lab?: string;
  projects?: string | string[];
  taskProtocol?: string;
  number?: number | string;
  /** Exact dataset file names the session must all have (e.g. `_ibl_trials.table.pqt`). */
  datasets?: string | string[];
  datasetQcLte?: string | number;
  datasetTypes?: string | string[];
  users?: string | string[];
  django?: string;
  /** Page size asked of the server. */
  limit?: number;
  /** Any other Alyx `/sessions` filter, sent as is. */
  extra?: Record<string, string | number | boolean | string[]>;
}

/** pandas' Timestamp bounds, which ONE uses for open date ranges. */
const MIN_DATE = '1677-09-21';
const MAX_DATE = '2262-04-11';

/** ONE's `validate_date_range` reduced to calendar dates. */
export function normaliseDateRange(
  range: ISessionFilters['dateRange']
): [string, string] {
  const day = (d: string | null, fallback: string) =>
    d === null ? fallback : d.slice(0, 10);
  if (typeof range === 'string') {
    return [day(range, MIN_DATE), day(range, MAX_DATE)];
  }
  if (!range) {
    return [MIN_DATE, MAX_DATE];
  }
  if (range.length === 1) {
    return [day(range[0], MIN_DATE), MAX_DATE];
  }
  return [day(range[0], MIN_DATE), day(range[1], MAX_DATE)];
}

/** The `/sessions` query parameters for a search. */
export function sessionSearchParams(filters: ISessionFilters): QueryParams {
  const named: Record<string, unknown> = {
    subject: filters.subject,
    date_range:
      filters.dateRange === undefined
        ? undefined
        : normaliseDateRange(filters.dateRange),
    lab: filters.lab,
    projects: filters.projects,
    task_protocol: filters.taskProtocol,
    number: filters.number === undefined ? undefined : Number(filters.number),
    datasets: filters.datasets,
    dataset_qc_lte: filters.datasetQcLte,
    dataset_types: filters.datasetTypes,
    users: filters.users,
    limit: filters.limit,
    ...filters.extra
  };
  const params: QueryParams = new Map();
  if (filters.django) {
    params.set('django', [filters.django]);
  }
  for (const key of Object.keys(named).sort()) {
    const value = named[key];
    if (value !== undefined && value !== null) {
      params.set(key, [filterValue(value)]);
    }
  }
  return params;
}

/** Generic filters (insertions, subjects, datasets…): values comma-joined, order kept. */
export function listParams(filters: Record<string, unknown> = {}): QueryParams {
  const params: QueryParams = new Map();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== null) {
      params.set(key, [filterValue(value)]);
    }
  }
  return params;
}
