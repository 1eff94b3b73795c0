/**
 * Plotly reports the first click of a double click as a click on the point
 * under it: on the trials timeline that picked a trial (moving every view of
 * the tab to it) when the user only meant to double-click back to every
 * trial. A pick waits this long for a double click that cancels it.
 * Plotly's own double-click window (config doubleClickDelay) is 300 ms.
 */
export const DOUBLE_CLICK_MS = 300;

/** `pick(row)` after DOUBLE_CLICK_MS unless `doubleClick()` comes first. */
export function pickUnlessDoubleClick<T>(
  pick: (value: T) => void,
  wait = DOUBLE_CLICK_MS
): { click(value: T): void; doubleClick(): void } {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    clearTimeout(pending);
    pending = undefined;
  };
  return {
    click(value: T) {
      cancel();
      pending = setTimeout(() => {
        pending = undefined;
        pick(value);
      }, wait);
    },
    doubleClick: cancel
  };
}
