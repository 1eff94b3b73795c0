import type { INwbFileModel } from '../model/nwbFile';
import type { H5Slice } from '../model/source';
import { findNode, type INeurodataNode } from '../model/tree';

/** A span of one PatchClampSeries: `count` samples from `start` (count -1: to the end). */
export interface ISeriesSpan {
  readonly path: string;
  readonly start: number;
  readonly count: number;
}

/** One sweep: the stimulus a cell was given and the response recorded. */
export interface ISweep {
  readonly label: string;
  readonly stimulus?: ISeriesSpan;
  readonly response?: ISeriesSpan;
}

/** Sweeps drawn together (a sequential recording, a repetition, …). */
export interface ISweepGroup {
  readonly label: string;
  readonly sweeps: ISweep[];
}

export type Reader = (path: string, slice?: H5Slice) => Promise<unknown>;

/**
 * The icephys tables (NWB ≥ 2.4) and, for NWB 2.0–2.2 files, the SweepTable.
 * Each higher table's rows point at rows of the one below through a
 * DynamicTableRegion column, down to the IntracellularRecordingsTable, whose
 * rows are (stimulus, response) pairs.
 */
export const ICEPHYS_TABLES: Readonly<Record<string, string | null>> = {
  IntracellularRecordingsTable: null,
  SimultaneousRecordingsTable: 'recordings',
  SequentialRecordingsTable: 'simultaneous_recordings',
  RepetitionsTable: 'sequential_recordings',
  ExperimentalConditionsTable: 'repetitions',
  SweepTable: null
};

export const icephysTableType = (node: INeurodataNode): string | undefined =>
  node.ancestry.find(t => t in ICEPHYS_TABLES);

/** Rows of a table that has them (its `id` column). */
function tableRows(table: INeurodataNode): number {
  return table.children.find(c => c.name === 'id')?.shape?.[0] ?? 0;
}

const child = (table: INeurodataNode, name: string) =>
  table.children.find(c => c.name === name);

/** The path a resolved reference points at (h5wasm gives a scalar attribute's as a list of one). */
const referencePath = (value: unknown): string | null =>
  Array.isArray(value)
    ? value.length === 1
      ? referencePath(value[0])
      : null
    : ((value as { reference?: string | null } | null)?.reference ?? null);

const numbers = (values: unknown): number[] =>
  Array.from(values as ArrayLike<number | bigint>, Number);

/**
 * Walks the icephys tables of one file: every row of any of them resolves to
 * the sweeps it groups, reading each column once.
 */
