import * as React from 'react';

import { messageOf } from '../jobs/JobsModel';
import { alyxLogin, alyxLogout, alyxStatus, IAlyxLoginState } from './alyxApi';

export interface IDataSourcePickerProps {
  /** Remote Alyx (true) or a local ONE cache folder (false). */
  remote: boolean;
  onRemoteChange: (remote: boolean) => void;
  alyxUrl: string;
  onAlyxUrlChange: (url: string) => void;
  /** The login state of `alyxUrl` as the server last told it (null: unknown). */
  login: IAlyxLoginState | null;
  onLoginChange: (state: IAlyxLoginState | null) => void;
  /** Changed by the parent to ask for the login state again (e.g. after a refused request). */
  refresh?: number;
}

const STATUS_DELAY_MS = 300;

/**
 * Local ONE cache | Remote Alyx; for Alyx, its URL and a login form (the
 * server keeps the token, as ONE does), or who is logged in and Log out.
 */
export function DataSourcePicker(props: IDataSourcePickerProps): JSX.Element {
  const { remote, alyxUrl, login, onLoginChange } = props;
  const [username, setUsername] = React.useState('');
  const [password, setPassword] = React.useState('');
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const url = alyxUrl.trim();

  React.useEffect(() => {
    if (!remote || !url) {
      onLoginChange(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      alyxStatus(url)
        .then(state => {
          if (current) {
            setError(null);
            onLoginChange(state);
          }
        })
        .catch(reason => {
          if (current) {
            setError(messageOf(reason));
            onLoginChange(null);
          }
        });
    }, STATUS_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [remote, url, props.refresh]);

  const logIn = async () => {
    setBusy(true);
    setError(null);
    try {
      onLoginChange(await alyxLogin(url, username.trim(), password));
      setPassword('');
    } catch (reason) {
      setError(messageOf(reason));
    } finally {
      setBusy(false);
    }
  };

  const logOut = async () => {
    setBusy(true);
    setError(null);
    try {
      onLoginChange(await alyxLogout(url));
    } catch (reason) {
      setError(messageOf(reason));
    } finally {
      setBusy(false);
    }
  };

  const loggedIn = login !== null && login.url === url && login.loggedIn;
  return (
    <div className="jp-IblNwb-source">
      <fieldset className="jp-IblNwb-sourceChoice">
        <legend>Data source</legend>
        <label>
          <input
            type="radio"
            name="jp-IblNwb-source"
            value="local"
            checked={!remote}
            onChange={() => props.onRemoteChange(false)}
          />{' '}
          Local ONE cache
        </label>
        <label>
          <input
            type="radio"
            name="jp-IblNwb-source"
            value="alyx"
            checked={remote}
            onChange={() => props.onRemoteChange(true)}
          />{' '}
          Remote Alyx
        </label>
      </fieldset>
      {remote && (
        <div className="jp-IblNwb-alyx">
          <label className="jp-IblNwb-field">
            <span>Alyx URL</span>
            <input
              className="jp-mod-styled"
              name="alyxUrl"
              type="url"
              value={alyxUrl}
              placeholder="https://openalyx.internationalbrainlab.org"
              title="The Alyx REST server to search (default from the settings)"
              onChange={e => props.onAlyxUrlChange(e.target.value)}
            />
          </label>
          {loggedIn ? (
            <div
              className="jp-IblNwb-alyxUser"
              role="status"
              data-testid="alyx-user"
            >
              <span>
                Logged in as <strong>{login.user}</strong>
              </span>
              <button
                type="button"
                className="jp-Button jp-mod-styled jp-mod-reject"
                disabled={busy}
                onClick={() => void logOut()}
              >
                Log out
              </button>
            </div>
          ) : (
            <form
              className="jp-IblNwb-alyxLogin"
              aria-label="Alyx login"
              onSubmit={event => {
                event.preventDefault();
                if (!busy) {
                  void logIn();
                }
              }}
            >
              <label className="jp-IblNwb-field">
                <span>User name</span>
                <input
                  className="jp-mod-styled"
                  name="alyxUser"
                  autoComplete="username"
                  value={username}
                  onChange={e => setUsername(e.target.value)}
                />
              </label>
              <label className="jp-IblNwb-field">
                <span>Password</span>
                <input
                  className="jp-mod-styled"
                  name="alyxPassword"
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={e => setPassword(e.target.value)}
                />
              </label>
              <button
                type="submit"
                className="jp-Button jp-mod-styled jp-mod-accept"
                disabled={busy || !url || !username.trim() || !password}
              >
                {busy ? 'Logging in…' : 'Log in'}
              </button>
              <p className="jp-IblNwb-hint">
                The token is kept on the Jupyter server, in ONE&apos;s parameter
                files, never in notebooks or settings.
              </p>
            </form>
          )}
          {error !== null && (
            <p
              className="jp-IblNwb-error"
              role="alert"
              data-testid="alyx-error"
            >
              {error}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
