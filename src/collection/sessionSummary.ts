/**
 * One row of the sessions table and what the region view needs of a file,
 * read from the few small datasets that hold it (subject, date, lab, probe
 * groups, the units' region and firing-rate columns, the trials table's
 * column names) — never spike times, so indexing a file costs a few pages
 * whatever its size.
 */
import type { IH5Entry, IH5Source } from '../viewer/model/source';
import {
  asNumber,
  asText,
  asTextList,
  formatValue
} from '../viewer/model/text';
import { rowsOf } from '../viewer/tables/tablePage';
import type { RegionMap } from './atlas/regionMap';
import { REGION_LEVELS, type RegionLevel } from './regionLevels';

const UNITS = '/units';
const TRIALS = '/intervals/trials';
const ECEPHYS = '/general/extracellular_ephys';
const ELECTRODES = `${ECEPHYS}/electrodes`;

/** What the index keeps of one file. */
export interface ISessionSummary {
  /** Path under the Jupyter root. */
  readonly path: string;
  readonly sessionId: string;
  readonly subject: string;
  /** `session_start_time` as written (ISO 8601). */
  readonly start: string;
  readonly lab: string;
  /** Electrode groups (one per probe in IBL files). */
  readonly probes: string[];
  readonly units: number;
  readonly trials: number;
  /** The region of each unit at each level; `unknown` where the file says nothing. */
  readonly unitRegions: Record<RegionLevel, string[]>;
  /** Firing rate of each unit in Hz (the `firing_rate` column), or null without one. */
  readonly firingRates: number[] | null;
  /** Numeric `*_time` columns of the trials table (align choices). */
  readonly trialEvents: string[];
  /** Other 1-D columns of the trials table (grouping choices). */
  readonly trialColumns: string[];
  /** Why some field is missing (e.g. "no units table"). */
  readonly notes: string[];
}

export const UNKNOWN_REGION = 'unknown';

/** Read the summary of an open file. `path` is how the collection names it. */
export async function readSessionSummary(
  source: IH5Source,
  path: string,
  /** Allen acronym → Beryl, Cosmos: for files that name only Allen regions. */
  regionMap?: RegionMap
): Promise<ISessionSummary> {
  const notes: string[] = [];
  const text = async (dataset: string) =>
    (await maybe(() => source.read(dataset)).then(asText)) ?? '';
  const [sessionId, subject, start, lab, institution] = await Promise.all([
    text('/general/session_id'),
    text('/general/subject/subject_id'),
    text('/session_start_time'),
    text('/general/lab'),
    text('/general/institution')
  ]);
  const probes = ((await maybe(() => source.list(ECEPHYS))) ?? [])
    .filter(e => e.attrs.neurodata_type === 'ElectrodeGroup')
    .map(e => e.name);

  // The units table's column names come from its `colnames` attribute, read
  // with the root's links: listing /units would read the object header of
  // every column (spike data included), scattered over the file.
  const root = (await maybe(() => source.list('/'))) ?? [];
  const unitsGroup = root.find(e => e.name === 'units' && e.kind === 'group');
  let units = 0;
  let unitRegions = emptyRegions(0);
  let firingRates: number[] | null = null;
  if (!unitsGroup) {
    notes.push('no units table');
  } else {
    const columns = asTextList(unitsGroup.attrs.colnames);
    units = (await maybe(() => source.info(`${UNITS}/id`)))?.shape?.[0] ?? 0;
    unitRegions = await readUnitRegions(
      source,
      columns,
      units,
      notes,
      regionMap
    );
    if (columns.includes('firing_rate')) {
      firingRates = rowsOf(
        await source.read(`${UNITS}/firing_rate`),
        units
      ).map(v => asNumber(v) ?? NaN);
    } else {
      notes.push('no firing_rate column in /units');
    }
  }

  const trialEntries = await maybe(() => source.list(TRIALS));
  const plain = (trialEntries ?? []).filter(
    e => e.kind === 'dataset' && e.shape?.length === 1 && !isIndex(e)
  );
  if (!trialEntries) {
    notes.push('no trials table');
  }
  return {
    path,
    sessionId,
    subject,
    start,
    lab: lab || institution,
    probes,
    units,
    trials: trialEntries ? rowCount(trialEntries) : 0,
    unitRegions,
    firingRates,
    trialEvents: plain
      .filter(e => /_time$/.test(e.name) && isNumeric(e.dtype))
      .map(e => e.name),
    trialColumns: plain
      .filter(e => !/_time$/.test(e.name) && e.name !== 'id' && !isRegion(e))
      .map(e => e.name),
    notes
  };
}

