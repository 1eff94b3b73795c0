import type { ITimeSpan } from '../model/sharedTime';

/** A plotly plot element: `on` and `_fullLayout` appear once plotly has drawn it. */
export interface IPlotElement extends HTMLElement {
  on?: (
    name: string,
    listener: (event: Record<string, unknown>) => void
  ) => void;
  /** The layout as given to plotly (and changed by relayout). */
  layout?: { shapes?: unknown[] };
  _fullLayout?: {
    xaxis?: IPlotAxis;
    yaxis?: IPlotAxis;
  };
}

/** What plotly keeps of a drawn linear axis: its pixel offset, length and range. */
interface IPlotAxis {
  _offset: number;
  _length: number;
  range: [number, number];
}

/**
 * Where the cursor at `t` falls across `window`, as a fraction of its
 * width, or null outside it (no line is drawn there: a line outside the
 * window would also widen plotly's autorange).
 */
export function cursorX(t: number, window: ITimeSpan): number | null {
  const fraction = (t - window.start) / window.length;
  return fraction >= 0 && fraction <= 1 ? fraction : null;
}

/**
 * The time under a pointer event on a plotly plot (its x axis is linear
 * time), or null when the event is outside the plotting area (axes,
 * legend, modebar).
 */
export function plotXAt(
  plot: IPlotElement,
  event: { clientX: number; clientY: number }
): number | null {
  const x = plot._fullLayout?.xaxis;
  const y = plot._fullLayout?.yaxis;
  if (!x || !y || x._length <= 0) {
    return null;
  }
  const box = plot.getBoundingClientRect();
  const px = event.clientX - box.left - x._offset;
  const py = event.clientY - box.top - y._offset;
  if (px < 0 || px > x._length || py < 0 || py > y._length) {
    return null;
  }
  const [r0, r1] = x.range.map(Number);
  return r0 + (px / x._length) * (r1 - r0);
}

/**
 * The relayout that moves a plot's cursor line to `t` (null: remove it), or
 * null when nothing changes. Always the whole `shapes` array: plotly only
 * redraws the shapes for that ("arraydraw"), while an edit of one shape's
 * x0 recomputes every trace ("calc"), ten times slower on a raster.
 */
export function cursorUpdate(
  shapes: unknown[] | undefined,
  t: number | null,
  line: () => Record<string, unknown>
): Record<string, unknown> | null {
  const all = shapes ?? [];
  const current = all[0] as { name?: string; x0?: number } | undefined;
  const drawn = current?.name === 'cursor';
  const others = drawn ? all.slice(1) : all;
  if (t === null) {
    return drawn ? { shapes: others } : null;
  }
  if (drawn && current.x0 === t) {
    return null;
  }
  return { shapes: [line(), ...others] };
}
