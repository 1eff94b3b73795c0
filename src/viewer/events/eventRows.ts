/** Distinct labels given a row of their own at most; more share one row. */
export const MAX_LABEL_ROWS = 20;

/** Events of a window laid out for a tick plot. */
export interface IEventRows {
  /** Row names, bottom first (one per distinct label, or one for all). */
  readonly rows: string[];
  readonly time: number[];
  /** Row index of each event. */
  readonly row: number[];
  /** Hover text of each event (its label or value). */
  readonly text: string[];
}

/**
 * Lay out events as ticks: by label when there are few distinct labels
 * (an AnnotationSeries' "Start recording", "Subject moved" …, a
 * BehavioralEvents' reward sizes), else all on one row with the label as
 * hover text. Labels keep their order of first appearance.
 */
export function eventRows(
  times: ArrayLike<number>,
  labels: ArrayLike<unknown> | null,
  seriesName: string
): IEventRows {
  const n = times.length;
  const text = Array.from({ length: n }, (_, i) =>
    labels ? String(labels[i]) : ''
  );
  const distinct = [...new Set(text)];
  const byLabel = labels !== null && distinct.length <= MAX_LABEL_ROWS;
  const index = new Map(distinct.map((label, i) => [label, i]));
  return {
    rows: byLabel ? distinct : [seriesName],
    time: Array.from(times, Number),
    row: text.map(label => (byLabel ? (index.get(label) as number) : 0)),
    text
  };
}
