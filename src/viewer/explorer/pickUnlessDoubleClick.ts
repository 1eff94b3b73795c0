/**
 * Plotly reports the clicks of a double click as clicks on the point under
 * them (the first before its double-click event, the second just after it):
 * on the trials timeline that picked a trial, moving every view of the tab
 * to it, when the user only meant to double-click back to every trial. A
 * pick waits this long for a double click that cancels it, and clicks that
 * close a double click pick nothing. Plotly's own double-click window
 * (config doubleClickDelay) is 300 ms.
 */
export const DOUBLE_CLICK_MS = 300;

/** `pick(value)` after `wait` ms unless a `doubleClick()` comes first. */
export function pickUnlessDoubleClick<T>(
  pick: (value: T) => void,
  wait = DOUBLE_CLICK_MS
): { click(value: T): void; doubleClick(): void } {
  let pending: ReturnType<typeof setTimeout> | undefined;
  let doubleClickedAt = -Infinity;
  const cancel = () => {
    clearTimeout(pending);
    pending = undefined;
  };
  return {
    click(value: T) {
      cancel();
      if (Date.now() - doubleClickedAt < wait) {
        return;
      }
      pending = setTimeout(() => {
        pending = undefined;
        pick(value);
      }, wait);
    },
    doubleClick() {
      cancel();
      doubleClickedAt = Date.now();
    }
  };
}
