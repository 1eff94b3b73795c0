/**
 * plotly.js (cartesian partial bundle, ~1.5 MB) loaded on first use with a
 * dynamic import, so JupyterLab's start-up never pays for it.
 */
export interface IPlotly {
  react(
    root: HTMLElement,
    data: unknown[],
    layout: Record<string, unknown>,
    config?: Record<string, unknown>
  ): Promise<unknown>;
  purge(root: HTMLElement): void;
  Plots: { resize(root: HTMLElement): void };
}

let loading: Promise<IPlotly> | null = null;

export function loadPlotly(): Promise<IPlotly> {
  if (!loading) {
    loading = import('plotly.js-cartesian-dist-min').then(
      module => ((module as { default?: IPlotly }).default ?? module) as IPlotly
    );
  }
  return loading;
}

/** Colours from the JupyterLab theme (plotly cannot read CSS variables itself). */
export function themeLayout(element: HTMLElement): Record<string, unknown> {
  const style = getComputedStyle(element);
  const v = (name: string, fallback: string) =>
    style.getPropertyValue(name).trim() || fallback;
  const grid = v('--jp-border-color2', '#e0e0e0');
  const axis = {
    gridcolor: grid,
    zerolinecolor: grid,
    linecolor: v('--jp-border-color1', '#bdbdbd')
  };
  return {
    paper_bgcolor: v('--jp-layout-color0', '#fff'),
    plot_bgcolor: v('--jp-layout-color0', '#fff'),
    font: {
      color: v('--jp-ui-font-color1', '#000'),
      family: v('--jp-ui-font-family', 'sans-serif'),
      size: 11
    },
    xaxis: axis,
    yaxis: axis
  };
}