/**
 * Units' regions: IBL files (ours and DANDI 000409) keep `allen_location`,
 * `beryl_location`, `cosmos_location` on the units table; other files only
 * on the electrodes table (`location` is the Allen acronym), reached
 * through each unit's first electrode.
 */
async function readUnitRegions(
  source: IH5Source,
  columns: string[],
  units: number,
  notes: string[],
  regionMap?: RegionMap
): Promise<Record<RegionLevel, string[]>> {
  const regions = emptyRegions(units);
  const missing: RegionLevel[] = [];
  let electrodeRows: number[] | null | undefined;
  let electrodeColumns: IH5Entry[] | null | undefined;
  for (const level of REGION_LEVELS) {
    if (columns.includes(level.unitsColumn)) {
      regions[level.name] = texts(
        await source.read(`${UNITS}/${level.unitsColumn}`),
        units
      );
      continue;
    }
    if (electrodeRows === undefined) {
      electrodeRows = await firstElectrodes(source, columns, units);
      electrodeColumns = electrodeRows
        ? await maybe(() => source.list(ELECTRODES))
        : null;
    }
    const column = electrodeColumns?.find(c =>
      level.electrodesColumns.includes(c.name)
    );
    if (!electrodeRows || !column) {
      missing.push(level.name);
      continue;
    }
    const all = texts(await source.read(column.path), column.shape?.[0] ?? 0);
    const rows = electrodeRows;
    regions[level.name] = rows.map(r => all[r] || UNKNOWN_REGION);
  }
  const allenKnown = !missing.includes('allen') && units > 0;
  for (const level of missing) {
    const title = REGION_LEVELS.find(l => l.name === level)?.title;
    if (level === 'allen' || !allenKnown || !regionMap) {
      notes.push(`no ${title} region of the units`);
      continue;
    }
    // The coarser level of each unit's Allen region, as iblatlas maps it.
    const k = level === 'beryl' ? 0 : 1;
    regions[level] = regions.allen.map(
      a => regionMap[a]?.[k] ?? UNKNOWN_REGION
    );
    notes.push(`${title} regions mapped from the Allen acronyms`);
  }
  return regions;
}

/** Row of each unit's first electrode, or null without an `electrodes` column. */
async function firstElectrodes(
  source: IH5Source,
  columns: string[],
  units: number
): Promise<number[] | null> {
  const region = `${UNITS}/electrodes`;
  if (!columns.includes('electrodes') || units === 0) {
    return null;
  }
  // A ragged column's index is not in colnames: ask for it.
  const index = await maybe(() => source.info(`${region}_index`));
  if (!index) {
    return rowsOf(await source.read(region), units).map(v => asNumber(v) ?? -1);
  }
  const ends = rowsOf(await source.read(index.path), units).map(
    v => asNumber(v) ?? 0
  );
  const total = ends[ends.length - 1] ?? 0;
  const flat = rowsOf(await source.read(region, [[0, total]]), total);
  return ends.map((end, u) => {
    const start = u === 0 ? 0 : ends[u - 1];
    return end > start ? (asNumber(flat[start]) ?? -1) : -1;
  });
}

/** Rows of a listed DynamicTable from its `id` column (0 when it has none). */
function rowCount(columns: IH5Entry[]): number {
  return columns.find(c => c.name === 'id')?.shape?.[0] ?? 0;
}

function emptyRegions(units: number): Record<RegionLevel, string[]> {
  const unknown = () => new Array<string>(units).fill(UNKNOWN_REGION);
  return { allen: unknown(), beryl: unknown(), cosmos: unknown() };
}

function texts(values: unknown, rows: number): string[] {
  return rowsOf(values, rows).map(v => formatValue(v) || UNKNOWN_REGION);
}

const isIndex = (e: IH5Entry) => e.attrs.neurodata_type === 'VectorIndex';
const isRegion = (e: IH5Entry) =>
  String(e.attrs.neurodata_type ?? '').includes('Region');
const isNumeric = (dtype?: string) =>
  !!dtype && /^[<>|=!]?[fiu]\d*$|^[<>|=!]?[bBhHiIlLqQfd]$/.test(dtype);

/** The value, or undefined when the object is missing or unreadable. */
async function maybe<T>(get: () => Promise<T>): Promise<T | undefined> {
  try {
    return await get();
  } catch {
    return undefined;
  }
}
