import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { buildMetadata } from '../../../src/convert/localMetadata';
import { metadataProblems } from '../../../src/convert/metadata';
import type { ISessionRecord } from '../../../src/one/cache';

const table: ISessionRecord = {
  eid: '0a018f12-ee06-4b11-97aa-bbbbbbbbbbbb',
  lab: 'cortexlab',
  subject: 'KS074',
  date: '2021-11-17',
  number: 1,
  taskProtocol: '_iblrig_tasks_ephysChoiceWorld6.6.2',
  projects: 'ibl_neuropixel_brainwide_01'
};

/** A session folder with these task settings files ({relative path: SESSION_DATETIME}). */
function sessionWith(settings: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'ibl2nwb-session-'));
  for (const [file, value] of Object.entries(settings)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(
      join(dir, file),
      JSON.stringify({ SESSION_DATETIME: value, PYBPOD_BOARD: 'x' })
    );
  }
  return dir;
}

/** A REST lookup that knows the lab only (no session record: start time unknown to Alyx). */
const labOnly = (timezone?: string) => async (path: string) =>
  path.startsWith('/labs/cortexlab')
    ? {
        name: 'cortexlab',
        institution: 'UCL',
        ...(timezone ? { timezone } : {})
      }
    : null;

describe('metadata without an Alyx session record (#19.11)', () => {
  it('takes the start time from the legacy task settings and the lab time zone', async () => {
    const dir = sessionWith({
      'raw_behavior_data/_iblrig_taskSettings.raw.json':
        '2021-11-17T10:31:12.345678'
    });
    const { document, startTime } = await buildMetadata(
      labOnly('Europe/London'),
      table.eid,
      table,
      {
        sessionDir: dir
      }
    );
    expect(startTime).toBe('task settings');
    // November: London is on GMT.
    expect(document.NWBFile.session_start_time).toMatch(
      /^2021-11-17T10:31:12(\.\d+)?\+00:00$/
    );
    // Only the subject's record could give these: the user fills them (never invented).
    expect(metadataProblems(document).map(p => p.path)).toEqual([
      '/Subject/species',
      '/Subject/date_of_birth'
    ]);
  });

  it("reads the first task's settings of a modern session (raw_task_data_00)", async () => {
    const dir = sessionWith({
      'raw_task_data_01/_iblrig_taskSettings.raw.json': '2024-06-03T11:00:00',
      'raw_task_data_00/_iblrig_taskSettings.raw.json': '2024-06-03T10:05:00'
    });
    const { document } = await buildMetadata(
      labOnly('Europe/Lisbon'),
      table.eid,
      table,
      {
        sessionDir: dir
      }
    );
    // June: Lisbon is on summer time, UTC+1.
    expect(document.NWBFile.session_start_time).toMatch(
      /^2024-06-03T10:05:00(\.0+)?\+01:00$/
    );
  });

  it('leaves the start time empty and says what to fill when no time zone is known', async () => {
    const dir = sessionWith({
      'raw_behavior_data/_iblrig_taskSettings.raw.json': '2021-11-17T10:31:12'
    });
    const { document, hints, startTime } = await buildMetadata(
      labOnly(),
      table.eid,
      table,
      {
        sessionDir: dir
      }
    );
    expect(startTime).toBe('none');
    expect(document.NWBFile.session_start_time).toBeUndefined();
    expect(hints['/NWBFile/session_start_time']).toContain(
      '2021-11-17T10:31:12'
    );
    const problems = metadataProblems(document);
    expect(problems.map(p => p.path)).toEqual([
      '/NWBFile/session_start_time',
      '/Subject/species',
      '/Subject/date_of_birth'
    ]);
  });

  it('never writes midnight of the table date as a start time', async () => {
    // No settings at all, a lab time zone known: the old document said "2021-11-17T00:00:00+00:00".
    const { document, hints } = await buildMetadata(
      labOnly('Europe/London'),
      table.eid,
      table,
      {
        sessionDir: sessionWith({
          'raw_behavior_data/_iblrig_taskSettings.raw.json':
            '2021-02-30T10:00:00'
        })
      }
    );
    expect(document.NWBFile.session_start_time).toBeUndefined();
    expect(hints['/NWBFile/session_start_time']).toContain('fill in');
  });
});
