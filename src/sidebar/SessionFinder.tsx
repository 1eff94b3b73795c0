import { Contents } from '@jupyterlab/services';
import * as React from 'react';

import {
  getSession,
  IDataSource,
  ISearchFilters,
  ISessionInfo,
  ISessionSummary,
  searchSessions,
  sourceKey
} from './api';
import { SessionWork } from './convert/SessionWork';
import { JobsModel } from './jobs/JobsModel';
import { SearchForm } from './SearchForm';
import { SessionDetail } from './SessionDetail';
import { SessionActions } from './SessionActions';
import { SessionList } from './SessionList';
import { IAlyxLoginState } from './source/alyxApi';
import { DataSourcePicker } from './source/DataSourcePicker';

/** Quiet time after a selection before its details are requested. */
const DETAIL_DELAY_MS = 250;

export interface ISessionFinderProps {
  /** ONE cache folder from the settings ('' = bundled sample). */
  defaultCache: string;
  /** Alyx base URL from the settings (the remote source's default). */
  defaultAlyxUrl: string;
  /** Default folder for metadata JSON and .nwb files (settings). */
  outputDir: string;
  contents: Contents.IManager;
  jobs: JobsModel;
  /** Open a session's workspace in the main area. */
  onOpenSession?: (source: IDataSource, eid: string) => void;
  /** Open the batch workspace on the ticked sessions. */
  onOpenBatch?: (source: IDataSource, sessions: ISessionSummary[]) => void;
}

/**
 * Data source (local ONE cache or remote Alyx) → search → results → selected
 * session; then the selected session's metadata form and convert options.
 */
export function SessionFinder(props: ISessionFinderProps): JSX.Element {
  const [filters, setFilters] = React.useState<ISearchFilters>({
    cache: props.defaultCache
  });
  const [sessions, setSessions] = React.useState<ISessionSummary[] | null>(
    null
  );
  const [selected, setSelected] = React.useState<string | null>(null);
  const [checked, setChecked] = React.useState<Set<string>>(new Set());
  const [info, setInfo] = React.useState<ISessionInfo | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [remote, setRemote] = React.useState(false);
  const [alyxUrl, setAlyxUrl] = React.useState(props.defaultAlyxUrl);
  const [login, setLogin] = React.useState<IAlyxLoginState | null>(null);
  const [loginCheck, setLoginCheck] = React.useState(0);
  // The source the results came from (the fields may be edited afterwards).
  const [searched, setSearched] = React.useState<IDataSource>({
    cache: props.defaultCache
  });
  const [error, setError] = React.useState<string | null>(null);
  const latest = React.useRef(0);
  const resultsRef = React.useRef<HTMLElement>(null);
  // After a search the keyboard goes on in the results (arrows pick, Enter opens).
  const [focusResults, setFocusResults] = React.useState(0);
  React.useEffect(() => {
    if (focusResults > 0) {
      resultsRef.current
        ?.querySelector<HTMLElement>('.jp-IblNwb-sessionList')
        ?.focus();
    }
  }, [focusResults]);

  React.useEffect(() => {
    setFilters(f => ({ ...f, cache: props.defaultCache }));
  }, [props.defaultCache]);

  React.useEffect(() => {
    setAlyxUrl(props.defaultAlyxUrl);
  }, [props.defaultAlyxUrl]);

  const source: IDataSource = remote
    ? { cache: filters.cache, alyx: alyxUrl.trim() }
    : { cache: filters.cache };
  const loggedIn =
    login !== null && login.loggedIn && login.url === alyxUrl.trim();

  // Results belong to the source they came from: after switching source (or
  // before logging in to it) they would answer a question not asked.
  const resultsCurrent =
    sourceKey(source) === sourceKey(searched) && (!remote || loggedIn);

  /** A refused remote request may mean the token expired: ask for the login state again. */
  const failed = (e: unknown, from: IDataSource) => {
    setError(e instanceof Error ? e.message : String(e));
    if (from.alyx) {
      setLoginCheck(n => n + 1);
    }
  };

  const search = async () => {
    setBusy(true);
    setError(null);
    const from = source;
    try {
      const found = await searchSessions({ ...filters, ...from });
      setSessions(found);
      setSearched(from);
      setSelected(null);
      setChecked(new Set());
      if (found.length > 0) {
        setFocusResults(n => n + 1);
      }
      setInfo(null);
    } catch (e) {
      failed(e, from);
    } finally {
      setBusy(false);
    }
  };

  const select = async (eid: string) => {
    setSelected(eid);
    const ticket = ++latest.current;
    // Arrowing through the list: ask the server (a CLI run each) only for where it stops.
    await new Promise(resolve => setTimeout(resolve, DETAIL_DELAY_MS));
    if (ticket !== latest.current) {
      return;
    }
    try {
      const detail = await getSession(searched, eid);
      if (ticket === latest.current) {
        setInfo(detail);
        setError(null);
      }
    } catch (e) {
      if (ticket === latest.current) {
        setInfo(null);
        failed(e, searched);
      }
    }
  };

  return (
    <>
      <section
        ref={resultsRef}
        className="jp-IblNwb-section"
        aria-labelledby="jp-IblNwb-search-title"
      >
        <h3 className="jp-IblNwb-sectionTitle" id="jp-IblNwb-search-title">
          Find a session
        </h3>
        <DataSourcePicker
          remote={remote}
          onRemoteChange={setRemote}
          alyxUrl={alyxUrl}
          onAlyxUrlChange={setAlyxUrl}
          login={login}
          onLoginChange={setLogin}
          refresh={loginCheck}
        />
        <SearchForm
          filters={filters}
          remote={remote}
          busy={busy}
          blocker={
            remote && !loggedIn ? 'Log in to this Alyx to search it.' : null
          }
          onChange={setFilters}
          onSearch={() => void search()}
        />
        {error !== null && (
          <p className="jp-IblNwb-error" role="alert">
            {error}
          </p>
        )}
        {sessions !== null && resultsCurrent && (
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
                checked={checked}
                onCheckedChange={setChecked}
                onOpen={eid => props.onOpenSession?.(searched, eid)}
              />
            )}
            {sessions.length > 0 && (
              <SessionActions
                selected={selected}
                checked={sessions.filter(s => checked.has(s.eid))}
                onOpenSession={
                  props.onOpenSession
                    ? eid => props.onOpenSession?.(searched, eid)
                    : undefined
                }
                onOpenBatch={
                  props.onOpenBatch
                    ? picked => props.onOpenBatch?.(searched, picked)
                    : undefined
                }
                onClear={() => setChecked(new Set())}
              />
            )}
          </>
        )}
      </section>
      {info !== null && <SessionDetail info={info} />}
      {/* The metadata form and Convert live in the session's workspace (main area);
          without the workspaces (no command) they stay here. */}
      {info !== null && !props.onOpenSession && (
        <SessionWork
          key={`${sourceKey(searched)}|${info.session.eid}`}
          info={info}
          source={searched}
          outputDir={props.outputDir}
          contents={props.contents}
          jobs={props.jobs}
        />
      )}
    </>
  );
}
