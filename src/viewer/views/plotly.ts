/**
 * plotly.js loaded on first use with a dynamic import, so JupyterLab's
 * start-up never pays for it: the cartesian partial bundle (~1.5 MB, SVG
 * traces) for every plot, and the full bundle (~4.8 MB), the only
 * maintained v4 bundle with `scattergl`, only when a raster has too many
 * markers for SVG and the browser has WebGL.
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
let loadingGl: Promise<IPlotly> | null = null;

const plotlyOf = (module: unknown) =>
  ((module as { default?: IPlotly }).default ?? module) as IPlotly;

export function loadPlotly(): Promise<IPlotly> {
  if (!loading) {
    loading = import('plotly.js-cartesian-dist-min').then(plotlyOf);
  }
  return loading;
}

/** The full bundle, which has the WebGL traces (`scattergl`). */
export function loadPlotlyGl(): Promise<IPlotly> {
  if (!loadingGl) {
    loadingGl = import('plotly.js-dist-min').then(plotlyOf);
  }
  return loadingGl;
}

let webgl: boolean | undefined;

/** Whether this browser gives a WebGL context (asked once, then released). */
export function webglAvailable(): boolean {
  if (webgl === undefined) {
    try {
      const canvas = document.createElement('canvas');
      const context = (canvas.getContext('webgl2') ??
        canvas.getContext('webgl')) as WebGLRenderingContext | null;
      webgl = !!context;
      context?.getExtension('WEBGL_lose_context')?.loseContext();
    } catch {
      webgl = false;
    }
  }
  return webgl;
}

type PlotEvent = Record<string, unknown>;

/**
 * One plot element drawn by whichever bundle a draw needs: switching
 * bundles purges the plot first (the two plotly instances do not share
 * state), and the relayout listener is attached again to the new one.
 */
export class PlotHost {
  private current: IPlotly | null = null;
  private relayout: ((event: PlotEvent) => void) | null = null;

  constructor(
    readonly element: HTMLElement,
    signal: AbortSignal
  ) {
    signal.addEventListener('abort', () => this.current?.purge(element));
  }

  /** Called on a user's zoom or pan (plotly's `plotly_relayout`). */
  onRelayout(listener: (event: PlotEvent) => void): void {
    this.relayout = listener;
  }

  async react(
    gl: boolean,
    data: unknown[],
    layout: Record<string, unknown>,
    config?: Record<string, unknown>
  ): Promise<void> {
    const plotly = await (gl ? loadPlotlyGl() : loadPlotly());
    const switched = this.current !== plotly;
    if (switched && this.current) {
      this.current.purge(this.element);
    }
    this.current = plotly;
    await plotly.react(this.element, data, layout, config);
    const events = this.element as HTMLElement & {
      on?: (name: string, listener: (event: PlotEvent) => void) => void;
    };
    if (switched && this.relayout && events.on) {
      const listener = this.relayout;
      events.on('plotly_relayout', event => listener(event));
    }
  }
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
