import { readFileSync } from 'fs';
import { join } from 'path';
import { describe, expect, it } from 'vitest';

import { planOpen, type IPlanDeps } from '../../../src/viewer/remote/openPlan';
import {
  DEFAULT_REMOTE_SETTINGS,
  readRemoteSettings
} from '../../../src/viewer/remote/remoteSettings';

const RECORDED = join(__dirname, '../../python/dandi/recorded');
const ID = '7d5046f1-12b5-4b88-9ccf-9e738f265652';
// The recorded asset of dandiset 000409 (see tests/python/dandi/recorded/README.md).
const PATH =
  'sub-CSH-ZAD-001/sub-CSH-ZAD-001_ses-3e7ae7c0-fe8b-487c-9354-036236fa1010-processed-only_behavior.nwb';

function deps(lindi: boolean) {
  const allowed: unknown[] = [];
  const d: IPlanDeps = {
    getJson: async url =>
      JSON.parse(
        readFileSync(
          join(
            RECORDED,
            url.includes('?path=') ? 'assets_by_path.json' : 'dandiset.json'
          ),
          'utf8'
        )
      ),
    allow: async what => void allowed.push(what),
    proxy: url => ({
      proxyUrl: `/proxy?url=${encodeURIComponent(url)}`,
      proxyHeaders: {}
    }),
    lindiExists: async () => lindi
  };
  return { d, allowed };
}

describe('planOpen', () => {
  it('opens a DANDI path through its download URL, with the proxy and the size limit', async () => {
    const { d, allowed } = deps(false);
    const plan = await planOpen(
      `000409/draft/${PATH}`,
      DEFAULT_REMOTE_SETTINGS,
      d
    );
    const download = `https://api.dandiarchive.org/api/assets/${ID}/download/`;
    expect(plan).toEqual({
      kind: 'open',
      target: {
        kind: 'url',
        url: download,
        label: `000409/draft/${PATH}`,
        format: 'hdf5',
        proxyUrl: `/proxy?url=${encodeURIComponent(download)}`,
        proxyHeaders: {},
        maxWholeBytes: 256 * 2 ** 20
      }
    });
    expect(allowed).toEqual([{ api: 'https://api.dandiarchive.org/api' }]);
  });

  it('prefers an existing LINDI index, with the HDF5 file as the fallback', async () => {
    const { d, allowed } = deps(true);
    const plan = await planOpen(
      `000409/draft/${PATH}`,
      DEFAULT_REMOTE_SETTINGS,
      d
    );
    const lindi = `https://lindi.neurosift.org/dandi/dandisets/000409/assets/${ID}/nwb.lindi.json`;
    expect(plan).toMatchObject({
      kind: 'open',
      target: { url: lindi, format: 'lindi', fallback: { format: 'hdf5' } }
    });
    expect(allowed).toContainEqual({ url: lindi });
    // The template off: never asked.
    const off = await planOpen(
      `000409/draft/${PATH}`,
      { ...DEFAULT_REMOTE_SETTINGS, lindiUrlTemplate: '' },
      d
    );
    expect(off).toMatchObject({ target: { format: 'hdf5' } });
  });

  it('registers a plain URL as opened by the user, and browses a dandiset', async () => {
    const { d, allowed } = deps(false);
    const url = 'https://example.org/x/session.nwb';
    expect(await planOpen(url, DEFAULT_REMOTE_SETTINGS, d)).toMatchObject({
      target: { url, label: 'session.nwb' }
    });
    expect(allowed).toEqual([{ url }]);
    expect(
      await planOpen('DANDI:000409', DEFAULT_REMOTE_SETTINGS, d)
    ).toMatchObject({
      kind: 'browse',
      dandiset: '000409'
    });
  });
});

describe('remote settings', () => {
  it('match the schema defaults and refuse bad values', () => {
    const schema = JSON.parse(
      readFileSync(join(__dirname, '../../../schema/remote.json'), 'utf8')
    );
    const defaults = Object.fromEntries(
      Object.entries(
        schema.properties as Record<string, { default: unknown }>
      ).map(([k, v]) => [k, v.default])
    );
    expect(readRemoteSettings(defaults)).toEqual(DEFAULT_REMOTE_SETTINGS);
    expect(
      readRemoteSettings({ dandiApiUrl: 'ftp://x', maxWholeFileMiB: -1 })
    ).toEqual(DEFAULT_REMOTE_SETTINGS);
    expect(
      readRemoteSettings({ dandiApiUrl: 'http://127.0.0.1:9/api/' }).dandiApiUrl
    ).toBe('http://127.0.0.1:9/api');
  });
});