export class IcephysTables {
  private readonly columns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly model: INwbFileModel,
    private readonly read: Reader
  ) {}

  /** The groups a table offers: its rows, or all its rows for row-per-sweep tables. */
  async groups(table: INeurodataNode, maxRows = 200): Promise<ISweepGroup[]> {
    const type = icephysTableType(table);
    const rows = Math.min(tableRows(table), maxRows);
    const ids = rows ? numbers(await this.column(`${table.path}/id`)) : [];
    if (type === 'IntracellularRecordingsTable' || type === 'SweepTable') {
      const sweeps: ISweep[] = [];
      for (let r = 0; r < rows; r++) {
        sweeps.push(...(await this.sweepsOf(table, r)));
      }
      return [{ label: `all ${rows} rows`, sweeps }];
    }
    const stimulusType = child(table, 'stimulus_type');
    const types = stimulusType ? await this.column(stimulusType.path) : null;
    const groups: ISweepGroup[] = [];
    for (let r = 0; r < rows; r++) {
      const kind = Array.isArray(types) ? ` (${String(types[r])})` : '';
      groups.push({
        label: `row ${ids[r] ?? r}${kind}`,
        sweeps: await this.sweepsOf(table, r)
      });
    }
    return groups;
  }

  /** The sweeps row `row` of `table` stands for. */
  async sweepsOf(table: INeurodataNode, row: number): Promise<ISweep[]> {
    const type = icephysTableType(table);
    if (type === 'IntracellularRecordingsTable') {
      return [await this.recording(table, row)];
    }
    if (type === 'SweepTable') {
      return this.sweepTableRow(table, row);
    }
    const region = type ? ICEPHYS_TABLES[type] : null;
    const column = region ? child(table, region) : undefined;
    if (!column) {
      throw new Error(`${table.path} has no ${region ?? 'region'} column`);
    }
    const target = referencePath(column.attrs.table);
    const targetNode = target ? findNode(this.model.tree, target) : undefined;
    if (!targetNode) {
      throw new Error(
        `${column.path} points at no table of this file (its "table" attribute is ${String(target)})`
      );
    }
    const rows = await this.raggedRow(table, region!, row);
    const sweeps: ISweep[] = [];
    for (const r of rows) {
      sweeps.push(...(await this.sweepsOf(targetNode, Number(r))));
    }
    return sweeps;
  }

  /** One row of the IntracellularRecordingsTable: its stimulus and response spans. */
  private async recording(table: INeurodataNode, row: number): Promise<ISweep> {
    const span = async (category: string, name: string) => {
      const path = `${table.path}/${category}/${name}`;
      if (!this.model.tree || !findNode(this.model.tree, path)) {
        return undefined;
      }
      const value = ((await this.column(path)) as unknown[])[row] as unknown[];
      const [start, count, ref] = value ?? [];
      const series = referencePath(ref);
      // TimeSeriesReference: idx_start -1 (or no series) means "no stimulus".
      return series && Number(start) >= 0
        ? { path: series, start: Number(start), count: Number(count) }
        : undefined;
    };
    const response = await span('responses', 'response');
    return {
      label: response ? `${baseName(response.path)}` : `recording ${row}`,
      stimulus: await span('stimuli', 'stimulus'),
      response
    };
  }

  /**
   * One row of an NWB 2.0–2.2 SweepTable: the series of one sweep number,
   * paired stimulus with response in the order they are listed.
   */
  private async sweepTableRow(
    table: INeurodataNode,
    row: number
  ): Promise<ISweep[]> {
    const refs = await this.raggedRow(table, 'series', row, true);
    const paths = (refs as unknown[])
      .map(referencePath)
      .filter((p): p is string => !!p);
    const isStimulus = (path: string) =>
      findNode(this.model.tree, path)?.ancestry.some(t =>
        t.endsWith('StimulusSeries')
      ) ?? false;
    const stimuli = paths.filter(isStimulus);
    const responses = paths.filter(p => !isStimulus(p));
    const numbersColumn = child(table, 'sweep_number');
    const sweep = numbersColumn
      ? numbers(await this.column(numbersColumn.path))[row]
      : row;
    const count = Math.max(stimuli.length, responses.length);
    return Array.from({ length: count }, (_, i) => ({
      label: `sweep ${sweep}${count > 1 ? ` #${i + 1}` : ''}`,
      stimulus: stimuli[i]
        ? { path: stimuli[i], start: 0, count: -1 }
        : undefined,
      response: responses[i]
        ? { path: responses[i], start: 0, count: -1 }
        : undefined
    }));
  }

  /** The values of row `row` of a ragged column (`name` + `name_index`). */
  private async raggedRow(
    table: INeurodataNode,
    name: string,
    row: number,
    raw = false
  ): Promise<unknown[]> {
    const index = numbers(await this.column(`${table.path}/${name}_index`));
    const from = row > 0 ? index[row - 1] : 0;
    const values = (await this.column(
      `${table.path}/${name}`
    )) as ArrayLike<unknown>;
    const slice = Array.from(values).slice(from, index[row]);
    return raw ? slice : slice.map(Number);
  }

  private column(path: string): Promise<unknown> {
    if (!this.columns.has(path)) {
      this.columns.set(path, this.read(path));
    }
    return this.columns.get(path)!;
  }
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
