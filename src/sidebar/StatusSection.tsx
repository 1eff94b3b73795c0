import * as React from 'react';

import { IServerStatus } from '../server';
import { IExtensionState } from './extensionState';

export interface IStatusSectionProps {
  extension: IExtensionState;
  /** `undefined` while the server is being asked. */
  server: IServerStatus | undefined;
  serverError: string | null;
}

function Status(props: {
  kind: 'ok' | 'error' | 'pending';
  children: React.ReactNode;
  testId: string;
}): JSX.Element {
  return (
    <span
      className={`jp-IblNwb-status jp-mod-${props.kind}`}
      data-testid={props.testId}
      data-status={props.kind}
    >
      {props.children}
    </span>
  );
}

/** Whether the lab extension, the server extension and the converter CLI are ready. */
export function StatusSection(props: IStatusSectionProps): JSX.Element {
  const { extension, server, serverError } = props;
  const labOk = extension.installed && extension.enabled;
  return (
    <section
      className="jp-IblNwb-section"
      aria-labelledby="jp-IblNwb-status-title"
    >
      <h3 className="jp-IblNwb-sectionTitle" id="jp-IblNwb-status-title">
        Extension
      </h3>
      <dl className="jp-IblNwb-facts">
        <dt>Lab extension</dt>
        <dd>
          <Status kind={labOk ? 'ok' : 'error'} testId="lab-extension-status">
            {labOk
              ? `enabled${extension.version ? ` (v${extension.version})` : ''}`
              : extension.installed
                ? 'disabled'
                : 'not installed'}
          </Status>
        </dd>
        <dt>Server extension</dt>
        <dd>
          {serverError !== null ? (
            <Status kind="error" testId="server-extension-status">
              not reachable
            </Status>
          ) : server === undefined ? (
            <Status kind="pending" testId="server-extension-status">
              checking…
            </Status>
          ) : (
            <Status kind="ok" testId="server-extension-status">
              enabled (v{server.version})
            </Status>
          )}
        </dd>
        <dt>Converter</dt>
        <dd>
          {server === undefined ? (
            <Status kind="pending" testId="converter-status">
              checking…
            </Status>
          ) : server.cli && server.node ? (
            <Status kind="ok" testId="converter-status">
              ibl2nwb ready
            </Status>
          ) : (
            <Status kind="error" testId="converter-status">
              {server.node ? 'ibl2nwb missing' : 'Node.js not found'}
            </Status>
          )}
        </dd>
      </dl>
      {serverError !== null && (
        <p className="jp-IblNwb-hint" role="alert">
          {serverError} Reinstall with{' '}
          <code>pip install jupyterlab_ibl_nwb</code> and restart JupyterLab.
        </p>
      )}
    </section>
  );
}
