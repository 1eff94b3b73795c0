import { describe, expect, it } from 'vitest';

import {
  indexCollection,
  type IOpenedForIndex
} from '../../../src/collection/collectionIndex';
import { MemoryIndexStore } from '../../../src/collection/indexStore';
import type { IFileStamp } from '../../../src/collection/refreshPlan';
import type { IH5Entry, IH5Source } from '../../../src/viewer/model/source';

/** A two-unit session as an IH5Source: only what the summary reads. */
function fakeSession(subject: string): IH5Source {
  const column = (name: string, shape: number[], attrs = {}): IH5Entry => ({
    name,
    path: `/units/${name}`,
    kind: 'dataset',
    shape,
    dtype: '<f8',
    attrs: { neurodata_type: 'VectorData', ...attrs }
  });
  const values: Record<string, unknown> = {
    '/general/subject/subject_id': subject,
    '/session_start_time': '2024-01-02T10:00:00+00:00',
    '/general/lab': 'lab',
    '/units/allen_location': ['VISp1', 'CA1'],
    '/units/beryl_location': ['VISp', 'CA1'],
    '/units/cosmos_location': ['Isocortex', 'HPF'],
    '/units/firing_rate': Float64Array.of(1.5, 3)
  };
  const lists: Record<string, IH5Entry[]> = {
    '/': [
      {
        name: 'units',
        path: '/units',
        kind: 'group',
        attrs: {
          neurodata_type: 'Units',
          colnames: [
            'allen_location',
            'beryl_location',
            'cosmos_location',
            'firing_rate'
          ]
        }
      }
    ],
    '/general/extracellular_ephys': [
      {
        name: 'Probe00',
        path: '/general/extracellular_ephys/Probe00',
        kind: 'group',
        attrs: { neurodata_type: 'ElectrodeGroup' }
      }
    ]
  };
  const missing = (path: string) =>
    Promise.reject(new Error(`${path} missing`));
  return {
    filename: subject,
    size: 1,
    root: () => missing('/'),
    info: path =>
      path === '/units/id'
        ? Promise.resolve({
            ...column('id', [2]),
            typeClass: 'integer'
          } as never)
        : missing(path),
    list: path => (lists[path] ? Promise.resolve(lists[path]) : missing(path)),
    read: path =>
      path in values ? Promise.resolve(values[path]) : missing(path)
  };
}

function opener(reads: string[], broken = new Set<string>()) {
  return async (file: IFileStamp): Promise<IOpenedForIndex> => {
    reads.push(file.path);
    if (broken.has(file.path)) {
      throw new Error(`${file.path} could not be opened as HDF5`);
    }
    return {
      source: fakeSession(file.path.split('/')[0]),
      bytesRead: () => 100,
      close: () => undefined
    };
  };
}

const stamp = (path: string, size = 10, lastModified = 't1'): IFileStamp => ({
  path,
  size,
  lastModified
});

describe('indexCollection', () => {
  it('reads each file once, then only what changed, appeared or now fails', async () => {
    const store = new MemoryIndexStore();
    const files = [stamp('a/x.nwb'), stamp('b/y.nwb'), stamp('c/z.nwb')];
    let reads: string[] = [];
    const first = await indexCollection({
      folder: 'f',
      files,
      store,
      open: opener(reads)
    });
    expect(reads.sort()).toEqual(['a/x.nwb', 'b/y.nwb', 'c/z.nwb']);
    expect(first.summaries.map(s => s.subject)).toEqual(['a', 'b', 'c']);
    expect(first.summaries[0].unitRegions.beryl).toEqual(['VISp', 'CA1']);
    expect(first.summaries[0].firingRates).toEqual([1.5, 3]);
    expect(first.summaries[0].probes).toEqual(['Probe00']);

    reads = [];
    const again = await indexCollection({
      folder: 'f',
      files,
      store,
      open: opener(reads)
    });
    expect(reads).toEqual([]);
    expect(again.fromCache).toBe(3);
    expect(again.summaries).toEqual(first.summaries);

    // x grew, y was touched, z was removed, w is new.
    reads = [];
    const changed = [
      stamp('a/x.nwb', 11),
      stamp('b/y.nwb', 10, 't2'),
      stamp('d/w.nwb')
    ];
    const third = await indexCollection({
      folder: 'f',
      files: changed,
      store,
      open: opener(reads)
    });
    expect(reads.sort()).toEqual(['a/x.nwb', 'b/y.nwb', 'd/w.nwb']);
    expect(third.dropped).toBe(1);
    expect(third.summaries.map(s => s.path)).toEqual([
      'a/x.nwb',
      'b/y.nwb',
      'd/w.nwb'
    ]);
    expect(await store.getAll(['c/z.nwb'])).toEqual([]);

    // A file rewritten into something unreadable loses its old summary.
    reads = [];
    const broken = [stamp('a/x.nwb', 12), stamp('b/y.nwb', 10, 't2')];
    const fourth = await indexCollection({
      folder: 'f',
      files: broken,
      store,
      open: opener(reads, new Set(['a/x.nwb']))
    });
    expect(reads).toEqual(['a/x.nwb']);
    expect(fourth.failures).toEqual([
      { path: 'a/x.nwb', message: 'a/x.nwb could not be opened as HDF5' }
    ]);
    expect(fourth.summaries.map(s => s.path)).toEqual(['b/y.nwb']);
    expect(await store.getAll(['a/x.nwb'])).toEqual([]);
  });
});
