import { ISignal, Signal } from '@lumino/signaling';

/** A time window in seconds on the file's clock. */
export interface ITimeSpan {
  readonly start: number;
  readonly length: number;
}

/** What moved, and who moved it (so a view ignores its own echo). */
export interface ITimeChange {
  readonly window: ITimeSpan | null;
  readonly cursor: number | null;
  /** The object that asked for the change (a view's own token), or undefined. */
  readonly origin: unknown;
}

/**
 * One time window and one cursor shared by every view of a viewer tab
 * (raster, trials, behaviour, traces, video, driftmap): moving it in one
 * view moves all. Views subscribe to `changed` and ignore changes whose
 * `origin` is themselves.
 */
export class SharedTime {
  private _window: ITimeSpan | null = null;
  private _cursor: number | null = null;
  private readonly _changed = new Signal<this, ITimeChange>(this);

  /** The shared window, or null before any time view has set one. */
  get window(): ITimeSpan | null {
    return this._window;
  }

  /** The shared cursor (seconds), or null when none is placed. */
  get cursor(): number | null {
    return this._cursor;
  }

  get changed(): ISignal<this, ITimeChange> {
    return this._changed;
  }

  /** Move the window; no signal when it is unchanged or not finite. */
  setWindow(window: ITimeSpan, origin?: unknown): void {
    if (
      !Number.isFinite(window.start) ||
      !Number.isFinite(window.length) ||
      window.length <= 0
    ) {
      return;
    }
    const old = this._window;
    if (old && old.start === window.start && old.length === window.length) {
      return;
    }
    this._window = { start: window.start, length: window.length };
    this.emit(origin);
  }

  /** Place (or clear, with null) the cursor; no signal when unchanged. */
  setCursor(cursor: number | null, origin?: unknown): void {
    if (cursor !== null && !Number.isFinite(cursor)) {
      return;
    }
    if (cursor === this._cursor) {
      return;
    }
    this._cursor = cursor;
    this.emit(origin);
  }

  private emit(origin: unknown): void {
    this._changed.emit({
      window: this._window,
      cursor: this._cursor,
      origin
    });
  }
}
