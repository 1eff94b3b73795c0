/**
 * The sessions table's order: by the clicked column, counts largest first on the first
 * click, names A to Z, the other way round on a second click; ties in file (path) order.
 */
import { describe, expect, it } from 'vitest';

import {
  clickedOrder,
  orderSessions,
  sessionRegions
} from '../../../src/collection/sessionOrder';
import type { ISessionSummary } from '../../../src/collection/sessionSummary';

function session(
  path: string,
  subject: string,
  start: string,
  units: number,
  regions: string[]
): ISessionSummary {
  return {
    path,
    sessionId: path,
    subject,
    start,
    lab: 'lab',
    probes: ['probe00'],
    units,
    trials: 10,
    unitRegions: { allen: regions, beryl: regions, cosmos: regions },
    firingRates: null,
    trialEvents: [],
    trialColumns: [],
    notes: []
  };
}

const sessions = [
  session('c.nwb', 'SWC_9', '2021-03-02T10:00:00', 40, ['VISp', 'VISp']),
  session('a.nwb', 'SWC_10', '2020-01-05T10:00:00', 120, [
    'CA1',
    'DG',
    'unknown'
  ]),
  session('b.nwb', 'KS_2', '2022-07-01T10:00:00', 40, ['MOs', 'MOs', 'ACA'])
];
const paths = (list: ISessionSummary[]) => list.map(s => s.path);

describe('sessions table order', () => {
  it('is the file order until a header is clicked', () => {
    expect(paths(orderSessions(sessions, null, 'beryl'))).toEqual([
      'c.nwb',
      'a.nwb',
      'b.nwb'
    ]);
  });

  it('sorts counts largest first, then the other way, ties by path', () => {
    const first = clickedOrder(null, 'units');
    expect(first).toEqual({ column: 'units', descending: true });
    expect(paths(orderSessions(sessions, first, 'beryl'))).toEqual([
      'a.nwb',
      'b.nwb',
      'c.nwb'
    ]);
    const second = clickedOrder(first, 'units');
    expect(second).toEqual({ column: 'units', descending: false });
    // 40 and 40 tie: path order either way, so the table does not jump around.
    expect(paths(orderSessions(sessions, second, 'beryl'))).toEqual([
      'b.nwb',
      'c.nwb',
      'a.nwb'
    ]);
  });

  it('sorts names A to Z, numbers inside names as numbers, dates as dates', () => {
    const bySubject = clickedOrder(
      { column: 'units', descending: true },
      'subject'
    );
    expect(bySubject).toEqual({ column: 'subject', descending: false });
    // SWC_9 before SWC_10 (a plain string compare would put SWC_10 first).
    expect(
      orderSessions(sessions, bySubject, 'beryl').map(s => s.subject)
    ).toEqual(['KS_2', 'SWC_9', 'SWC_10']);
    expect(
      paths(orderSessions(sessions, clickedOrder(null, 'date'), 'beryl'))
    ).toEqual(['a.nwb', 'c.nwb', 'b.nwb']);
  });

  it('sorts by the number of known regions at the chosen level', () => {
    expect(sessionRegions(sessions[1], 'beryl')).toEqual(['CA1', 'DG']);
    expect(
      paths(orderSessions(sessions, clickedOrder(null, 'regions'), 'beryl'))
    ).toEqual(['a.nwb', 'b.nwb', 'c.nwb']);
  });
});
