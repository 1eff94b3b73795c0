import * as React from 'react';

import { BatchSessionRow } from './BatchSessionRow';
import { BatchState, fetchBatchStatus, IBatchStatus } from './api';

/** How often the shown batch is read again while the panel is open (tasks may be running). */
export const REFRESH_MS = 15000;

export interface IBatchStatusViewProps {
  /** The folder to start with (e.g. the file browser's). */
  initialFolder: string;
  /** The file browser's current folder, for the "Use current folder" button (if any). */
  currentFolder?: () => string;
  onOpen: (path: string) => void;
}

const STATES: BatchState[] = ['failed', 'pending', 'done'];

/**
 * A batch output folder (relative to the Jupyter root) and its sessions: done / failed /
 * pending, failures first. Read on demand (Refresh, Enter) and every REFRESH_MS.
 */
export function BatchStatusView(props: IBatchStatusViewProps): JSX.Element {
  const [folder, setFolder] = React.useState(props.initialFolder);
  const [shown, setShown] = React.useState<string | null>(null);
  const [status, setStatus] = React.useState<IBatchStatus | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [loading, setLoading] = React.useState(false);
  const [updated, setUpdated] = React.useState<Date | null>(null);

  const load = React.useCallback(async (target: string) => {
    setLoading(true);
    try {
      const answer = await fetchBatchStatus(target);
      setStatus(answer);
      setError(null);
      setUpdated(new Date());
    } catch (reason) {
      setStatus(null);
      setError(reason instanceof Error ? reason.message : String(reason));
    } finally {
      setShown(target);
      setLoading(false);
    }
  }, []);

  React.useEffect(() => {
    if (shown === null || error !== null) {
      return;
    }
    const timer = window.setInterval(() => void load(shown), REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [shown, error, load]);

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    void load(folder.trim());
  };
  const sessions = status
    ? STATES.flatMap(state => status.sessions.filter(s => s.state === state))
    : [];
  return (
    <section
      className="jp-IblNwb-section jp-IblNwb-batch"
      aria-label="Batch status"
    >
      <form
        className="jp-IblNwb-batchForm"
        aria-label="Batch folder"
        onSubmit={submit}
      >
        <label htmlFor="jp-IblNwb-batchFolder">
          Output folder of a batch (relative to the Jupyter root)
        </label>
        <input
          id="jp-IblNwb-batchFolder"
          name="batchFolder"
          className="jp-mod-styled"
          value={folder}
          placeholder="e.g. nwb"
          onChange={event => setFolder(event.target.value)}
        />
        <div className="jp-IblNwb-batchButtons">
          <button
            type="submit"
            className="jp-Button jp-mod-styled jp-mod-accept"
            disabled={loading}
          >
            {shown === folder.trim() && status ? 'Refresh' : 'Show'}
          </button>
          {props.currentFolder && (
            <button
              type="button"
              className="jp-Button jp-mod-styled"
              onClick={() => {
                const current = props.currentFolder!();
                setFolder(current);
                void load(current);
              }}
            >
              Use current folder
            </button>
          )}
        </div>
      </form>
      {error !== null && (
        <p className="jp-IblNwb-error" role="alert" data-testid="batch-error">
          {error}
        </p>
      )}
      {status && (
        <>
          <p
            className="jp-IblNwb-batchCounts"
            data-testid="batch-counts"
            aria-live="polite"
          >
            <span className="jp-IblNwb-batch-done">
              {status.counts.done} done
            </span>
            <span className="jp-IblNwb-batch-failed">
              {status.counts.failed} failed
            </span>
            <span className="jp-IblNwb-batch-pending">
              {status.counts.pending} pending
            </span>
            {updated && (
              <span className="jp-IblNwb-hint">
                read {updated.toLocaleTimeString()}
              </span>
            )}
          </p>
          {status.warnings.map(warning => (
            <p key={warning} className="jp-IblNwb-hint">
              {warning}
            </p>
          ))}
          <ul
            className="jp-IblNwb-batchList"
            aria-label="Sessions of the batch"
          >
            {sessions.map(session => (
              <BatchSessionRow
                key={session.eid}
                session={session}
                onOpen={props.onOpen}
              />
            ))}
          </ul>
        </>
      )}
      {!status && error === null && (
        <p className="jp-IblNwb-hint">
          Give the -o folder of an <code>ibl2nwb batch</code> run (a SLURM or
          Kubernetes array included) to see which sessions are done, failed and
          why, or still pending.
        </p>
      )}
    </section>
  );
}
