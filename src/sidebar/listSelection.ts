/**
 * The ticked sessions of the result list after a tick: one row toggled, or a
 * shift range from the anchor set to the clicked row's new state (as file
 * managers do). Pure, so the rule is unit-tested.
 */
export function nextChecked(
  eids: readonly string[],
  checked: ReadonlySet<string>,
  row: number,
  mode: 'toggle' | 'range',
  anchor: number | null
): Set<string> {
  const next = new Set(checked);
  const eid = eids[row];
  if (eid === undefined) {
    return next;
  }
  if (mode === 'toggle' || anchor === null || anchor === row) {
    if (next.has(eid)) {
      next.delete(eid);
    } else {
      next.add(eid);
    }
    return next;
  }
  const [from, to] = anchor < row ? [anchor, row] : [row, anchor];
  for (const id of eids.slice(from, to + 1)) {
    next.add(id);
  }
  return next;
}
