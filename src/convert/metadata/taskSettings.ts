/**
 * The session's start time as the rig recorded it, for sessions with no Alyx record: IBL's
 * task settings (`raw_behavior_data/_iblrig_taskSettings.raw.json`, or one per task in
 * `raw_task_data_XX/` since ~2023) hold `SESSION_DATETIME` in the lab's local time, without
 * an offset. Node only (reads files): not exported from the pure metadata index.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { calendarProblem } from './calendar';

const SETTINGS = '_iblrig_taskSettings.raw.json';
const NAIVE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

export interface ITaskStart {
  /** Local wall time, e.g. 2018-12-06T11:09:40.853484 (no UTC offset). */
  local: string;
  /** The settings file it came from, relative to the session folder. */
  file: string;
}

async function settingsFiles(sessionDir: string): Promise<string[]> {
  let tasks: string[] = [];
  try {
    tasks = (await readdir(sessionDir))
      .filter(name => /^raw_task_data_\d+$/.test(name))
      .sort();
  } catch {
    return [];
  }
  // The legacy folder first, else the first task (the session starts with it).
  return [
    `raw_behavior_data/${SETTINGS}`,
    ...tasks.map(t => `${t}/${SETTINGS}`)
  ];
}

/** SESSION_DATETIME of the session's first task settings, or null when none holds a valid one. */
export async function taskSettingsStart(
  sessionDir: string
): Promise<ITaskStart | null> {
  for (const file of await settingsFiles(sessionDir)) {
    let settings: unknown;
    try {
      settings = JSON.parse(await readFile(join(sessionDir, file), 'utf8'));
    } catch {
      continue;
    }
    const value = (settings as { SESSION_DATETIME?: unknown } | null)
      ?.SESSION_DATETIME;
    if (typeof value === 'string' && NAIVE.test(value.trim())) {
      const local = value.trim().replace(' ', 'T');
      if (!calendarProblem(local)) {
        return { local, file };
      }
    }
  }
  return null;
}
