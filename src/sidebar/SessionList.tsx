import * as React from 'react';

import { ISessionSummary } from './api';

const ROW_HEIGHT = 44;
const VISIBLE_ROWS = 8;
const OVERSCAN = 4;

export interface ISessionListProps {
  sessions: ISessionSummary[];
  selected: string | null;
  onSelect: (eid: string) => void;
}

/**
 * Search results. Only the rows in view are rendered, so thousands of
 * sessions scroll smoothly; arrow keys move the selection.
 */
export function SessionList(props: ISessionListProps): JSX.Element {
  const { sessions, selected, onSelect } = props;
  const [scrollTop, setScrollTop] = React.useState(0);
  const listRef = React.useRef<HTMLDivElement>(null);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(sessions.length, first + VISIBLE_ROWS + 2 * OVERSCAN);
  const index = sessions.findIndex(s => s.eid === selected);

  const move = (delta: number) => {
    if (sessions.length === 0) {
      return;
    }
    const next = Math.min(
      sessions.length - 1,
      Math.max(0, (index < 0 ? -1 : index) + delta)
    );
    onSelect(sessions[next].eid);
    const list = listRef.current;
    if (list) {
      const top = next * ROW_HEIGHT;
      if (top < list.scrollTop) {
        list.scrollTop = top;
      } else if (top + ROW_HEIGHT > list.scrollTop + list.clientHeight) {
        list.scrollTop = top + ROW_HEIGHT - list.clientHeight;
      }
    }
  };

  return (
    <div
      ref={listRef}
      className="jp-IblNwb-sessionList"
      role="listbox"
      aria-label={`${sessions.length} sessions`}
      aria-activedescendant={
        index >= 0 ? `jp-IblNwb-session-${sessions[index].eid}` : undefined
      }
      tabIndex={0}
      style={{ maxHeight: ROW_HEIGHT * VISIBLE_ROWS }}
      onScroll={e => setScrollTop((e.target as HTMLDivElement).scrollTop)}
      onKeyDown={e => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          move(e.key === 'ArrowDown' ? 1 : -1);
        }
      }}
    >
      <div
        style={{ height: sessions.length * ROW_HEIGHT, position: 'relative' }}
      >
        {sessions.slice(first, last).map((session, offset) => (
          <div
            key={session.eid}
            id={`jp-IblNwb-session-${session.eid}`}
            role="option"
            aria-selected={session.eid === selected}
            className={
              'jp-IblNwb-sessionRow' +
              (session.eid === selected ? ' jp-mod-selected' : '')
            }
            data-eid={session.eid}
            style={{ top: (first + offset) * ROW_HEIGHT, height: ROW_HEIGHT }}
            onClick={() => onSelect(session.eid)}
          >
            <div className="jp-IblNwb-sessionTitle">
              {session.subject} · {session.date} ·{' '}
              {String(session.number ?? '').padStart(3, '0')}
            </div>
            <div className="jp-IblNwb-sessionSub">
              {session.lab} · {session.task_protocol}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
