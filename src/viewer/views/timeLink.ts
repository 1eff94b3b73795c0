import type { ITimeChange, ITimeSpan, SharedTime } from '../model/sharedTime';
import {
  cursorUpdate,
  cursorX,
  plotXAt,
  type IPlotElement
} from './cursorLine';
import { loadPlotly } from './plotly';
import type { IViewContext } from './registry';

/** A click this soon after the view claimed one is that same click. */
const CLAIM_MS = 400;

/**
 * How a view shows a window: read it (null before it has one) and move to
 * one the tab set elsewhere (e.g. set its start / length boxes and redraw).
 */
export interface ITimeTarget {
  window(): ITimeSpan | null;
  show(window: ITimeSpan): void | Promise<void>;
}

/** Where the cursor is drawn and clicked: a plotly plot, or a strip spanning the window. */
export interface ICursorSurface {
  /** A plotly plot: the cursor is a vertical line shape, a click places it. */
  plot?: HTMLElement;
  /**
   * Any element drawn over exactly the window (e.g. a canvas heat map):
   * the cursor is an overlay line, a click places it at the clicked fraction.
   */
  strip?: HTMLElement;
  /**
   * Follow zoom and pan of the plotly plot (publish its x range as the
   * window); off for views that handle their own relayout events.
   */
  followZoom?: boolean;
}

/** The target of the common toolbar: start and length boxes and the view's redraw. */
export function boxesTarget(
  start: HTMLInputElement,
  length: HTMLInputElement,
  draw: () => Promise<void>
): ITimeTarget {
  return {
    window: () => {
      const w = { start: Number(start.value), length: Number(length.value) };
      return Number.isFinite(w.start) && w.length > 0 ? w : null;
    },
    show: w => {
      start.value = String(w.start);
      length.value = String(w.length);
      return draw();
    }
  };
}

/** The window a time view opens at: the tab's shared one if set, else its own default. */
export function openingSpan(
  context: IViewContext,
  start: number,
  length: number
): ITimeSpan {
  return context.time?.window ?? { start, length };
}

/**
 * A time view's tie to the tab's SharedTime: the view publishes its window
 * after each draw (`drawn`), follows windows set elsewhere (never its own
 * echo: changes carry this link as origin), places the cursor on a click
 * and draws it as a vertical line without reading data again.
 * Without `context.time` (a notebook output) every method is a no-op.
 */
export class TimeLink {
  private readonly time: SharedTime | undefined;
  /** When the view last handled a click itself (see claimClick). */
  private claimedAt = -Infinity;
  private overlay: HTMLElement | null = null;
  private listening = false;
  /** The shared window this link last saw (views open at it). */
  private seen: ITimeSpan | null = null;
  /** The line colour, read from the theme once per draw (not per cursor move: a style recalculation). */
  private color: string | null = null;

  constructor(
    private readonly context: IViewContext,
    private readonly target: ITimeTarget,
    private readonly surface: ICursorSurface = {}
  ) {
    this.time = context.time;
    const time = this.time;
    if (!time) {
      return;
    }
    this.seen = time.window;
    const onChange = (_: SharedTime, change: ITimeChange) =>
      void this.follow(change);
    time.changed.connect(onChange);
    context.signal.addEventListener('abort', () =>
      time.changed.disconnect(onChange)
    );
    const strip = surface.strip;
    if (strip) {
      strip.addEventListener('click', event => {
        const w = this.target.window();
        const box = strip.getBoundingClientRect();
        if (w && box.width > 0) {
          const fraction = (event.clientX - box.left) / box.width;
          this.time?.setCursor(w.start + fraction * w.length, this);
          void this.drawCursor();
        }
      });
    }
  }

  /** Call at the end of each draw: tells the tab the window, draws the cursor again. */
  async drawn(): Promise<void> {
    if (!this.time) {
      return;
    }
    this.listen();
    this.color = null;
    const w = this.target.window();
    if (w) {
      this.time.setWindow(w, this);
    }
    await this.drawCursor();
  }

  /**
   * The view handled this click itself (e.g. a trial picked on the
   * timeline): the click does not also move the cursor.
   */
  claimClick(): void {
    this.claimedAt = performance.now();
  }

  /** Publish a window the view moved to outside a draw (e.g. a zoom it drew itself). */
  publish(window: ITimeSpan): void {
    this.time?.setWindow(window, this);
  }

