import { resolve } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { IDatasetRecord } from '../../../src/one/cache';
import {
  filterDatasets,
  globToRegex,
  indexLastBefore
} from '../../../src/one/datasetFilter';
import {
  AmbiguousDatasetError,
  InvalidQueryError,
  MissingDatasetError
} from '../../../src/one/errors';
import { LocalOne } from '../../../src/one/node/localOne';
import { completeSearchTerm } from '../../../src/one/search';
import { int64PairFromUuid, uuidFromInt64Pair } from '../../../src/one/uuid';

const LEGACY = resolve(
  __dirname,
  '../../../../shared/fixtures/ONE/one/tests/fixtures'
);

describe('legacy int64-pair UUIDs', () => {
  it('converts the pair of the reference note', () => {
    expect(uuidFromInt64Pair(8737712210713458643n, -4920882604093676133n)).toBe(
      'd3372b15-f696-4279-9be5-98f15783b5bb'
    );
    expect(uuidFromInt64Pair(0n, 0n)).toBeNull();
    expect(int64PairFromUuid('d3372b15-f696-4279-9be5-98f15783b5bb')).toEqual([
      8737712210713458643n,
      -4920882604093676133n
    ]);
  });
});

describe('LocalOne on the legacy fixture tables (expectations from ONE tests, reference §14.4)', () => {
  let one: LocalOne;
  beforeAll(async () => {
    one = await LocalOne.open(LEGACY);
  });

  it('reads 26 sessions and 693 datasets', () => {
    expect(one.cache.sessions).toHaveLength(26);
    expect(one.cache.datasets).toHaveLength(693);
    expect(one.cache.meta.sessions).toEqual({
      date_created: '2021-05-13 20:38',
      origin: 'ibl_test'
    });
    expect([...new Set(one.cache.sessions.map(s => s.subject))].sort()).toEqual(
      [
        'KS005',
        'ZFM-01935',
        'ZM_1094',
        'ZM_1150',
        'ZM_1743',
        'ZM_335',
        'clns0730',
        'flowers'
      ]
    );
    expect(one.cache.datasets.every(d => d.qc === 'NOT_SET')).toBe(true);
  });

  it('searches like ONE', () => {
    expect(one.search({ subject: 'ZM_335' })).toEqual([
      '3473f9d2-aa5d-41a6-9048-c65d0b7ab97c',
      'dfe99506-b873-45db-bc93-731f9362e304'
    ]);
    const labs = one.search({ laboratory: ['mainen', 'cortexlab'] });
    expect(labs).toHaveLength(25);
    expect(labs.slice(0, 2)).toEqual([
      'd3372b15-f696-4279-9be5-98f15783b5bb',
      '3473f9d2-aa5d-41a6-9048-c65d0b7ab97c'
    ]);
    expect(one.search({ date: '2019-06-07' })).toEqual([
      'db524c42-6356-4c61-b236-4967c54d2665'
    ]);
    const range = one.search({ date: ['2019-04-01', '2019-04-10'] });
    expect(range).toHaveLength(9);
    expect(range.slice(0, 2)).toEqual([
      '13c99443-01ee-462e-b668-717daa526fc0',
      'abf5109c-d780-44c8-9561-83e857c7bc01'
    ]);
    expect(one.search({ date_range: ['2021-01-01', null] })).toEqual([
      'd3372b15-f696-4279-9be5-98f15783b5bb'
    ]);
    expect(one.search({ datasets: 'spikes.depths.npy' })).toEqual([
      'd3372b15-f696-4279-9be5-98f15783b5bb',
      'b1c968ad-4874-468d-b2e4-5ffa9b9964e9',
      'cf264653-2deb-44cb-aa84-89b82507028a'
    ]);
    expect(one.search({ task: 'habituation' })).toEqual([
      'ac80cd12-49e5-4aff-b5f2-1a718679ceeb'
    ]);
    expect(one.search({ proj: 'neuropix' })).toHaveLength(20);
    expect(
      one.search({
        subj: 'KS005',
        date: '2019-04-10',
        num: '003',
        lab: 'cortexlab'
      })
    ).toHaveLength(1);
  });

  it('lists datasets like ONE', () => {
    const eid = one.toEid('KS005/2019-04-02/001');
    expect(one.listDatasets(eid)).toHaveLength(27);
    expect(one.toEid('mainenlab/Subjects/ZFM-01935/2021-02-05/001')).toBe(
      'd3372b15-f696-4279-9be5-98f15783b5bb'
    );
    expect(() => one.toEid('nobody/2020-01-01/001')).toThrow(InvalidQueryError);
  });

  it('reports files missing from disk with a typed error', async () => {
    await expect(
      one.loadDataset(
        'd3372b15-f696-4279-9be5-98f15783b5bb',
        'spikes.depths.npy',
        { collection: 'alf/probe00' }
      )
    ).rejects.toThrow(MissingDatasetError);
  });

  it('refuses unknown or ambiguous search terms', () => {
    expect(completeSearchTerm('subj')).toBe('subject');
    expect(() => completeSearchTerm('dataset')).toThrow(InvalidQueryError);
    expect(() => completeSearchTerm('colour')).toThrow(InvalidQueryError);
  });
});

