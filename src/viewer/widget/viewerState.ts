/**
 * What a viewer tab shows, kept across page reloads: the selected object,
 * its view, and the values of the view's labelled controls (time window,
 * unit page, grouping…). Views need no code of their own for this: any
 * input or drop-down with an `aria-label` is part of the state.
 */
import type { ISavedFilter } from '../filter/filterBar';

import type { ITimeSpan, SharedTime } from '../model/sharedTime';

export type IViewerState = {
  path: string;
  view: string;
  /** Control values by their `aria-label`. */
  controls: Record<string, string>;
  /** The tab's units filter (see filter/filterBar.ts), if one is set. */
  filter?: ISavedFilter;
  /** The tab's shared time (absent in states saved before it existed). */
  time?: ISavedTime;
};

/** The tab's shared window and cursor as saved (a type, not an interface: JSON for the state database). */
export type ISavedTime = {
  window: { start: number; length: number } | null;
  cursor: number | null;
};

/** What the shared time was saved as, or nulls when absent or damaged (old states have none). */
export function savedTime(state: IViewerState | undefined): ISavedTime {
  const time = state?.time as Partial<ISavedTime> | undefined;
  const w = time?.window as Partial<ITimeSpan> | null | undefined;
  const window =
    w &&
    Number.isFinite(w.start) &&
    Number.isFinite(w.length) &&
    (w.length as number) > 0
      ? { start: w.start as number, length: w.length as number }
      : null;
  const cursor = Number.isFinite(time?.cursor)
    ? (time?.cursor as number)
    : null;
  return { window, cursor };
}

/** The labels of the time-window boxes of the time views ("window start (s)", "window length", …). */
const WINDOW_BOX = /^window (start|length)\b/;

/**
 * The controls to set back on reload. With a saved shared window the
 * window boxes are left out: the views open at the shared window, which is
 * newer than the boxes' values when the window last moved by a zoom, a
 * picked trial or another view (no `change` event records those).
 */
export function restorableControls(
  state: IViewerState
): Record<string, string> {
  if (!savedTime(state).window) {
    return state.controls;
  }
  return Object.fromEntries(
    Object.entries(state.controls).filter(([label]) => !WINDOW_BOX.test(label))
  );
}

/** Put a saved window and cursor back into the tab's shared time (before any view opens). */
export function restoreTime(time: SharedTime, state?: IViewerState): void {
  const saved = savedTime(state);
  if (saved.window) {
    time.setWindow(saved.window);
  }
  time.setCursor(saved.cursor);
}

const CONTROLS = 'input[aria-label], select[aria-label]';

/** The current values of the labelled controls in `host`. */
export function readControls(host: HTMLElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const control of host.querySelectorAll<
    HTMLInputElement | HTMLSelectElement
  >(CONTROLS)) {
    const label = control.getAttribute('aria-label') as string;
    values[label] =
      control instanceof HTMLInputElement && control.type === 'checkbox'
        ? String(control.checked)
        : control.value;
  }
  return values;
}

/**
 * Set saved values back, then fire `change` on each control that moved so
 * the view redraws as if the user had typed them. Values a drop-down no
 * longer offers are skipped.
 */
export function applyControls(
  host: HTMLElement,
  values: Record<string, string>
): void {
  const changed: HTMLElement[] = [];
  for (const control of host.querySelectorAll<
    HTMLInputElement | HTMLSelectElement
  >(CONTROLS)) {
    const saved = values[control.getAttribute('aria-label') as string];
    if (saved === undefined) {
      continue;
    }
    if (control instanceof HTMLInputElement && control.type === 'checkbox') {
      if (String(control.checked) !== saved) {
        control.checked = saved === 'true';
        changed.push(control);
      }
    } else if (control.value !== saved) {
      const offered =
        !(control instanceof HTMLSelectElement) ||
        [...control.options].some(option => option.value === saved);
      if (offered) {
        control.value = saved;
        changed.push(control);
      }
    }
  }
  for (const control of changed) {
    control.dispatchEvent(new Event('change', { bubbles: true }));
  }
}

/** Whether a value read back from the state database is a viewer state. */
export function isViewerState(value: unknown): value is IViewerState {
  const state = value as IViewerState | null;
  return (
    typeof state?.path === 'string' &&
    typeof state.view === 'string' &&
    typeof state.controls === 'object' &&
    state.controls !== null
  );
}
