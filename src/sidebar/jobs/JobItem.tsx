import * as React from 'react';

import { baseName } from '../convert/convertOptions';
import { ACTIVE_STATUSES, IJob } from './api';
import { FidelityReport } from './FidelityReport';
import { JobError } from './JobError';
import { ProgressBar } from './ProgressBar';
import { ValidationFindings } from './ValidationFindings';

export interface IJobItemProps {
  job: IJob;
  onCancel: (id: string) => void;
  onOpen: (path: string) => void;
}

const STATUS_TEXT: Record<string, string> = {
  queued: 'Waiting for a free slot',
  running: 'Converting',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled'
};

/** One conversion job: progress, step, cancel, error, report, validation, open. */
export function JobItem(props: IJobItemProps): JSX.Element {
  const { job, onCancel, onOpen } = props;
  const name = job.output ? baseName(job.output) : job.id;
  const active = ACTIVE_STATUSES.includes(job.status);
  const step =
    job.status === 'running' ? (job.title ?? job.step ?? 'Starting…') : '';
  return (
    <li
      className={`jp-IblNwb-job jp-mod-${job.status}`}
      data-job-id={job.id}
      data-status={job.status}
      data-output={job.output ?? ''}
      aria-label={`${name}: ${STATUS_TEXT[job.status] ?? job.status}`}
    >
      <div className="jp-IblNwb-jobHead">
        <span className="jp-IblNwb-jobName" title={job.output ?? ''}>
          {name}
        </span>
        <span className="jp-IblNwb-jobStatus" data-testid="job-status">
          {STATUS_TEXT[job.status] ?? job.status}
        </span>
      </div>
      <ProgressBar
        fraction={job.fraction}
        status={job.status}
        label={`Conversion of ${name}`}
      />
      {step && (
        <div className="jp-IblNwb-hint" data-testid="job-step">
          {step}
        </div>
      )}
      {job.status === 'failed' && <JobError job={job} />}
      {job.status === 'cancelled' && (
        <div className="jp-IblNwb-hint" data-testid="job-cancelled">
          {job.title
            ? `Cancelled during "${job.title}"; no NWB file was written.`
            : 'Cancelled before it started; no NWB file was written.'}
        </div>
      )}
      {(job.status === 'done' || job.status === 'failed') && job.report && (
        <FidelityReport report={job.report} />
      )}
      {job.validations?.map(validation => (
        <ValidationFindings
          key={validation.id}
          validation={validation}
          label={
            (job.validations?.length ?? 0) > 1
              ? baseName(validation.path)
              : undefined
          }
        />
      ))}
      <div className="jp-IblNwb-actions">
        {active && (
          <button
            type="button"
            className="jp-Button jp-mod-styled jp-mod-reject"
            onClick={() => onCancel(job.id)}
          >
            Cancel
          </button>
        )}
        {job.status === 'done' && job.output && (
          <button
            type="button"
            className="jp-Button jp-mod-styled jp-mod-accept"
            onClick={() => onOpen(job.output as string)}
          >
            Open in viewer
          </button>
        )}
      </div>
    </li>
  );
}