describe('dataset filtering', () => {
  const record = (
    relPath: string,
    extra: Partial<IDatasetRecord> = {}
  ): IDatasetRecord => ({
    eid: 'e',
    id: relPath,
    relPath,
    fileSize: 1,
    hash: null,
    exists: true,
    qc: 'NOT_SET',
    ...extra
  });
  const rows = [
    record('alf/_ibl_trials.table.pqt'),
    record('alf/#2021-06-01#/_ibl_trials.table.pqt'),
    record('alf/#2022-01-01#/_ibl_trials.table.pqt'),
    record('alf/probe00/spikes.times.npy', { qc: 'CRITICAL' }),
    record('alf/probe01/spikes.times.npy')
  ];

  it('selects the last revision before the requested one', () => {
    const pick = (revision?: string) =>
      filterDatasets(rows, { filename: '*trials*', revision }).map(
        d => d.relPath
      );
    expect(pick()).toEqual(['alf/#2022-01-01#/_ibl_trials.table.pqt']);
    expect(pick('2021-12-31')).toEqual([
      'alf/#2021-06-01#/_ibl_trials.table.pqt'
    ]);
    expect(pick('2020-01-01')).toEqual(['alf/_ibl_trials.table.pqt']);
    expect(indexLastBefore(['', 'b', 'a'], 'a0')).toBe(2);
    expect(indexLastBefore([], 'a')).toBeNull();
  });

  it('prefers the default revision when the table flags one', () => {
    const flagged = rows
      .slice(0, 3)
      .map((d, i) => ({ ...d, defaultRevision: i === 1 }));
    expect(
      filterDatasets(flagged, { filename: '*trials*' }).map(d => d.relPath)
    ).toEqual(['alf/#2021-06-01#/_ibl_trials.table.pqt']);
    const twoDefaults = flagged.map(d => ({ ...d, defaultRevision: true }));
    expect(() =>
      filterDatasets(twoDefaults, { filename: '*trials*', assertUnique: true })
    ).toThrow(AmbiguousDatasetError);
  });

  it('hides CRITICAL datasets by default and errors on several collections', () => {
    expect(
      filterDatasets(rows, { filename: 'spikes.times.npy' }).map(d => d.relPath)
    ).toEqual(['alf/probe01/spikes.times.npy']);
    expect(() =>
      filterDatasets(rows, {
        filename: 'spikes.times.npy',
        qc: 'CRITICAL',
        assertUnique: true
      })
    ).toThrow(AmbiguousDatasetError);
    expect(filterDatasets(rows, { collection: '' })).toEqual([]);
    expect(() =>
      filterDatasets(rows, { filename: '(', wildcards: false })
    ).toThrow(InvalidQueryError);
  });

  it('translates globs', () => {
    expect(
      new RegExp(`^${globToRegex('a?c[!x]*.npy')}$`).test('abcd_z.npy')
    ).toBe(true);
    expect(new RegExp(`^${globToRegex('a.b')}$`).test('axb')).toBe(false);
  });
});
