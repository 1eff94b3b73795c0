/** Distinct values listed at most for a categorical column (the rest counted together). */
export const TOP_VALUES = 10;
/** A numeric column with this many distinct values or fewer is summarised as categories. */
export const FEW_VALUES = 12;

/** The summary of one column: a histogram of numbers or counts of values. */
export type ColumnSummary =
  | {
      kind: 'histogram';
      /** Bin edges, `counts.length + 1` of them. */
      edges: number[];
      counts: number[];
      /** Values left out: NaN or infinite. */
      missing: number;
    }
  | {
      kind: 'counts';
      /** Most frequent first; ties in order of first appearance. */
      values: [string, number][];
      /** Rows with a value not listed. */
      others: number;
    };

/**
 * A column summarised as nwbwidgets' table summary does: numbers with many
 * distinct values as a histogram (Sturges' bin count, at most 50 bins),
 * text, booleans and numbers with few distinct values as value counts.
 */
export function summariseColumn(values: ArrayLike<unknown>): ColumnSummary {
  const list = Array.from(values);
  const numeric = list.every(
    v => typeof v === 'number' || typeof v === 'bigint'
  );
  if (numeric) {
    const numbers = list.map(Number);
    const finite = numbers.filter(Number.isFinite);
    if (new Set(finite).size > FEW_VALUES) {
      return histogram(finite, numbers.length - finite.length);
    }
  }
  const counts = new Map<string, number>();
  for (const v of list) {
    const key = String(v);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, TOP_VALUES);
  return {
    kind: 'counts',
    values: shown,
    others: list.length - shown.reduce((sum, [, n]) => sum + n, 0)
  };
}

function histogram(values: number[], missing: number): ColumnSummary {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const bins = Math.min(50, Math.ceil(Math.log2(values.length)) + 1);
  const width = (hi - lo) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    // The maximum falls in the last bin (bins are closed on the right there).
    counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + i * width);
  return { kind: 'histogram', edges, counts, missing };
}
