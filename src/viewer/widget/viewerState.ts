/**
 * What a viewer tab shows, kept across page reloads: the selected object,
 * its view, and the values of the view's labelled controls (time window,
 * unit page, grouping…). Views need no code of their own for this: any
 * input or drop-down with an `aria-label` is part of the state.
 */
import type { ISavedFilter } from '../filter/filterBar';

export interface IViewerState {
  path: string;
  view: string;
  /** Control values by their `aria-label`. */
  controls: Record<string, string>;
  /** The tab's units filter (see filter/filterBar.ts), if one is set. */
  filter?: ISavedFilter;
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
