/** Trials grouped by the value of one trials-table column (contrast, choice, block …). */
export interface ITrialGroup {
  readonly label: string;
  /** Row numbers of the trials in the group, ascending. */
  readonly trials: number[];
}

/** Columns with more distinct values than this are not offered for grouping. */
export const MAX_GROUPS = 12;

/** Whether a column's values make a useful grouping (2…MAX_GROUPS values). */
export function isGroupable(values: readonly string[]): boolean {
  const distinct = new Set(values);
  return distinct.size >= 2 && distinct.size <= MAX_GROUPS;
}

/**
 * Group the trials that pass `keep` by `values[trial]`, ordered by
 * `compareLabels` (numbers numerically, NaN after them).
 * Without `values`, all kept trials form one group named `all trials`.
 */
export function groupTrials(
  count: number,
  keep: (trial: number) => boolean,
  values?: readonly string[]
): ITrialGroup[] {
  const byLabel = new Map<string, number[]>();
  for (let t = 0; t < count; t++) {
    if (!keep(t)) {
      continue;
    }
    const label = values ? values[t] : 'all trials';
    const trials = byLabel.get(label) ?? [];
    trials.push(t);
    byLabel.set(label, trials);
  }
  const labels = [...byLabel.keys()].sort(compareLabels);
  return labels.map(label => ({
    label,
    trials: byLabel.get(label) as number[]
  }));
}

/** Joins the values of two grouping columns into one label. */
export const LABEL_JOIN = ' · ';

/** One label per trial from two columns (`contrast · side`); one column as is. */
export function combineLabels(
  first?: readonly string[],
  second?: readonly string[]
): readonly string[] | undefined {
  if (!first || !second) {
    return first ?? second;
  }
  return first.map((value, t) => `${value}${LABEL_JOIN}${second[t]}`);
}

/**
 * Order labels part by part: numbers numerically (NaN after them), text
 * alphabetically, numbers before text.
 */
export function compareLabels(a: string, b: string): number {
  const left = a.split(LABEL_JOIN);
  const right = b.split(LABEL_JOIN);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const order = comparePart(left[i], right[i]);
    if (order !== 0) {
      return order;
    }
  }
  return left.length - right.length;
}

function comparePart(a: string, b: string): number {
  const x = numericOrder(a);
  const y = numericOrder(b);
  if (x !== undefined && y !== undefined) {
    return x === y ? 0 : x < y ? -1 : 1;
  }
  if (x !== undefined || y !== undefined) {
    return x !== undefined ? -1 : 1;
  }
  return a.localeCompare(b);
}

/** A label's number (NaN sorts as +Infinity), or `undefined` for text. */
function numericOrder(label: string): number | undefined {
  if (label === 'NaN') {
    return Infinity;
  }
  const value = Number(label);
  return label.trim() !== '' && !isNaN(value) ? value : undefined;
}
