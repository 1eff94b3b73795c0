/** Tiny DOM builder: `h('div', { class: 'x' }, 'text', child)`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) {
      continue;
    }
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      element.append(child);
    }
  }
  return element;
}

/** A two-column table of label → value rows (empty values skipped). */
export function fieldTable(
  rows: [string, string | undefined][],
  className = 'jp-NwbViewer-fields'
): HTMLTableElement {
  const table = h('table', { class: className });
  for (const [label, value] of rows) {
    if (value !== undefined && value !== '') {
      table.append(h('tr', {}, h('th', {}, label), h('td', {}, value)));
    }
  }
  return table;
}

/** Human-readable byte count. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** A message block: `kind` is `error` (red banner) or `info`. */
export function message(kind: 'error' | 'info', text: string): HTMLElement {
  return h(
    'div',
    {
      class: `jp-NwbViewer-message jp-NwbViewer-message-${kind}`,
      role: kind === 'error' ? 'alert' : 'status'
    },
    text
  );
}
