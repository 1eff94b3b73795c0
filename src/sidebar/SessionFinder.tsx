import { Contents } from '@jupyterlab/services';
import * as React from 'react';

import {
  getSession,
  ISearchFilters,
  ISessionInfo,
  ISessionSummary,
  searchSessions
} from './api';
import { SessionWork } from './convert/SessionWork';
import { JobsModel } from './jobs/JobsModel';
import { SearchForm } from './SearchForm';
import { SessionDetail } from './SessionDetail';
import { SessionList } from './SessionList';

export interface ISessionFinderProps {
  /** ONE cache folder from the settings ('' = bundled sample). */
  defaultCache: string;
  /** Default folder for metadata JSON and .nwb files (settings). */
  outputDir: string;
  contents: Contents.IManager;
  jobs: JobsModel;
}

/**
 * Search → results → selected session, against a local ONE cache; then the
 * selected session's metadata form and convert options.
 */
export function SessionFinder(props: ISessionFinderProps): JSX.Element {
  const [filters, setFilters] = React.useState<ISearchFilters>({
    cache: props.defaultCache
  });
  const [sessions, setSessions] = React.useState<ISessionSummary[] | null>(
    null
  );
  const [selected, setSelected] = React.useState<string | null>(null);
  const [info, setInfo] = React.useState<ISessionInfo | null>(null);
  const [busy, setBusy] = React.useState(false);
  // The cache the results came from (the field may be edited afterwards).
  const [searchedCache, setSearchedCache] = React.useState(props.defaultCache);
  const [error, setError] = React.useState<string | null>(null);
  const latest = React.useRef(0);

  React.useEffect(() => {
    setFilters(f => ({ ...f, cache: props.defaultCache }));
  }, [props.defaultCache]);

  const search = async () => {
    setBusy(true);
    setError(null);
    try {
      const found = await searchSessions(filters);
      setSessions(found);
      setSearchedCache(filters.cache);
      setSelected(null);
      setInfo(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const select = async (eid: string) => {
    setSelected(eid);
    const ticket = ++latest.current;
    try {
      const detail = await getSession(searchedCache, eid);
      if (ticket === latest.current) {
        setInfo(detail);
        setError(null);
      }
    } catch (e) {
      if (ticket === latest.current) {
        setInfo(null);
        setError(e instanceof Error ? e.message : String(e));
      }
    }
  };

  return (
    <>
      <section
        className="jp-IblNwb-section"
        aria-labelledby="jp-IblNwb-search-title"
      >
        <h3 className="jp-IblNwb-sectionTitle" id="jp-IblNwb-search-title">
          Find a session
        </h3>
        <SearchForm
          filters={filters}
          busy={busy}
          onChange={setFilters}
          onSearch={() => void search()}
        />
        {error !== null && (
          <p className="jp-IblNwb-error" role="alert">
            {error}
          </p>
        )}
        {sessions !== null && (
          <>
            <p
              className="jp-IblNwb-hint"
              role="status"
              data-testid="result-count"
            >
              {sessions.length === 0
                ? 'No session matches these filters.'
                : `${sessions.length} session${sessions.length === 1 ? '' : 's'}`}
            </p>
            {sessions.length > 0 && (
              <SessionList
                sessions={sessions}
                selected={selected}
                onSelect={eid => void select(eid)}
              />
            )}
          </>
        )}
      </section>
      {info !== null && <SessionDetail info={info} />}
      {info !== null && (
        <SessionWork
          key={`${searchedCache}|${info.session.eid}`}
          info={info}
          cache={searchedCache}
          outputDir={props.outputDir}
          contents={props.contents}
          jobs={props.jobs}
        />
      )}
    </>
  );
}
