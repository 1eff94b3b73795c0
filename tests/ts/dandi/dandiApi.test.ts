/**
 * The DANDI API calls against the recorded response shapes the DANDI-like
 * test server also serves (tests/python/dandi/recorded/).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';

import {
  DandiApiError,
  lindiUrlOf,
  listFolder,
  resolveAsset,
  searchDandisets,
  type GetJson
} from '../../../src/viewer/remote/dandiApi';

const RECORDED = join(__dirname, '../../python/dandi/recorded');
const API = 'https://api.dandiarchive.org/api';
const recorded = (name: string): unknown =>
  JSON.parse(readFileSync(join(RECORDED, name), 'utf8'));

/** A fake API answering URL patterns with recorded documents; records what was asked. */
function api(routes: [RegExp, string][]) {
  const asked: string[] = [];
  const getJson: GetJson = async url => {
    asked.push(url);
    const route = routes.find(([pattern]) => pattern.test(url));
    if (!route) {
      throw new DandiApiError(url, 404, 'Not found.');
    }
    return recorded(route[1]);
  };
  return { getJson, asked };
}

// The recorded asset of dandiset 000409 (see tests/python/dandi/recorded/README.md).
const PATH =
  'sub-CSH-ZAD-001/sub-CSH-ZAD-001_ses-3e7ae7c0-fe8b-487c-9354-036236fa1010-processed-only_behavior.nwb';
const ID = '7d5046f1-12b5-4b88-9ccf-9e738f265652';

describe('resolveAsset', () => {
  it('finds a path in the newest version and opens its download URL', async () => {
    const { getJson, asked } = api([
      [/\/dandisets\/000409\/$/, 'dandiset.json'],
      [/\/assets\/\?path=/, 'assets_by_path.json']
    ]);
    const asset = await resolveAsset(
      {
        kind: 'path',
        apiUrl: API,
        dandiset: '000409',
        version: null,
        path: PATH
      },
      getJson
    );
    expect(asset).toMatchObject({
      assetId: ID,
      dandiset: '000409',
      version: 'draft', // 000409 had no published version when recorded (2023-11)
      downloadUrl: `${API}/assets/${ID}/download/`,
      label: `000409/draft/${PATH}`
    });
    expect(asked[1]).toContain(
      `versions/draft/assets/?path=${encodeURIComponent(PATH)}`
    );
  });

  it('refuses a prefix match: the path must be the asset path itself', async () => {
    const { getJson } = api([[/\/assets\/\?path=/, 'assets_by_path.json']]);
    await expect(
      resolveAsset(
        {
          kind: 'path',
          apiUrl: API,
          dandiset: '000409',
          version: 'draft',
          path: 'sub-CSH-ZAD-001/sub-CSH-ZAD-001_ses-3e7ae7c0'
        },
        getJson
      )
    ).rejects.toThrow(
      /has no asset at sub-CSH-ZAD-001\/sub-CSH-ZAD-001_ses-3e7ae7c0:.*case-sensitive/
    );
  });

  it('resolves an asset id through its metadata', async () => {
    const { getJson } = api([
      [new RegExp(`/assets/${ID}/$`), 'asset_metadata.json']
    ]);
    const asset = await resolveAsset(
      { kind: 'asset', apiUrl: API, assetId: ID },
      getJson
    );
    expect(asset).toMatchObject({
      path: PATH,
      size: 333005531,
      dandiset: null,
      label: PATH
    });
  });

  it('names the URL when the API answers something else', async () => {
    const getJson: GetJson = async () => ['not', 'an', 'object'];
    await expect(
      resolveAsset({ kind: 'asset', apiUrl: API, assetId: ID }, getJson)
    ).rejects.toThrow(
      new RegExp(`${API}/assets/${ID}/: expected asset metadata`)
    );
  });
});

describe('searchDandisets and listFolder', () => {
  it('lists search results with the version to browse', async () => {
    const { getJson, asked } = api([
      [/\/dandisets\/\?/, 'dandisets_search.json']
    ]);
    const found = await searchDandisets(API, 'IBL', getJson);
    expect(found.total).toBe(1);
    expect(found.dandisets).toEqual([
      {
        identifier: '000409',
        name: 'IBL - Brain Wide Map',
        version: 'draft',
        assetCount: 1582,
        size: 34256200514156,
        embargoed: false
      }
    ]);
    expect(new URL(asked[0]).searchParams.get('search')).toBe('IBL');
  });

  it('lists folders first, then assets with their ids', async () => {
    const { getJson, asked } = api([[/\/assets\/paths\//, 'asset_paths.json']]);
    const { entries, more } = await listFolder(
      API,
      '000409',
      'draft',
      'sub-CSH-ZAD-001/',
      getJson
    );
    expect(new URL(asked[0]).searchParams.get('path_prefix')).toBe(
      'sub-CSH-ZAD-001'
    );
    expect(more).toBe(false);
    expect(entries.map(e => [e.name, e.folder, e.files, e.assetId])).toEqual([
      [
        'sub-CSH-ZAD-001_ses-3e7ae7c0-fe8b-487c-9354-036236fa1010_behavior+ecephys+image',
        true,
        1,
        null
      ],
      [
        'sub-CSH-ZAD-001_ses-3e7ae7c0-fe8b-487c-9354-036236fa1010-processed-only_behavior.nwb',
        false,
        1,
        ID
      ]
    ]);
  });
});

describe('lindiUrlOf', () => {
  it('fills the template, only when the dandiset is known', () => {
    const asset = {
      apiUrl: API,
      assetId: ID,
      dandiset: '000409',
      version: 'draft',
      path: PATH,
      size: 1,
      downloadUrl: '',
      label: ''
    };
    expect(
      lindiUrlOf(
        'https://lindi.neurosift.org/dandi/dandisets/{dandiset}/assets/{asset_id}/nwb.lindi.json',
        asset
      )
    ).toBe(
      `https://lindi.neurosift.org/dandi/dandisets/000409/assets/${ID}/nwb.lindi.json`
    );
    expect(lindiUrlOf('', asset)).toBeNull();
    expect(
      lindiUrlOf('https://x/{dandiset}', { ...asset, dandiset: null })
    ).toBeNull();
  });
});
