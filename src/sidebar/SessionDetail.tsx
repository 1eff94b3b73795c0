import * as React from 'react';

import { ISessionInfo } from './api';
import { ModalityList } from './ModalityList';

/** The selected session: who, when, where, and which modalities it can give. */
export function SessionDetail(props: {
  info: ISessionInfo;
  /** Prefix of the element ids (the session workspace's copy beside the sidebar's). */
  idScope?: string;
}): JSX.Element {
  const { session, datasets, interfaces } = props.info;
  const titleId = `jp-IblNwb-${props.idScope ?? ''}detail-title`;
  const projects = Array.isArray(session.projects)
    ? session.projects.join(', ')
    : session.projects;
  return (
    <section
      className="jp-IblNwb-section jp-IblNwb-sessionDetail"
      aria-labelledby={titleId}
      data-eid={session.eid}
    >
      <h3 className="jp-IblNwb-sectionTitle" id={titleId}>
        Session
      </h3>
      <dl className="jp-IblNwb-facts">
        <dt>Subject</dt>
        <dd data-testid="detail-subject">{session.subject}</dd>
        <dt>Date</dt>
        <dd>
          {session.date} · {String(session.number ?? '').padStart(3, '0')}
        </dd>
        <dt>Lab</dt>
        <dd>{session.lab}</dd>
        {projects ? (
          <>
            <dt>Project</dt>
            <dd>{projects}</dd>
          </>
        ) : null}
        <dt>Protocol</dt>
        <dd>{session.task_protocol}</dd>
        <dt>eid</dt>
        <dd>
          <code>{session.eid}</code>
        </dd>
        <dt>Datasets</dt>
        <dd>{datasets.length}</dd>
      </dl>
      <ModalityList interfaces={interfaces} />
    </section>
  );
}
