import { Contents } from '@jupyterlab/services';
import * as React from 'react';

import {
  getSession,
  IDataSource,
  ISessionInfo,
  sourceKey
} from '../sidebar/api';
import { SessionWork } from '../sidebar/convert/SessionWork';
import { JobItem } from '../sidebar/jobs/JobItem';
import { JobsModel, messageOf } from '../sidebar/jobs/JobsModel';
import { SessionDetail } from '../sidebar/SessionDetail';
import { sessionJobs } from './sessionJobs';
import { useJobs } from './useJobs';

export interface ISessionWorkspaceProps {
  source: IDataSource;
  eid: string;
  /** Default folder of metadata JSON and .nwb files (settings). */
  outputDir: string;
  contents: Contents.IManager;
  /** The jobs model the sidebar shares (one poller). */
  jobs: JobsModel;
  /** Open a converted file in the NWB viewer. */
  onOpen: (path: string) => void;
  /** The session's info once known (the tab's title). */
  onInfo?: (info: ISessionInfo) => void;
}

/**
 * One session in the main area: who and what it holds (per-modality
 * availability from the converter's plan), its metadata form with room,
 * conversion options, and its conversions with progress, fidelity report,
 * validation findings and "Open in viewer". The same components as the
 * sidebar's, laid out in two columns.
 */
export function SessionWorkspace(props: ISessionWorkspaceProps): JSX.Element {
  const { source, eid } = props;
  const [info, setInfo] = React.useState<ISessionInfo | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [started, setStarted] = React.useState<Set<string>>(new Set());
  const jobs = useJobs(props.jobs);

  React.useEffect(() => {
    let current = true;
    setInfo(null);
    setError(null);
    getSession(source, eid)
      .then(found => {
        if (current) {
          setInfo(found);
          props.onInfo?.(found);
        }
      })
      .catch(reason => {
        if (current) {
          setError(
            `Could not read session ${eid} from ${source.alyx ?? (source.cache || 'the bundled sample')}: ${messageOf(reason)}`
          );
        }
      });
    return () => {
      current = false;
    };
  }, [eid, sourceKey(source)]);

  if (error !== null) {
    return (
      <div className="jp-IblNwb-workspace">
        <p className="jp-IblNwb-error" role="alert">
          {error}
        </p>
      </div>
    );
  }
  if (info === null) {
    return (
      <div className="jp-IblNwb-workspace">
        <p className="jp-IblNwb-hint" role="status">
          Reading session {eid}…
        </p>
      </div>
    );
  }
  const mine = sessionJobs(jobs, eid, started);
  return (
    <div className="jp-IblNwb-workspace" data-eid={eid}>
      <div className="jp-IblNwb-workspaceGrid">
        <SessionDetail info={info} idScope={`ws-${eid}-`} />
        <SessionWork
          key={`${sourceKey(source)}|${eid}`}
          info={info}
          source={source}
          outputDir={props.outputDir}
          contents={props.contents}
          jobs={props.jobs}
          jobsWhere="This session's conversions"
          idScope={`ws-${eid}-`}
          onJobStarted={job => setStarted(s => new Set(s).add(job.id))}
        />
        <section
          className="jp-IblNwb-section jp-IblNwb-jobs"
          aria-labelledby={`jp-IblNwb-ws-jobs-${eid}`}
        >
          <h3
            className="jp-IblNwb-sectionTitle"
            id={`jp-IblNwb-ws-jobs-${eid}`}
          >
            This session&apos;s conversions
          </h3>
          {mine.length === 0 ? (
            <p className="jp-IblNwb-hint">
              Not converted yet: choose the options and press Convert.
            </p>
          ) : (
            <ul className="jp-IblNwb-jobList" aria-label="Session conversions">
              {mine.map(job => (
                <JobItem
                  key={job.id}
                  job={job}
                  onCancel={id => void props.jobs.cancel(id)}
                  onOpen={props.onOpen}
                />
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}
