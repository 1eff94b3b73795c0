import * as React from 'react';

import type { IJob } from './api';

/** What a failed job says, as the CLI sent it: the message, then where
 * (dataset, field, row, file) and what to do (advice); the stderr tail on demand. */
export function JobError(props: { job: IJob }): JSX.Element {
  const { job } = props;
  const event = job.errorEvent;
  const where: [string, string][] = [];
  if (event?.dataset) {
    where.push(['Dataset', event.dataset]);
  }
  if (event?.field) {
    where.push(['Field', event.field]);
  }
  if (event?.row !== undefined && event?.row !== null) {
    where.push(['Row', String(event.row)]);
  }
  if (event?.file) {
    where.push(['File', event.file]);
  }
  return (
    <div className="jp-IblNwb-error" data-testid="job-error">
      <p>
        {event?.message ??
          job.error ??
          'The converter failed without a message; see the server log.'}
      </p>
      {where.length > 0 && (
        <dl className="jp-IblNwb-errorWhere" data-testid="job-error-where">
          {where.map(([name, value]) => (
            <React.Fragment key={name}>
              <dt>{name}</dt>
              <dd>
                <code>{value}</code>
              </dd>
            </React.Fragment>
          ))}
        </dl>
      )}
      {event?.advice && (
        <p className="jp-IblNwb-hint" data-testid="job-error-advice">
          {event.advice}
        </p>
      )}
      {(event?.code ?? job.errorCode) && (
        <span className="jp-IblNwb-hint" data-testid="job-error-code">
          {event?.code ?? job.errorCode}
        </span>
      )}
      {job.stderr && job.stderr.length > 0 && (
        <details>
          <summary>Converter output (last {job.stderr.length} lines)</summary>
          <pre className="jp-IblNwb-stderr">{job.stderr.join('\n')}</pre>
        </details>
      )}
    </div>
  );
}
