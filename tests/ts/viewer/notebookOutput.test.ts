import { describe, expect, it } from 'vitest';

import { parseViewData } from '../../../src/viewer/notebook/mimeData';
import { serverPath } from '../../../src/viewer/notebook/serverPath';

describe('NWBView output data', () => {
  it('reads path and object path, adding the leading slash', () => {
    expect(parseViewData({ path: 'a/x.nwb', object_path: 'units' })).toEqual({
      path: 'a/x.nwb',
      objectPath: '/units'
    });
    expect(parseViewData({ path: 'x.nwb' })).toEqual({
      path: 'x.nwb',
      objectPath: '/'
    });
  });

  it('reads the view to show first, trimmed, only when given', () => {
    expect(
      parseViewData({ path: 'x.nwb', object_path: '/units', view: ' psth ' })
    ).toEqual({ path: 'x.nwb', objectPath: '/units', view: 'psth' });
    expect(parseViewData({ url: 'https://h/x.nwb', view: 'Raster' })).toEqual({
      url: 'https://h/x.nwb',
      objectPath: '/',
      view: 'Raster'
    });
    expect(parseViewData({ path: 'x.nwb', view: 3 })).toEqual({
      reason: 'view is not a view name'
    });
    expect(parseViewData({ path: 'x.nwb', view: ' ' })).toEqual({
      reason: 'view is not a view name'
    });
  });

  it('explains unusable outputs', () => {
    expect(parseViewData(null)).toEqual({
      reason: 'the output holds no object'
    });
    expect(parseViewData({ object_path: '/units' })).toEqual({
      reason: 'the output has no file path'
    });
    expect(parseViewData({ path: 'x.nwb', object_path: 3 })).toEqual({
      reason: 'object_path is not a string'
    });
  });
});

describe('serverPath', () => {
  // The notebook lives in `work/notebooks`; resolveUrl joins relative paths to its folder.
  const resolver = {
    resolveUrl: async (url: string) =>
      encodeURI(`/work/notebooks/${url}`.replace(/\/[^/]+\/\.\.\//g, '/')),
    getDownloadUrl: async (url: string) => url,
    resolvePath: async (path: string) =>
      path.startsWith('/srv/root/')
        ? { scope: 'server' as const, path: path.slice('/srv/root/'.length) }
        : null
  };

  it('resolves a relative path from the notebook folder', async () => {
    expect(await serverPath('data/my session.nwb', resolver)).toBe(
      'work/notebooks/data/my session.nwb'
    );
  });

  it('asks the server about absolute paths, else reads them from the server root', async () => {
    expect(await serverPath('/srv/root/a/x.nwb', resolver)).toBe('a/x.nwb');
    expect(await serverPath('/a/x.nwb', resolver)).toBe('a/x.nwb');
    expect(await serverPath('x.nwb', null)).toBe('x.nwb');
  });
});

describe('NWBView output data for remote files', () => {
  it('keeps a URL as a URL and reads a DANDI asset', () => {
    expect(
      parseViewData({ url: 'https://h/x.nwb?sig=1', object_path: 'units' })
    ).toEqual({ url: 'https://h/x.nwb?sig=1', objectPath: '/units' });
    expect(
      parseViewData({
        dandiset: '000409',
        path: 'sub-a/x.nwb',
        object_path: '/'
      })
    ).toEqual({
      dandi: {
        dandiset: '000409',
        path: 'sub-a/x.nwb',
        version: null,
        apiUrl: null
      },
      objectPath: '/'
    });
  });

  it('says what is wrong with a remote output', () => {
    expect(parseViewData({ url: 'file:///etc/passwd' })).toEqual({
      reason: 'url is not an http(s) URL'
    });
    expect(parseViewData({ dandiset: '409', path: 'x.nwb' })).toEqual({
      reason: 'dandiset is not a 6-digit DANDI id'
    });
    expect(parseViewData({ dandiset: '000409' })).toEqual({
      reason: 'the output has no asset path in the dandiset'
    });
  });
});
