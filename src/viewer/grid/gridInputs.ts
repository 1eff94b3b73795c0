/**
 * What the raster grid and the tuning curves read before drawing: the
 * Units table's spike trains, ids and counts, and the intervals tables to
 * align to. Shared by both views' containers.
 */
import { formatValue } from '../model/text';
import type { INeurodataNode } from '../model/tree';
import { intervalTables } from '../spikes/trialsData';
import { SpikeTrains, unitsLayout } from '../spikes/unitSpikes';
import { message } from '../views/dom';
import type { IViewContext } from '../views/registry';
import { rowsOf } from '../tables/tablePage';

/** Stimulus onset as IBL's NWB files (and ALF) name it, then NWB's trial start. */
export const PREFERRED_EVENTS = [
  'gabor_stimulus_onset_time',
  'stim_on_time',
  'stimOn_time',
  'start_time'
];

/** The event to align to first: a stimulus onset if the table has one. */
export function preferredEvent(events: readonly string[]): string {
  return PREFERRED_EVENTS.find(e => events.includes(e)) ?? events[0];
}

/** The first of `preferred` among `columns`, else the first not in `taken`. */
export function preferredColumn(
  columns: readonly string[],
  preferred: readonly string[],
  taken: readonly string[] = []
): string {
  return (
    preferred.find(c => columns.includes(c) && !taken.includes(c)) ??
    columns.find(c => !taken.includes(c)) ??
    ''
  );
}

export interface IUnitsInput {
  readonly trains: SpikeTrains;
  /** Unit labels for pickers: `unit <id> (<n> spikes)`. */
  readonly names: string[];
  readonly tables: INeurodataNode[];
}

/** The Units table's trains and names, or why the view cannot draw it. */
export async function unitsInput(
  context: IViewContext
): Promise<IUnitsInput | { reason: string }> {
  const found = unitsLayout(context.node);
  if ('reason' in found) {
    return found;
  }
  const tables = intervalTables(context.model);
  if (tables.length === 0) {
    return {
      reason: 'the file has no trials (no TimeIntervals table with start_time)'
    };
  }
  const trains = new SpikeTrains(context.read, found.layout, path =>
    context.source.info(path)
  );
  const units = found.layout.units;
  const ids = found.layout.idPath
    ? rowsOf(await context.read(found.layout.idPath, [[0, units]]), units)
    : Array.from({ length: units }, (_, u) => u);
  const counts = await trains.counts();
  const names = ids.map(
    (id, u) => `unit ${formatValue(id)} (${counts[u]} spikes)`
  );
  return { trains, names, tables };
}

/** Replace the view with "Cannot display <what> of <path> because <reason>." */
export function cannotDisplay(
  host: HTMLElement,
  context: IViewContext,
  what: string,
  reason: string
): void {
  const note = message(
    'info',
    `Cannot display ${what} of ${context.node.path} because ${reason}.`
  );
  note.setAttribute('data-testid', 'nwb-cannot-display');
  host.replaceChildren(note);
}

/** Said in place of the plot when the tab's filter keeps no unit. */
export function noUnitPasses(expression = ''): HTMLElement {
  const note = message('info', `No unit passes the filter ${expression}.`);
  note.setAttribute('data-testid', 'nwb-no-unit');
  return note;
}

/**
 * Calls `redraw` whenever the tab's filter on this Units table changes,
 * until the view is left.
 */
export function followUnitFilter(
  context: IViewContext,
  redraw: () => void
): void {
  const filter = context.rowFilter;
  if (!filter) {
    return;
  }
  const path = context.node.path;
  const listener = (_: unknown, changed: string) => {
    if (changed === path) {
      redraw();
    }
  };
  filter.changed.connect(listener);
  context.signal.addEventListener('abort', () =>
    filter.changed.disconnect(listener)
  );
}
