/** The sidebar row's short words for a session (the full ones stay in its tooltip). */
import { describe, expect, it } from 'vitest';

import {
  sessionSubtitle,
  sessionTitle,
  shortProtocol
} from '../../../src/sidebar/sessionLabel';

describe('session row labels', () => {
  it('drops the rig prefix and version of each task', () => {
    expect(shortProtocol('_iblrig_tasks_ephysChoiceWorld6.6.2')).toBe(
      'ephysChoiceWorld'
    );
    expect(
      shortProtocol(
        '_iblrig_tasks_passiveChoiceWorld8.0.0/_iblrig_tasks_ephysChoiceWorld8.0.0'
      )
    ).toBe('passiveChoiceWorld / ephysChoiceWorld');
    expect(shortProtocol('')).toBe('');
    expect(shortProtocol(null)).toBe('');
  });

  it('puts subject and date first, number, lab and task second', () => {
    const session = {
      eid: 'x',
      subject: 'ZFM-01315',
      date: '2022-05-17',
      number: 1,
      lab: 'mainenlab',
      task_protocol: '_iblrig_tasks_ephysChoiceWorld6.6.2'
    } as Parameters<typeof sessionTitle>[0];
    expect(sessionTitle(session)).toBe('ZFM-01315 · 2022-05-17');
    expect(sessionSubtitle(session)).toBe('001 · mainenlab · ephysChoiceWorld');
  });
});
