import { describe, expect, it } from 'vitest';

import {
  DandiRefError,
  parseDandiRef
} from '../../../src/viewer/remote/dandiRef';

const API = 'https://api.dandiarchive.org/api/';
const ID = '3b6fd8ba-1e18-4c2d-9f3e-2a6b5c7d8e9f';

describe('parseDandiRef', () => {
  it.each([
    [
      `https://api.dandiarchive.org/api/assets/${ID}/download/`,
      'https://api.dandiarchive.org/api'
    ],
    [
      `https://api.dandiarchive.org/api/assets/${ID}/`,
      'https://api.dandiarchive.org/api'
    ],
    [
      `https://api.dandiarchive.org/api/dandisets/000409/versions/draft/assets/${ID}/download/`,
      'https://api.dandiarchive.org/api'
    ],
    // Another instance: its own API, not the configured one.
    [
      `https://api.sandbox.dandiarchive.org/api/assets/${ID.toUpperCase()}/download/`,
      'https://api.sandbox.dandiarchive.org/api'
    ],
    [
      `http://127.0.0.1:8000/api/assets/${ID}/download/`,
      'http://127.0.0.1:8000/api'
    ],
    [ID, 'https://api.dandiarchive.org/api']
  ])('%s is an asset of %s', (input, apiUrl) => {
    expect(parseDandiRef(input, API)).toEqual({
      kind: 'asset',
      apiUrl,
      assetId: ID
    });
  });

  it('reads dandiset/version/path and dandiset/path', () => {
    expect(
      parseDandiRef(
        '000409/draft/sub-CSH_ZAD_026/sub-CSH_ZAD_026_ses-x.nwb',
        API
      )
    ).toEqual({
      kind: 'path',
      apiUrl: 'https://api.dandiarchive.org/api',
      dandiset: '000409',
      version: 'draft',
      path: 'sub-CSH_ZAD_026/sub-CSH_ZAD_026_ses-x.nwb'
    });
    expect(
      parseDandiRef('000409/0.230515.1700/sub-a/b.nwb', API)
    ).toMatchObject({
      version: '0.230515.1700',
      path: 'sub-a/b.nwb'
    });
    // No version: dandi-cli's rule (newest published, else draft) is applied when resolving.
    expect(parseDandiRef('000409/sub-a/b.nwb', API)).toMatchObject({
      kind: 'path',
      version: null,
      path: 'sub-a/b.nwb'
    });
  });

  it('reads the web UI forms (path router and #/ router)', () => {
    expect(
      parseDandiRef(
        'https://dandiarchive.org/dandiset/000409/draft/files?location=sub-a/b.nwb',
        API
      )
    ).toMatchObject({
      kind: 'path',
      dandiset: '000409',
      version: 'draft',
      path: 'sub-a/b.nwb'
    });
    expect(
      parseDandiRef(
        'https://gui.dandiarchive.org/#/dandiset/000409/draft/files?location=sub-a/',
        API
      )
    ).toEqual({
      kind: 'dandiset',
      apiUrl: 'https://api.dandiarchive.org/api',
      dandiset: '000409',
      version: 'draft',
      folder: 'sub-a/'
    });
    expect(
      parseDandiRef('https://dandiarchive.org/dandiset/000409', API)
    ).toMatchObject({
      kind: 'dandiset',
      version: null,
      folder: ''
    });
    expect(parseDandiRef('DANDI:000409/draft', API)).toMatchObject({
      kind: 'dandiset',
      version: 'draft'
    });
  });

  it('keeps any other https URL as it is', () => {
    const url = 'https://example.org/data/x.nwb?X-Amz-Signature=abc';
    expect(parseDandiRef(url, API)).toEqual({ kind: 'url', url });
  });

  it.each([
    ['', /is empty/],
    ['file:///etc/passwd', /uses file:/],
    ['ftp://x/y.nwb', /uses ftp:/],
    ['sub-a/b.nwb', /neither a URL nor dandiset/],
    ['000409/draft/../../etc', /\.\./],
    ['DANDI:12', /DANDI:<6 digits>/]
  ])('refuses %j with a message saying what works', (input, why) => {
    expect(() => parseDandiRef(input, API)).toThrow(DandiRefError);
    expect(() => parseDandiRef(input, API)).toThrow(why);
    expect(() => parseDandiRef(input, API)).toThrow(/dandiset\/version\/path/);
  });
});
