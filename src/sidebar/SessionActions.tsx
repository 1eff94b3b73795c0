import * as React from 'react';

import type { ISessionSummary } from './api';

export interface ISessionActionsProps {
  /** The session the list's cursor is on. */
  selected: string | null;
  /** The ticked sessions, in list order. */
  checked: ISessionSummary[];
  onOpenSession?: (eid: string) => void;
  onOpenBatch?: (sessions: ISessionSummary[]) => void;
  onClear: () => void;
}

/** Under the results: open the picked session's workspace, or the ticked ones as a batch. */
export function SessionActions(props: ISessionActionsProps): JSX.Element {
  const { selected, checked } = props;
  const count = checked.length;
  return (
    <div className="jp-IblNwb-actions jp-IblNwb-sessionActions">
      {props.onOpenSession && (
        <button
          type="button"
          className="jp-Button jp-mod-styled jp-mod-accept"
          disabled={selected === null}
          title={
            selected === null
              ? 'Pick a session first'
              : 'Details, metadata, conversion and report in the main area (Enter in the list)'
          }
          onClick={() => selected && props.onOpenSession?.(selected)}
        >
          Open workspace
        </button>
      )}
      {props.onOpenBatch && (
        <button
          type="button"
          className="jp-Button jp-mod-styled"
          disabled={count < 1}
          title={
            count < 1
              ? 'Tick sessions (Space, ctrl- or shift-click) to convert them together'
              : `Convert the ${count} ticked sessions together`
          }
          onClick={() => props.onOpenBatch?.(checked)}
        >
          {`Batch (${count})`}
        </button>
      )}
      {count > 0 && (
        <button
          type="button"
          className="jp-Button jp-mod-styled jp-mod-minimal"
          onClick={props.onClear}
        >
          Clear
        </button>
      )}
    </div>
  );
}
