import type { ITimeSpan, SharedTime } from '../model/sharedTime';
import type { INeurodataNode } from '../model/tree';

/**
 * Seconds shown before a trial's start and after its stop when a trial is
 * picked: enough to see the quiescence before and the feedback after an
 * IBL trial (typically 1–5 s long) without losing the trial in the window.
 */
export const TRIAL_PAD = 0.5;

/** Stimulus onset as IBL's NWB files (and ALF) name it; the cursor goes there, else to the start. */
export const TRIAL_CURSOR_EVENTS = [
  'gabor_stimulus_onset_time',
  'stim_on_time',
  'stimOn_time'
];

/** Where a picked trial puts the tab's time. */
export interface ITrialJump {
  readonly window: ITimeSpan;
  readonly cursor: number;
}

/**
 * The window [start − pad, stop + pad] and the cursor at `event` (the
 * stimulus onset) or, when that is missing (NaN: no stimulus that trial),
 * at the start. Null when the trial has no finite start. A stop that is
 * missing or before the start gives a window of the start ± pad.
 */
export function trialJump(
  start: number,
  stop: number,
  event: number = NaN,
  pad: number = TRIAL_PAD
): ITrialJump | null {
  if (!Number.isFinite(start)) {
    return null;
  }
  const end = Number.isFinite(stop) && stop > start ? stop : start;
  return {
    window: { start: start - pad, length: end - start + 2 * pad },
    cursor: Number.isFinite(event) ? event : start
  };
}

type Reader = (path: string, slice?: [number, number][]) => Promise<unknown>;

/**
 * Read row `row` of an intervals table (start, stop, stimulus onset) and
 * move every view of the tab to it. Resolves to the jump, or null when the
 * row has no start time (nothing moves).
 */
export async function jumpToTrial(
  read: Reader,
  table: INeurodataNode,
  row: number,
  time: SharedTime
): Promise<ITrialJump | null> {
  const column = (name: string) =>
    table.children.find(c => c.name === name && c.kind === 'dataset');
  const value = async (node: INeurodataNode | undefined) =>
    node
      ? Number(
          ((await read(node.path, [[row, row + 1]])) as ArrayLike<number>)[0]
        )
      : NaN;
  const event = TRIAL_CURSOR_EVENTS.map(column).find(Boolean);
  const [start, stop, onset] = await Promise.all([
    value(column('start_time')),
    value(column('stop_time')),
    value(event)
  ]);
  const jump = trialJump(start, stop, onset);
  if (jump) {
    // No origin: the view the trial was picked in moves too.
    time.setWindow(jump.window);
    time.setCursor(jump.cursor);
  }
  return jump;
}
