/**
 * A session row's words, short enough for the sidebar's default width: the
 * subject and date (what users search by) on the first line, the number, lab
 * and task on the second. The full protocol stays in the row's tooltip.
 */
import type { ISessionSummary } from '../one/sessionSummary';

/** `_iblrig_tasks_ephysChoiceWorld6.6.2` → `ephysChoiceWorld` (the rig prefix and version dropped). */
export function shortProtocol(protocol: string | null | undefined): string {
  return (protocol ?? '')
    .split('/')
    .map(p => p.replace(/^_?iblrig_tasks_/, '').replace(/[\d.]+$/, ''))
    .filter(Boolean)
    .join(' / ');
}

export function sessionNumber(
  session: Pick<ISessionSummary, 'number'>
): string {
  return String(session.number ?? '').padStart(3, '0');
}

export function sessionTitle(session: ISessionSummary): string {
  return `${session.subject} · ${session.date}`;
}

export function sessionSubtitle(session: ISessionSummary): string {
  return [
    sessionNumber(session),
    session.lab,
    shortProtocol(session.task_protocol)
  ]
    .filter(Boolean)
    .join(' · ');
}
