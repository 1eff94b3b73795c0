/**
 * The conversion jobs the server knows about. Jobs live on the server, so a
 * reloaded page gets them back from GET /jobs; while any job is queued or
 * running the compact list is polled about once a second (and not at all
 * otherwise), and while a done job's files are being validated. A finished
 * job's report, error details and findings are fetched when its state changes.
 */
import { ISignal, Signal } from '@lumino/signaling';

import {
  ACTIVE_STATUSES,
  cancelJob,
  getJob,
  IJob,
  IJobRequest,
  listJobs,
  startJob
} from './api';
import { needsDetails, withDetails } from './jobDetails';
import { isActive } from './validation';

const POLL_MS = 1000;

export class JobsModel {
  /** Emitted whenever the list, or the error, changes. */
  get changed(): ISignal<this, void> {
    return this._changed;
  }

  /** Newest first. */
  get jobs(): readonly IJob[] {
    return this._jobs;
  }

  /** Why the last refresh failed, or null. */
  get error(): string | null {
    return this._error;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** Ask the server for the jobs now (and keep polling while any is active). */
  async refresh(): Promise<void> {
    if (this._disposed) {
      return;
    }
    try {
      const jobs = await listJobs();
      await this._fetchDetails(jobs);
      this._jobs = [...jobs]
        .sort((a, b) => (b.created ?? 0) - (a.created ?? 0))
        .map(job => withDetails(job, this._details.get(job.id)));
      this._error = null;
    } catch (error) {
      this._error = `Could not list conversion jobs: ${messageOf(error)}. Check that the Jupyter server is running.`;
    }
    this._changed.emit();
    this._schedule();
  }

  /** Start a conversion on the server; throws the server's message on refusal. */
  async start(request: IJobRequest): Promise<IJob> {
    const job = await startJob(request);
    this._jobs = [job, ...this._jobs.filter(j => j.id !== job.id)];
    this._changed.emit();
    this._schedule();
    return job;
  }

  /** Cancel a queued or running job. */
  async cancel(id: string): Promise<void> {
    try {
      const job = await cancelJob(id);
      this._jobs = this._jobs.map(j => (j.id === id ? job : j));
      this._changed.emit();
    } catch (error) {
      this._error = `Could not cancel job ${id}: ${messageOf(error)}.`;
      this._changed.emit();
    }
    await this.refresh();
  }

  dispose(): void {
    this._disposed = true;
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
    Signal.clearData(this);
  }

  /** Details of finished jobs not fetched yet (a failure leaves the summary). */
  private async _fetchDetails(jobs: IJob[]): Promise<void> {
    const wanted = jobs.filter(job => needsDetails(job, this._details));
    await Promise.all(
      wanted.map(async job => {
        try {
          this._details.set(job.id, await getJob(job.id));
        } catch {
          // Shown without its report until the next refresh.
        }
      })
    );
  }

  private _schedule(): void {
    // A done job's files are still being validated: their state is polled too.
    const active = this._jobs.some(
      j =>
        ACTIVE_STATUSES.includes(j.status) ||
        (j.validations ?? []).some(v => isActive(v.status))
    );
    if (!active || this._timer !== null || this._disposed) {
      return;
    }
    this._timer = setTimeout(() => {
      this._timer = null;
      void this.refresh();
    }, POLL_MS);
  }

  private _jobs: IJob[] = [];
  private _details = new Map<string, IJob>();
  private _error: string | null = null;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _disposed = false;
  private _changed = new Signal<this, void>(this);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
