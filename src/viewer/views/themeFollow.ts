import { loadPlotly, themeLayout } from './plotly';

/**
 * Plots follow a JupyterLab theme switch. plotly cannot read CSS variables,
 * so each view bakes the theme's colours into its layout when it draws
 * (`themeLayout`); after a switch, every open plot gets those colours again
 * with one `relayout` of colour attributes: no data is read or redrawn.
 *
 * The switch is seen on the body's `data-jp-theme-*` attributes, which
 * JupyterLab sets once the new theme's CSS is loaded. Watching the body
 * (not IThemeManager) also covers viewers in notebook outputs.
 */

/** The plotly-managed element: its user layout. */
interface IPlotElement extends HTMLElement {
  layout?: Record<string, unknown>;
}

/** Plots drawn by the viewer (tab and notebook outputs). */
const PLOTS = '.jp-NwbViewer .js-plotly-plot';
const AXIS = /^[xy]axis\d*$/;

let observer: MutationObserver | null = null;

/** Start following theme switches (once per page; later calls do nothing). */
export function followThemeChanges(): void {
  if (observer || typeof MutationObserver === 'undefined') {
    return;
  }
  observer = new MutationObserver(() => void recolorPlots());
  observer.observe(document.body, {
    attributes: true,
    attributeFilter: ['data-jp-theme-light', 'data-jp-theme-name']
  });
}

/** Give every open viewer plot the current theme's colours. */
export async function recolorPlots(): Promise<void> {
  const plots = Array.from(
    document.querySelectorAll<IPlotElement>(PLOTS)
  ).filter(plot => plot.layout);
  await Promise.all(plots.map(plot => recolorPlot(plot)));
}

async function recolorPlot(plot: IPlotElement): Promise<void> {
  const update = themeColorUpdate(plot.layout ?? {}, themeLayout(plot));
  if (Object.keys(update).length === 0) {
    return;
  }
  // One plotly bundle draws every plot (SVG and WebGL traces alike); its loader is cached.
  const plotly = (await loadPlotly()) as unknown as {
    relayout(
      root: HTMLElement,
      update: Record<string, unknown>
    ): Promise<unknown>;
  };
  if (plot.isConnected && plot.layout) {
    await plotly.relayout(plot, update);
  }
}

/**
 * The colour attributes (plotly's relayout keys) that move `layout` to
 * `theme`: only what the view took from the theme, so a colour a view
 * chose itself (an axis it left plain) is left alone.
 */
export function themeColorUpdate(
  layout: Record<string, unknown>,
  theme: Record<string, unknown>
): Record<string, unknown> {
  const update: Record<string, unknown> = {};
  const themeAxis = theme.xaxis as Record<string, unknown>;
  const font = theme.font as Record<string, unknown>;
  for (const key of ['paper_bgcolor', 'plot_bgcolor']) {
    if (key in layout) {
      update[key] = theme[key];
    }
  }
  if (layout.font) {
    update['font.color'] = font.color;
  }
  let oldLine: unknown;
  for (const [key, axis] of Object.entries(layout)) {
    if (!AXIS.test(key) || !axis || typeof axis !== 'object') {
      continue;
    }
    const attributes = axis as Record<string, unknown>;
    for (const name of ['gridcolor', 'zerolinecolor', 'linecolor']) {
      if (name in attributes) {
        update[`${key}.${name}`] = themeAxis[name];
      }
    }
    oldLine ??= attributes.linecolor;
  }
  // Guide lines drawn in the axis line colour (the PSTH's event line).
  const shapes = Array.isArray(layout.shapes) ? layout.shapes : [];
  shapes.forEach((shape: { line?: { color?: unknown } }, i: number) => {
    if (oldLine !== undefined && shape?.line?.color === oldLine) {
      update[`shapes[${i}].line.color`] = themeAxis.linecolor;
    }
  });
  return update;
}
