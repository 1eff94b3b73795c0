import { Contents } from '@jupyterlab/services';
import * as React from 'react';

import type { IModalityAvailability } from '../convert/modalityInfo';
import { getSession, IDataSource, ISessionInfo } from '../sidebar/api';
import { joinPath, metadataFileName } from '../sidebar/convert/convertOptions';
import { JobItem } from '../sidebar/jobs/JobItem';
import { JobsModel, messageOf } from '../sidebar/jobs/JobsModel';
import {
  documentSession,
  readMetadataIfPresent
} from '../sidebar/metadata/metadataFiles';
import {
  batchModalityChoices,
  batchOutputPath,
  EMPTY_DEFAULTS,
  ISharedDefaults,
  sessionModalities
} from './batchPlan';
import type { IBatchSessionArgs } from './ids';
import { SharedDefaultsForm } from './SharedDefaultsForm';
import { startBatchSession } from './startBatchSession';
import { useJobs } from './useJobs';

export interface IBatchWorkspaceProps {
  source: IDataSource;
  sessions: IBatchSessionArgs[];
  outputDir: string;
  contents: Contents.IManager;
  jobs: JobsModel;
  onOpen: (path: string) => void;
  /** Per-session overrides live in the session's own workspace (its metadata file). */
  onOpenSession: (eid: string) => void;
}

/** What is known of one session of the batch. */
interface IRow {
  info: ISessionInfo | null;
  infoError: string | null;
  /** Its metadata file: none, this session's (the user's overrides), or another's. */
  existing: 'unknown' | 'none' | 'own' | 'foreign';
  useOwnFile: boolean;
  include: boolean;
  /** Why it was not started, or the job it started. */
  startError: string | null;
  jobId: string | null;
}

const NEW_ROW: IRow = {
  info: null,
  infoError: null,
  existing: 'unknown',
  useOwnFile: true,
  include: true,
  startError: null,
  jobId: null
};

/**
 * Several sessions converted together through the server's job queue: shared
 * metadata defaults and modalities, per-session choices (leave out, keep its
 * own metadata file or not, edit it in its workspace), DANDI-style names, and
 * the queue with each session's progress, failure and report.
 */
