import * as React from 'react';

import { ISessionSummary } from './api';
import { nextChecked } from './listSelection';
import { sessionNumber, sessionSubtitle, sessionTitle } from './sessionLabel';

const ROW_HEIGHT = 40;
const VISIBLE_ROWS = 8;
const OVERSCAN = 4;

export interface ISessionListProps {
  sessions: ISessionSummary[];
  /** The session the cursor is on (its details show below). */
  selected: string | null;
  onSelect: (eid: string) => void;
  /** Sessions ticked for a batch (checkboxes, Space, shift/ctrl-click). */
  checked: ReadonlySet<string>;
  onCheckedChange: (checked: Set<string>) => void;
  /** Enter or double-click: open the session's workspace. */
  onOpen: (eid: string) => void;
}

/**
 * Search results. Only the rows in view are rendered, so thousands of
 * sessions scroll smoothly. Keyboard: arrows move, Space ticks, Enter opens;
 * mouse: click picks, ctrl/cmd-click ticks one, shift-click ticks a range.
 */
export function SessionList(props: ISessionListProps): JSX.Element {
  const { sessions, selected, onSelect, checked } = props;
  const [scrollTop, setScrollTop] = React.useState(0);
  // Where a shift-click range starts (the last row picked or ticked).
  const anchor = React.useRef<number | null>(null);
  const listRef = React.useRef<HTMLDivElement>(null);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(sessions.length, first + VISIBLE_ROWS + 2 * OVERSCAN);
  const index = sessions.findIndex(s => s.eid === selected);

  const tick = (row: number, mode: 'toggle' | 'range') => {
    props.onCheckedChange(
      nextChecked(
        sessions.map(s => s.eid),
        checked,
        row,
        mode,
        anchor.current
      )
    );
    anchor.current = row;
  };

  const move = (delta: number) => {
    if (sessions.length === 0) {
      return;
    }
    const next = Math.min(
      sessions.length - 1,
      Math.max(0, (index < 0 ? -1 : index) + delta)
    );
    anchor.current = next;
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
      aria-multiselectable="true"
      aria-label={`${sessions.length} sessions: arrows move, Space ticks, Enter opens`}
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
        } else if (e.key === ' ' && index >= 0) {
          e.preventDefault();
          tick(index, e.shiftKey ? 'range' : 'toggle');
        } else if (e.key === 'Enter' && index >= 0) {
          e.preventDefault();
          props.onOpen(sessions[index].eid);
        }
      }}
    >
      <div
        style={{ height: sessions.length * ROW_HEIGHT, position: 'relative' }}
      >
        {sessions.slice(first, last).map((session, offset) => {
          const row = first + offset;
          const isChecked = checked.has(session.eid);
          const title = sessionTitle(session);
          const full = `${title} · ${sessionNumber(session)}`;
          return (
            <div
              key={session.eid}
              id={`jp-IblNwb-session-${session.eid}`}
              role="option"
              aria-selected={session.eid === selected}
              aria-checked={isChecked}
              className={
                'jp-IblNwb-sessionRow' +
                (session.eid === selected ? ' jp-mod-selected' : '') +
                (isChecked ? ' jp-mod-checked' : '')
              }
              data-eid={session.eid}
              title={`${full}\n${session.lab} · ${session.task_protocol}\n${session.eid}`}
              style={{ top: row * ROW_HEIGHT, height: ROW_HEIGHT }}
              onClick={e => {
                if (e.shiftKey || e.ctrlKey || e.metaKey) {
                  tick(row, e.shiftKey ? 'range' : 'toggle');
                } else {
                  anchor.current = row;
                  onSelect(session.eid);
                }
              }}
              onDoubleClick={() => props.onOpen(session.eid)}
            >
              <input
                type="checkbox"
                className="jp-IblNwb-sessionCheck"
                tabIndex={-1}
                aria-label={`Tick ${full} for a batch`}
                checked={isChecked}
                onClick={e => e.stopPropagation()}
                onChange={() => tick(row, 'toggle')}
              />
              <div className="jp-IblNwb-sessionText">
                <div className="jp-IblNwb-sessionTitle">{title}</div>
                <div className="jp-IblNwb-sessionSub">
                  {sessionSubtitle(session)}
                </div>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
