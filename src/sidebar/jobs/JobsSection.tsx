import * as React from 'react';

import { IJob } from './api';
import { JobItem } from './JobItem';
import { JobsModel } from './JobsModel';

/** How many jobs are shown before "Show older jobs". */
const RECENT = 10;

export interface IJobsSectionProps {
  model: JobsModel;
  onOpen: (path: string) => void;
}

/** The server's conversion jobs, newest first, live while any runs. */
export function JobsSection(props: IJobsSectionProps): JSX.Element {
  const { model, onOpen } = props;
  const [jobs, setJobs] = React.useState<readonly IJob[]>(model.jobs);
  const [error, setError] = React.useState<string | null>(model.error);
  const [showAll, setShowAll] = React.useState(false);

  React.useEffect(() => {
    const update = () => {
      setJobs(model.jobs);
      setError(model.error);
    };
    model.changed.connect(update);
    update();
    return () => {
      model.changed.disconnect(update);
    };
  }, [model]);

  const shown = showAll ? jobs : jobs.slice(0, RECENT);
  return (
    <section
      className="jp-IblNwb-section jp-IblNwb-jobs"
      aria-labelledby="jp-IblNwb-jobs-title"
    >
      <h3 className="jp-IblNwb-sectionTitle" id="jp-IblNwb-jobs-title">
        Conversions
      </h3>
      {error !== null && (
        <p className="jp-IblNwb-error" role="alert">
          {error}
        </p>
      )}
      {jobs.length === 0 ? (
        <p className="jp-IblNwb-hint">
          No conversion yet: open a session above (Enter) and press Convert in
          its workspace.
        </p>
      ) : (
        <ul className="jp-IblNwb-jobList" aria-label="Conversion jobs">
          {shown.map(job => (
            <JobItem
              key={job.id}
              job={job}
              onCancel={id => void model.cancel(id)}
              onOpen={onOpen}
            />
          ))}
        </ul>
      )}
      {jobs.length > RECENT && (
        <button
          type="button"
          className="jp-Button jp-mod-styled"
          onClick={() => setShowAll(!showAll)}
        >
          {showAll
            ? 'Show recent jobs only'
            : `Show ${jobs.length - RECENT} older jobs`}
        </button>
      )}
    </section>
  );
}
