/**
 * One validation asked from the "Validate NWB file" command: starts it on the
 * server, then polls its record about once a second until its status is
 * final. No DOM: the panel (src/validationPanel.tsx) renders it.
 */
import { ISignal, Signal } from '@lumino/signaling';

import { isActive, IValidation } from './validation';
import { getValidation, startValidation } from './validationApi';

const POLL_MS = 1000;

export class ValidationModel {
  constructor(readonly path: string) {}

  /** Emitted when the record or the error changes. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** The record as last seen, or null before the server answered. */
  get validation(): IValidation | null {
    return this._validation;
  }

  /** Why the server refused or could not be reached, or null. */
  get error(): string | null {
    return this._error;
  }

  /** Ask the server to validate the file (again), then follow it. */
  async start(): Promise<void> {
    this._stopPolling();
    this._validation = null;
    this._error = null;
    this._changed.emit();
    try {
      this._validation = await startValidation(this.path);
    } catch (error) {
      this._error = messageOf(error);
    }
    this._changed.emit();
    this._schedule();
  }

  dispose(): void {
    this._disposed = true;
    this._stopPolling();
    Signal.clearData(this);
  }

  private async _poll(): Promise<void> {
    const current = this._validation;
    if (this._disposed || current === null) {
      return;
    }
    try {
      this._validation = await getValidation(current.id);
      this._error = null;
    } catch (error) {
      this._error = `Could not follow the validation: ${messageOf(error)}`;
    }
    if (!this._disposed) {
      this._changed.emit();
      this._schedule();
    }
  }

  private _schedule(): void {
    if (this._disposed || !isActive(this._validation?.status)) {
      return;
    }
    this._timer = setTimeout(() => {
      this._timer = null;
      void this._poll();
    }, POLL_MS);
  }

  private _stopPolling(): void {
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private _validation: IValidation | null = null;
  private _error: string | null = null;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _disposed = false;
  private _changed = new Signal<this, void>(this);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