  private async follow(change: ITimeChange): Promise<void> {
    // Only a move of the shared window moves the view: a cursor move leaves
    // alone a view the user zoomed out of it (e.g. the timeline's every trial).
    const w = change.window;
    const moved = !!w && !same(w, this.seen);
    this.seen = w;
    if (change.origin === this) {
      return;
    }
    const mine = this.target.window();
    if (w && moved && !same(w, mine) && !this.context.signal.aborted) {
      await this.target.show(w);
    }
    await this.drawCursor();
  }

  /** The cursor line where it is inside the window, none elsewhere. */
  private async drawCursor(): Promise<void> {
    const t = this.time?.cursor ?? null;
    const plot = this.surface.plot as IPlotElement | undefined;
    // What the plot shows (a zoom, an autorange), else the view's window.
    const w = shownSpan(plot) ?? this.target.window();
    const x = w && t !== null ? cursorX(t, w) : null;
    if (plot?._fullLayout) {
      const plotly = await loadPlotly();
      if (this.context.signal.aborted || !plot._fullLayout) {
        return;
      }
      plot.setAttribute('data-cursor', x === null ? '' : String(t));
      const update = cursorUpdate(
        plot.layout?.shapes,
        x === null ? null : t,
        () => {
          this.color ??= cursorColor(plot);
          return line(this.color, t as number);
        }
      );
      if (update) {
        await plotly.relayout(plot, update);
      }
    }
    const strip = this.surface.strip;
    if (strip) {
      this.overlay ??= stripOverlay(strip);
      this.overlay.hidden = x === null;
      this.overlay.style.left = `${100 * (x ?? 0)}%`;
      strip.setAttribute('data-cursor', x === null ? '' : String(t));
    }
  }

  /** Plotly adds `on` to the element when it first draws: listen from then on, once. */
  private listen(): void {
    const plot = this.surface.plot as IPlotElement | undefined;
    if (this.listening || !plot?.on) {
      return;
    }
    this.listening = true;
    // Plotly dispatches a click after a mouse-up without a drag: a drag zooms, a click places.
    plot.addEventListener('click', event => {
      // Plotly emits its point click just before the DOM click of the same mouse-up.
      if (performance.now() - this.claimedAt < CLAIM_MS) {
        return;
      }
      // Only clicks on the plotting area itself: not the modebar's buttons, the legend or the axes.
      const onPlot = (event.target as Element | null)?.closest?.('.draglayer');
      const t = onPlot ? plotXAt(plot, event) : null;
      if (t !== null) {
        this.time?.setCursor(t, this);
        void this.drawCursor();
      }
    });
    if (this.surface.followZoom) {
      plot.on('plotly_relayout', event => {
        const range = (event['xaxis.range'] as number[] | undefined) ?? [
          event['xaxis.range[0]'],
          event['xaxis.range[1]']
        ];
        const [r0, r1] = range.map(Number);
        if (Number.isFinite(r0) && Number.isFinite(r1) && r1 > r0) {
          const w = {
            start: +r0.toPrecision(8),
            length: +(r1 - r0).toPrecision(8)
          };
          // Read the zoomed window at full resolution, then publish it.
          void this.target.show(w);
        }
      });
    }
  }
}

function same(a: ITimeSpan | null, b: ITimeSpan | null): boolean {
  return !!a && !!b && a.start === b.start && a.length === b.length;
}

/** The x range a drawn plotly plot shows, as a span. */
function shownSpan(plot: IPlotElement | undefined): ITimeSpan | null {
  const range = plot?._fullLayout?.xaxis?.range;
  if (!range) {
    return null;
  }
  const [r0, r1] = range.map(Number);
  return r1 > r0 ? { start: r0, length: r1 - r0 } : null;
}

/** The theme's accent for the cursor (orange in light and dark themes alike). */
function cursorColor(plot: HTMLElement): string {
  return (
    getComputedStyle(plot).getPropertyValue('--jp-warn-color0').trim() ||
    '#e65100'
  );
}

/** The cursor: a vertical line across the plot. */
function line(color: string, t: number): Record<string, unknown> {
  return {
    type: 'line',
    name: 'cursor',
    xref: 'x',
    yref: 'paper',
    x0: t,
    x1: t,
    y0: 0,
    y1: 1,
    layer: 'above',
    line: { color, width: 1.5 }
  };
}

function stripOverlay(strip: HTMLElement): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'jp-NwbViewer-cursorStrip';
  strip.replaceWith(wrap);
  const overlay = document.createElement('div');
  overlay.className = 'jp-NwbViewer-cursorLine';
  overlay.setAttribute('data-testid', 'nwb-cursor');
  wrap.append(strip, overlay);
  return overlay;
}
