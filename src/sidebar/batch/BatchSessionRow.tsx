import * as React from 'react';

import type { IBatchSession } from './api';

export interface IBatchSessionRowProps {
  session: IBatchSession;
  /** Open a converted file in the NWB viewer. */
  onOpen: (path: string) => void;
}

/**
 * One session: its state, and what to do with it. A failed session's reason is one click away
 * (a native <details>: keyboard reachable, Enter/Space opens it) with the log's last lines.
 */
export function BatchSessionRow(props: IBatchSessionRowProps): JSX.Element {
  const { session, onOpen } = props;
  return (
    <li
      className={`jp-IblNwb-batchRow jp-IblNwb-batch-${session.state}`}
      data-eid={session.eid}
      data-state={session.state}
    >
      <span className="jp-IblNwb-batchState">{session.state}</span>
      <code className="jp-IblNwb-batchEid" title={session.eid}>
        {session.eid}
      </code>
      {session.state === 'done' && session.output && (
        <button
          type="button"
          className="jp-IblNwb-linkButton"
          title={`Open ${session.output} in the NWB viewer`}
          onClick={() => onOpen(session.output!)}
        >
          {session.output.split('/').pop()}
        </button>
      )}
      {session.state === 'pending' && (
        <span className="jp-IblNwb-hint">
          {session.reason}
          {session.shard ? ` (shard ${session.shard})` : ''}
        </span>
      )}
      {session.state === 'failed' && <FailureDetails session={session} />}
    </li>
  );
}

function FailureDetails(props: { session: IBatchSession }): JSX.Element {
  const { session } = props;
  const where: [string, string][] = [];
  for (const [name, value] of [
    ['Dataset', session.dataset],
    ['Shard', session.shard],
    ['Task', session.task],
    ['Host', session.host],
    ['When', session.time],
    ['Log', session.log]
  ] as [string, string | null | undefined][]) {
    if (value) {
      where.push([name, value]);
    }
  }
  return (
    <details className="jp-IblNwb-batchFailure" data-testid="batch-failure">
      <summary>
        {session.code ?? 'failed'}: {firstSentence(session.reason)}
      </summary>
      <p data-testid="batch-reason">{session.reason}</p>
      {session.advice && !session.reason?.includes(session.advice) && (
        <p className="jp-IblNwb-hint">{session.advice}</p>
      )}
      <dl className="jp-IblNwb-errorWhere">
        {where.map(([name, value]) => (
          <React.Fragment key={name}>
            <dt>{name}</dt>
            <dd>
              <code>{value}</code>
            </dd>
          </React.Fragment>
        ))}
      </dl>
      {session.tail && session.tail.length > 0 && (
        <pre className="jp-IblNwb-stderr" data-testid="batch-tail">
          {session.tail.join('\n')}
        </pre>
      )}
    </details>
  );
}

/** The summary line: the reason up to its first sentence, so the row stays one line. */
function firstSentence(reason: string | undefined): string {
  const text = reason ?? 'no message recorded';
  const cut = text.search(/[.:] /);
  return cut > 0 && cut < 120 ? text.slice(0, cut) : text.slice(0, 120);
}
