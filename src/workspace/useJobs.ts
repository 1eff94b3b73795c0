import * as React from 'react';

import type { IJob } from '../sidebar/jobs/api';
import type { JobsModel } from '../sidebar/jobs/JobsModel';

/** The server's jobs as the shared model polls them, re-rendered on each change. */
export function useJobs(model: JobsModel): readonly IJob[] {
  const [jobs, setJobs] = React.useState<readonly IJob[]>(model.jobs);
  React.useEffect(() => {
    const update = () => setJobs(model.jobs);
    model.changed.connect(update);
    update();
    void model.refresh();
    return () => {
      model.changed.disconnect(update);
    };
  }, [model]);
  return jobs;
}
