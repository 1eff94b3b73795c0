import { describe, expect, it } from 'vitest';

import { parseCollectionRef } from '../../../src/collection/collectionRef';
import {
  listDandisetAssets,
  type IDandisetCollectionRef
} from '../../../src/collection/dandisetListing';
import { dandisetSource } from '../../../src/collection/dandisetSource';
import { folderSource } from '../../../src/collection/collectionSource';
import {
  planRefresh,
  type ICachedSummary,
  type IFileStamp
} from '../../../src/collection/refreshPlan';
import type { ISessionSummary } from '../../../src/collection/sessionSummary';

const API = 'https://api.example.org/api';
const REF: IDandisetCollectionRef = {
  apiUrl: API,
  dandiset: '000409',
  version: 'draft',
  prefix: ''
};

interface IFakeAsset {
  asset_id: string;
  path: string;
  size: number;
  modified: string;
}

/**
 * A DANDI API that answers `…/versions/{v}/assets/` as the archive does:
 * `path` filters by string prefix, pages of `page_size` linked by `next`.
 */
function fakeApi(assets: IFakeAsset[], pageSize = 2) {
  const asked: string[] = [];
  const getJson = async (url: string): Promise<unknown> => {
    asked.push(url);
    const u = new URL(url);
    expect(u.pathname).toBe('/api/dandisets/000409/versions/draft/assets/');
    const prefix = u.searchParams.get('path') ?? '';
    const page = Number(u.searchParams.get('page') ?? '1');
    const matching = assets
      .filter(a => a.path.startsWith(prefix))
      .sort((a, b) => a.path.localeCompare(b.path));
    const results = matching
      .slice((page - 1) * pageSize, page * pageSize)
      .map(a => ({ ...a, blob: 'b', zarr: null, created: a.modified }));
    const more = page * pageSize < matching.length;
    u.searchParams.set('page', String(page + 1));
    return {
      count: matching.length,
      next: more ? u.toString() : null,
      previous: null,
      results
    };
  };
  return { getJson, asked };
}

const asset = (
  id: string,
  path: string,
  size = 1000,
  modified = '2024-05-30T14:13:58Z'
): IFakeAsset => ({ asset_id: id, path, size, modified });

const ARCHIVE = [
  asset('a1', 'sub-1/sub-1_ses-a.nwb'),
  asset('a2', 'sub-1/sub-1_ses-b.nwb'),
  asset('a3', 'sub-10/sub-10_ses-a.nwb'),
  asset('v1', 'sub-1/sub-1_ses-a_video.mp4'),
  asset('d1', 'dataset_description.json')
];

/** A cache holding a (placeholder) summary for each stamp, as the index store would after a run. */
function cacheOf(stamps: IFileStamp[]): ICachedSummary[] {
  return stamps.map(stamp => ({
    stamp,
    summary: { path: stamp.path } as ISessionSummary
  }));
}

async function listed(assets: IFakeAsset[], prefix = '') {
  const { getJson } = fakeApi(assets);
  const source = dandisetSource({ ...REF, prefix }, getJson, (r, a) => ({
    kind: 'url',
    url: `${r.apiUrl}/assets/${a.assetId}/download/`,
    label: a.path
  }));
  return { source, stamps: await source.list() };
}

describe('dandiset listing', () => {
  it('follows every page and keeps the .nwb assets only', async () => {
    const { getJson, asked } = fakeApi(ARCHIVE);
    const assets = await listDandisetAssets(REF, getJson);
    expect(asked.length).toBe(3);
    expect(assets.map(a => [a.assetId, a.path, a.size])).toEqual([
      ['a1', 'sub-1/sub-1_ses-a.nwb', 1000],
      ['a2', 'sub-1/sub-1_ses-b.nwb', 1000],
      ['a3', 'sub-10/sub-10_ses-a.nwb', 1000]
    ]);
  });

  it('a folder prefix does not take a sibling with a longer name', async () => {
    const { stamps } = await listed(ARCHIVE, 'sub-1');
    expect(stamps.map(s => s.id)).toEqual(['a1', 'a2']);
  });

  it('names the asset and the field when a record is incomplete', async () => {
    const { getJson } = fakeApi([
      { ...asset('a1', 'sub-1/x.nwb'), modified: undefined as never }
    ]);
    await expect(listDandisetAssets(REF, getJson)).rejects.toThrow(
      /sub-1\/x\.nwb has no "modified"/
    );
  });

  it('keys the cache by archive, dandiset, version and path, stamped with id, size and modified', async () => {
    const { stamps, source } = await listed(ARCHIVE);
    expect(stamps[0]).toEqual({
      path: `dandi:${API}/000409/draft/sub-1/sub-1_ses-a.nwb`,
      id: 'a1',
      size: 1000,
      lastModified: '2024-05-30T14:13:58Z'
    });
    expect(source.targetOf(stamps[0].path)).toMatchObject({
      kind: 'url',
      url: `${API}/assets/a1/download/`
    });
    expect(() => source.targetOf('dandi:elsewhere')).toThrow(/Refresh/);
  });
});

