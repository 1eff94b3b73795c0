import { describe, expect, it } from 'vitest';

import type { IDatasetRecord } from '../../../src/one/cache';
import { DatasetIndex } from '../../../src/convert/session/datasetIndex';

function record(relPath: string, exists = true): IDatasetRecord {
  return {
    eid: 'e',
    id: relPath,
    relPath,
    fileSize: 1,
    hash: null,
    exists,
    qc: 'PASS'
  };
}

describe('dataset index', () => {
  const index = new DatasetIndex([
    record('alf/_ibl_wheel.position.npy'),
    record('alf/#2025-05-06#/_ibl_wheel.position.npy'),
    record('alf/#2024-01-01#/_ibl_wheel.position.npy'),
    record('alf/licks.times.npy', false),
    record('alf/probe00/pykilosort/spikes.times.npy')
  ]);

  it('ignores the _ibl_ namespace and picks the latest revision', () => {
    const found = index.find('alf', 'wheel.position.npy');
    expect(found?.revision).toBe('2025-05-06');
    expect(found?.relPath).toBe('alf/#2025-05-06#/_ibl_wheel.position.npy');
  });

  it('says which required dataset is missing; optional ones do not matter', () => {
    expect(
      index.availability([
        { name: '_ibl_wheel.position.npy', collection: 'alf' },
        { name: 'wheelMoves.intervals.npy', collection: 'alf', optional: true }
      ])
    ).toEqual({ available: true });
    const missing = index.availability([
      { name: 'licks.times.npy', collection: 'alf' }
    ]);
    expect(missing.available).toBe(false);
    expect(!missing.available && missing.reason).toMatch(
      /alf\/licks.times.npy/
    );
  });

  it('globs collections one folder level per star', () => {
    expect(index.glob('alf/probe*', 'spikes.times.npy')).toHaveLength(0);
    expect(index.glob('alf/probe*/*', 'spikes.times.npy')).toHaveLength(1);
  });
});

describe('dataset index: damaged objects and early names (#19.4, #19.9)', () => {
  const needs = [
    { name: '_ibl_wheel.position.npy', collection: 'alf' },
    { name: '_ibl_wheel.timestamps.npy', collection: 'alf' }
  ];

  it('an object with some required parts is available, so reading the missing one fails', () => {
    const partial = new DatasetIndex([record('alf/_ibl_wheel.position.npy')]);
    expect(partial.availability(needs)).toEqual({ available: true });
    expect(
      partial.objectParts('alf', '_ibl_wheel.timestamps.npy')
    ).toHaveLength(1);
  });

  it('an object with no part at all is unavailable, with the reason', () => {
    const none = new DatasetIndex([record('alf/licks.times.npy')]);
    const a = none.availability(needs);
    expect(a.available).toBe(false);
  });

  it('reads _ibl_wheel.times.npy (2018–2019 sessions) as the wheel timestamps', () => {
    const early = new DatasetIndex([
      record('alf/_ibl_wheel.position.npy'),
      record('alf/_ibl_wheel.times.npy')
    ]);
    expect(early.find('alf', '_ibl_wheel.timestamps.npy')?.relPath).toBe(
      'alf/_ibl_wheel.times.npy'
    );
    expect(early.availability(needs)).toEqual({ available: true });
    // Today's name wins when both are there.
    const both = new DatasetIndex([
      record('alf/_ibl_wheel.times.npy'),
      record('alf/_ibl_wheel.timestamps.npy')
    ]);
    expect(both.find('alf', 'wheel.timestamps.npy')?.relPath).toBe(
      'alf/_ibl_wheel.timestamps.npy'
    );
  });
});

describe('dataset index: revisions by ONE rule (#13 revisions)', () => {
  const flagged = (relPath: string, defaultRevision: boolean) => ({
    ...record(relPath),
    defaultRevision
  });

  it('takes the default revision a server-built table flags, even when a later one exists', () => {
    const index = new DatasetIndex([
      flagged('alf/_ibl_trials.table.pqt', false),
      flagged('alf/#2025-05-06#/_ibl_trials.table.pqt', true),
      flagged('alf/#2025-12-04#/_ibl_trials.table.pqt', false)
    ]);
    expect(index.find('alf', 'trials.table.pqt')?.revision).toBe('2025-05-06');
  });

  it('pins: the last revision at or before the pin, the default flag ignored', () => {
    const records = [
      flagged('alf/_ibl_trials.table.pqt', false),
      flagged('alf/#2024-01-01#/_ibl_trials.table.pqt', false),
      flagged('alf/#2025-12-04#/_ibl_trials.table.pqt', true),
      flagged('alf/_ibl_wheel.position.npy', true)
    ];
    const pinned = new DatasetIndex(records, { revision: '2025-05-06' });
    expect(pinned.find('alf', 'trials.table.pqt')?.revision).toBe('2024-01-01');
    // A dataset never revised (no revision folder) is read at any pin.
    expect(pinned.find('alf', 'wheel.position.npy')?.revision).toBe('');
    const exact = new DatasetIndex(records, { revision: '2025-12-04' });
    expect(exact.find('alf', 'trials.table.pqt')?.revision).toBe('2025-12-04');
  });

  it('says so when a dataset exists only at revisions after the pin', () => {
    const index = new DatasetIndex(
      [record('alf/#2025-12-04#/licks.times.npy')],
      { revision: '2025-05-06' }
    );
    expect(index.find('alf', 'licks.times.npy')).toBeUndefined();
    const availability = index.availability([
      { name: 'licks.times.npy', collection: 'alf' }
    ]);
    expect(!availability.available && availability.reason).toMatch(
      /at revision 2025-05-06 or earlier.*only later revisions/
    );
  });
});
