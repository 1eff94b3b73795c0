/**
 * Categorical colours for plot groups, read from the JupyterLab theme
 * (plotly cannot read CSS variables), so groups follow light and dark themes.
 */
const THEME_COLORS: [string, string][] = [
  ['--jp-brand-color1', '#1976d2'],
  ['--jp-warn-color1', '#f57c00'],
  ['--jp-success-color1', '#388e3c'],
  ['--jp-error-color1', '#d32f2f'],
  ['--jp-mirror-editor-meta-color', '#aa22ff'],
  ['--jp-info-color1', '#0097a7'],
  ['--jp-ui-font-color2', '#616161'],
  ['--jp-brand-color0', '#0d47a1'],
  ['--jp-warn-color0', '#bf360c'],
  ['--jp-success-color0', '#1b5e20'],
  ['--jp-error-color0', '#b71c1c']
];

/** Distinct theme colours; index them modulo the length. */
export function groupColors(element: HTMLElement): string[] {
  const style = getComputedStyle(element);
  const colors = THEME_COLORS.map(
    ([name, fallback]) => style.getPropertyValue(name).trim() || fallback
  );
  // Some themes reuse a colour for several variables: keep each once.
  return [...new Set(colors)];
}

/** One colour per label, stable for the order given. */
export function colorFor(colors: string[], index: number): string {
  return colors[index % colors.length];
}
