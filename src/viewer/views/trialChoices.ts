import type { INeurodataNode } from '../model/tree';
import {
  defaultAlignEvent,
  intervalTables,
  readTrials,
  type ITrialsData
} from '../spikes/trialsData';
import { selectBox, setOptions } from './controls';
import type { IViewContext } from './registry';

/**
 * The trial controls every trial-aligned view shares (units PSTH, the
 * aligned view of any series): which intervals table, which event to align
 * to, and up to two columns to group by.
 */
export class TrialChoices {
  readonly tables: INeurodataNode[];
  readonly table: HTMLSelectElement;
  readonly align = selectBox('align to', []);
  readonly group = selectBox('group by', []);
  readonly then = selectBox('and by', []);
  /** The table read last, or null when it cannot be aligned to. */
  trials: ITrialsData | null = null;

  constructor(private readonly context: IViewContext) {
    this.tables = intervalTables(context.model);
    this.table = selectBox(
      'intervals table',
      this.tables.map(t => [t.path, t.path])
    );
  }

  /**
   * Read the chosen table and offer its events and columns, the view's
   * starting state (`align`, `groupBy`) first where the table has them.
   * Resolves to why it cannot be aligned to, or null.
   */
  async load(status: HTMLElement): Promise<string | null> {
    const table =
      this.tables.find(t => t.path === this.table.value) ?? this.tables[0];
    const read = await readTrials(this.context.read, table);
    if ('reason' in read) {
      this.trials = null;
      status.textContent = `Cannot align because ${read.reason}.`;
      return read.reason;
    }
    this.trials = read;
    const state = this.context.state;
    const events = [...read.times.keys()];
    const align = String(state?.align ?? '');
    setOptions(
      this.align,
      events.map(e => [e, e]),
      read.times.has(align) ? align : defaultAlignEvent(events)
    );
    const columns: [string, string][] = [
      ['', '(none)'],
      ...[...read.groups.keys()].map(g => [g, g] as [string, string])
    ];
    const group = String(state?.groupBy ?? '');
    setOptions(this.group, columns, read.groups.has(group) ? group : '');
    setOptions(this.then, columns, '');
    return null;
  }
}
