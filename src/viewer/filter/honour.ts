/**
 * What a view needs to honour the tab's units filter: the rows kept, a
 * redraw when they change (until the view is left), and the words its
 * status shows so the user always sees that units are hidden.
 */
import type { RowFilter } from '../model/rowFilter';

interface IFilterContext {
  readonly rowFilter?: RowFilter;
  readonly signal: AbortSignal;
}

/** `order` without the rows the filter drops (unchanged when unfiltered). */
export function keptOf(
  context: IFilterContext,
  table: string,
  order: readonly number[]
): number[] {
  const kept = context.rowFilter?.rowsOf(table);
  return kept ? order.filter(row => kept.rows.has(row)) : [...order];
}

/** " · filtered: <expression>" when `table` is filtered, else "". */
export function filterNote(context: IFilterContext, table: string): string {
  const kept = context.rowFilter?.rowsOf(table);
  return kept ? ` · filtered: ${kept.expression}` : '';
}

/** Call `redraw` whenever the filter of `table` changes, until the view is left. */
export function followFilter(
  context: IFilterContext,
  table: string,
  redraw: () => void
): void {
  const filter = context.rowFilter;
  if (!filter) {
    return;
  }
  const changed = (_: RowFilter, path: string) => {
    if (path === table && !context.signal.aborted) {
      redraw();
    }
  };
  filter.changed.connect(changed);
  context.signal.addEventListener('abort', () =>
    filter.changed.disconnect(changed)
  );
}
