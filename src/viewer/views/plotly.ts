/**
 * plotly.js loaded on first use with a dynamic import, so JupyterLab's
 * start-up never pays for it: one bundle (plotlyBundle.ts) with the SVG
 * `scatter` and the WebGL `scattergl` traces, the only two the viewer draws.
 */
export interface IPlotly {
  react(
    root: HTMLElement,
    data: unknown[],
    layout: Record<string, unknown>,
    config?: Record<string, unknown>
  ): Promise<unknown>;
  /** Change layout attributes only (e.g. the time cursor): no data redrawn. */
  relayout(
    root: HTMLElement,
    update: Record<string, unknown>
  ): Promise<unknown>;
  purge(root: HTMLElement): void;
  Plots: { resize(root: HTMLElement): void };
}

let loading: Promise<IPlotly> | null = null;

export function loadPlotly(): Promise<IPlotly> {
  if (!loading) {
    loading = import('./plotlyBundle').then(
      module => module.default as IPlotly
    );
  }
  return loading;
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
 * One plot element redrawn with `react` as its data changes (SVG `scatter`
 * or WebGL `scattergl` traces alike), purged when its view is disposed; the
 * relayout listener is attached once plotly has made the element a plot.
 */
export class PlotHost {
  private plotly: IPlotly | null = null;
  private relayout: ((event: PlotEvent) => void) | null = null;
  private listening = false;

  constructor(
    readonly element: HTMLElement,
    signal: AbortSignal
  ) {
    signal.addEventListener('abort', () => this.plotly?.purge(element));
  }

  /** Called on a user's zoom or pan (plotly's `plotly_relayout`). */
  onRelayout(listener: (event: PlotEvent) => void): void {
    this.relayout = listener;
    this.listen();
  }

  async react(
    data: unknown[],
    layout: Record<string, unknown>,
    config?: Record<string, unknown>
  ): Promise<void> {
    this.plotly = await loadPlotly();
    await this.plotly.react(this.element, data, layout, config);
    this.listen();
  }

  /** Fits the plot to its element's new size (plotly does not follow it by itself). */
  resize(): void {
    if (this.plotly && this.element.isConnected) {
      this.plotly.Plots.resize(this.element);
    }
  }

  /** Plotly gives the element `on` when it first draws; listen from then on, once. */
  private listen(): void {
    const events = this.element as HTMLElement & {
      on?: (name: string, listener: (event: PlotEvent) => void) => void;
    };
    if (!this.listening && this.relayout && events.on) {
      this.listening = true;
      events.on('plotly_relayout', event => this.relayout?.(event));
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