describe('dandiset listing → refresh plan', () => {
  it('re-opening an unchanged dandiset reads nothing', async () => {
    const first = (await listed(ARCHIVE)).stamps;
    const again = (await listed(ARCHIVE)).stamps;
    const plan = planRefresh(again, cacheOf(first));
    expect(plan.read).toEqual([]);
    expect(plan.keep.length).toBe(3);
    expect(plan.dropped).toEqual([]);
  });

  it('a replaced asset (new id, same path and size) is read again', async () => {
    const first = (await listed(ARCHIVE)).stamps;
    const replaced = ARCHIVE.map(a =>
      a.asset_id === 'a2' ? { ...a, asset_id: 'a2-new' } : a
    );
    const plan = planRefresh((await listed(replaced)).stamps, cacheOf(first));
    expect(plan.read.map(s => s.id)).toEqual(['a2-new']);
    expect(plan.keep.map(k => k.stamp.id)).toEqual(['a1', 'a3']);
  });

  it('a modified or resized asset is read again', async () => {
    const first = (await listed(ARCHIVE)).stamps;
    const changed = ARCHIVE.map(a =>
      a.asset_id === 'a1'
        ? { ...a, modified: '2025-01-01T00:00:00Z' }
        : a.asset_id === 'a3'
          ? { ...a, size: 2000 }
          : a
    );
    const plan = planRefresh((await listed(changed)).stamps, cacheOf(first));
    expect(plan.read.map(s => s.id)).toEqual(['a1', 'a3']);
  });

  it('a removed asset is dropped', async () => {
    const first = (await listed(ARCHIVE)).stamps;
    const removed = ARCHIVE.filter(a => a.asset_id !== 'a3');
    const plan = planRefresh((await listed(removed)).stamps, cacheOf(first));
    expect(plan.read).toEqual([]);
    expect(plan.dropped).toEqual([
      `dandi:${API}/000409/draft/sub-10/sub-10_ses-a.nwb`
    ]);
  });

  it('a dandiset and a server folder never share cache keys or membership', async () => {
    const { source } = await listed(ARCHIVE);
    const folder = folderSource({} as never, '000409/draft');
    expect(source.key).not.toBe(folder.key);
    expect(folder.targetOf('000409/draft/sub-1/sub-1_ses-a.nwb')).toEqual({
      kind: 'server',
      path: '000409/draft/sub-1/sub-1_ses-a.nwb'
    });
  });
});

describe('palette input dandiset[/version[/path-prefix]]', () => {
  it.each([
    ['000409', { dandiset: '000409', version: null, prefix: '' }],
    [
      'DANDI:000409/draft',
      { dandiset: '000409', version: 'draft', prefix: '' }
    ],
    [
      '000409/0.230629.1955/sub-X/',
      { dandiset: '000409', version: '0.230629.1955', prefix: 'sub-X' }
    ],
    ['000409/sub-X', { dandiset: '000409', version: null, prefix: 'sub-X' }]
  ])('%s', (input, expected) => {
    expect(parseCollectionRef(input)).toEqual(expected);
  });

  it('rejects what is not a dandiset, saying what to type', () => {
    expect(() => parseCollectionRef('sub-X/ses.nwb')).toThrow(
      /dandiset\[\/version\[\/path-prefix\]\]/
    );
  });
});