export function BatchWorkspace(props: IBatchWorkspaceProps): JSX.Element {
  const { sessions, source, outputDir } = props;
  const [rows, setRows] = React.useState<Record<string, IRow>>(() =>
    Object.fromEntries(sessions.map(s => [s.eid, NEW_ROW]))
  );
  const [shared, setShared] = React.useState<ISharedDefaults>(EMPTY_DEFAULTS);
  const [chosen, setChosen] = React.useState<string[] | null>(null);
  const [overwrite, setOverwrite] = React.useState(false);
  const [busy, setBusy] = React.useState(false);
  const jobs = useJobs(props.jobs);

  const patch = (eid: string, change: Partial<IRow>) =>
    setRows(all => ({ ...all, [eid]: { ...all[eid], ...change } }));
  const metadataPath = (s: IBatchSessionArgs) =>
    joinPath(outputDir, metadataFileName(s));

  // Each session's modalities (a CLI run each, one after the other) and its metadata file.
  React.useEffect(() => {
    let current = true;
    void (async () => {
      for (const s of sessions) {
        const existing = await readMetadataIfPresent(
          props.contents,
          metadataPath(s)
        ).catch(() => null);
        let info: ISessionInfo | null = null;
        let infoError: string | null = null;
        try {
          info = await getSession(source, s.eid);
        } catch (error) {
          infoError = messageOf(error);
        }
        if (!current) {
          return;
        }
        patch(s.eid, {
          info,
          infoError,
          existing:
            existing === null
              ? 'none'
              : documentSession(existing.document) === s.eid
                ? 'own'
                : 'foreign'
        });
      }
    })();
    return () => {
      current = false;
    };
  }, [sessions, outputDir]);

  const known = sessions
    .map(s => rows[s.eid].info?.interfaces)
    .filter((i): i is IModalityAvailability[] => i !== undefined);
  const choices = batchModalityChoices(known);
  const picked = chosen ?? choices.filter(c => c.available).map(c => c.name);
  const loading = sessions.some(s => rows[s.eid].existing === 'unknown');

  const plan = (s: IBatchSessionArgs) => {
    const row = rows[s.eid];
    const interfaces = row.info?.interfaces ?? [];
    const modalities = sessionModalities(interfaces, picked);
    return {
      modalities,
      output: batchOutputPath(
        outputDir,
        s.subject,
        s.eid,
        modalities,
        interfaces
      )
    };
  };

  const convertAll = async () => {
    setBusy(true);
    for (const s of sessions) {
      const row = rows[s.eid];
      if (!row.include) {
        continue;
      }
      patch(s.eid, { startError: null, jobId: null });
      try {
        if (row.info === null) {
          throw new Error(row.infoError ?? 'The session could not be read.');
        }
        const { modalities, output } = plan(s);
        const job = await startBatchSession(
          {
            eid: s.eid,
            source,
            metadataPath: metadataPath(s),
            useOwnFile: row.useOwnFile,
            modalities,
            output,
            overwrite
          },
          shared,
          props.contents,
          props.jobs
        );
        // The file now holds this session's metadata: a second run keeps it unless unticked.
        patch(s.eid, { jobId: job.id, existing: 'own' });
      } catch (error) {
        patch(s.eid, { startError: messageOf(error) });
      }
    }
    setBusy(false);
  };

  const started = sessions.filter(s => rows[s.eid].jobId !== null);
  const counts = { done: 0, failed: 0, active: 0 };
  for (const s of sessions) {
    const row = rows[s.eid];
    const job = jobs.find(j => j.id === row.jobId);
    if (
      row.startError !== null ||
      job?.status === 'failed' ||
      job?.status === 'cancelled'
    ) {
      counts.failed++;
    } else if (job?.status === 'done') {
      counts.done++;
    } else if (job) {
      counts.active++;
    }
  }

  return (
    <div className="jp-IblNwb-workspace jp-IblNwb-batchWorkspace">
      <section className="jp-IblNwb-section">
        <h3 className="jp-IblNwb-sectionTitle">
          Batch of {sessions.length} sessions
        </h3>
        <SharedDefaultsForm
          value={shared}
          onChange={setShared}
          disabled={busy}
        />
        <fieldset className="jp-IblNwb-modalityChoice" disabled={busy}>
          <legend>Modalities (each session converts those it has)</legend>
          {choices.map(m => (
            <label key={m.name} title={m.reason}>
              <input
                type="checkbox"
                name={`batch-modality-${m.name}`}
                checked={picked.includes(m.name)}
                onChange={e =>
                  setChosen(
                    choices
                      .map(c => c.name)
                      .filter(n =>
                        n === m.name ? e.target.checked : picked.includes(n)
                      )
                  )
                }
              />{' '}
              {m.title}
            </label>
          ))}
        </fieldset>
        <label className="jp-IblNwb-check">
          <input
            type="checkbox"
            name="batch-overwrite"
            checked={overwrite}
            onChange={e => setOverwrite(e.target.checked)}
          />{' '}
          Replace existing outputs
        </label>
        <div className="jp-IblNwb-actions">
          <button
            type="button"
            className="jp-Button jp-mod-styled jp-mod-accept"
            disabled={
              busy || loading || picked.length === 0 || counts.active > 0
            }
            title={
              loading
                ? 'Reading the sessions…'
                : counts.active > 0
                  ? 'Wait for the queued conversions to end (or cancel them)'
                  : 'Save each session’s metadata and queue its conversion on the server'
            }
            onClick={() => void convertAll()}
          >
            {busy
              ? 'Starting…'
              : `Convert ${sessions.filter(s => rows[s.eid].include).length} sessions`}
          </button>
        </div>
        {started.length + counts.failed > 0 && (
          <p
            className="jp-IblNwb-hint"
            role="status"
            data-testid="batch-progress"
          >
            {counts.done} done · {counts.failed} failed · {counts.active} queued
            or running
          </p>
        )}
      </section>
      <ul className="jp-IblNwb-batchQueue" aria-label="Batch sessions">
        {sessions.map(s => {
          const row = rows[s.eid];
          const job = jobs.find(j => j.id === row.jobId);
          const { output } = plan(s);
          return (
            <li
              key={s.eid}
              className="jp-IblNwb-batchRow"
              data-eid={s.eid}
              data-state={
                row.startError !== null ? 'refused' : (job?.status ?? 'idle')
              }
            >
              <div className="jp-IblNwb-batchRowHead">
                <label className="jp-IblNwb-check">
                  <input
                    type="checkbox"
                    checked={row.include}
                    disabled={busy}
                    aria-label={`Include ${s.subject} ${s.date} in the batch`}
                    onChange={e => patch(s.eid, { include: e.target.checked })}
                  />{' '}
                  <strong>
                    {s.subject} · {s.date} ·{' '}
                    {String(s.number ?? '').padStart(3, '0')}
                  </strong>
                </label>
                <button
                  type="button"
                  className="jp-Button jp-mod-styled jp-mod-minimal"
                  onClick={() => props.onOpenSession(s.eid)}
                  title="This session's own metadata and options in its workspace"
                >
                  Edit metadata…
                </button>
              </div>
              <div className="jp-IblNwb-hint" data-testid="batch-output">
                {row.info ? output : (row.infoError ?? 'Reading the session…')}
              </div>
              {row.existing === 'own' && (
                <label className="jp-IblNwb-check" data-testid="batch-own-file">
                  <input
                    type="checkbox"
                    checked={row.useOwnFile}
                    disabled={busy}
                    onChange={e =>
                      patch(s.eid, { useOwnFile: e.target.checked })
                    }
                  />{' '}
                  Use this session&apos;s edited metadata ({metadataPath(s)});
                  untick to replace it with Alyx + the shared defaults
                </label>
              )}
              {row.existing === 'foreign' && (
                <p className="jp-IblNwb-error">
                  {metadataPath(s)} holds other metadata: it will not be
                  replaced.
                </p>
              )}
              {row.startError !== null && (
                <p
                  className="jp-IblNwb-error"
                  role="alert"
                  data-testid="batch-refused"
                >
                  {row.startError}
                </p>
              )}
              {job && (
                <ul className="jp-IblNwb-jobList">
                  <JobItem
                    job={job}
                    onCancel={id => void props.jobs.cancel(id)}
                    onOpen={props.onOpen}
                  />
                </ul>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
