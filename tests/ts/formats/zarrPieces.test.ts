import { describe, expect, it } from 'vitest';

import { chunkUrl } from '../../../src/viewer/lindi/openLindiUrl';
import { padChunk } from '../../../src/viewer/lindi/refStore';
import { ZarrCatalogue } from '../../../src/viewer/zarr/catalogue';
import { codecFilters, numpyToH5 } from '../../../src/viewer/zarr/h5Notation';
import { keyUrl } from '../../../src/viewer/zarr/httpStore';
import { parseMetadataJson } from '../../../src/viewer/zarr/json';
import { openHdmfZarr } from '../../../src/viewer/zarr/openZarr';
import { serverMetadataUrl } from '../../../src/viewer/zarr/serverMetadata';
import type { IKeyStore } from '../../../src/viewer/zarr/store';

describe('Zarr metadata pieces', () => {
  it('reads the NaN and Infinity that Python json writes in .zattrs', () => {
    expect(
      parseMetadataJson('{"a": NaN, "b": [-Infinity, 1], "c": "NaN text"}', 'x')
    ).toEqual({ a: NaN, b: [-Infinity, 1], c: 'NaN text' });
    expect(() => parseMetadataJson('{"a": ', 'x/.zattrs')).toThrow(
      /x\/\.zattrs is not valid JSON/
    );
  });

  it('builds the tree from metadata keys, members sorted, orphans left out', () => {
    const catalogue = ZarrCatalogue.fromMetadata(
      {
        '.zgroup': {},
        'b/.zgroup': {},
        'a/.zarray': { shape: [2], chunks: [2], dtype: '<f8' },
        'a/.zattrs': { unit: 'V' },
        'b/0.0': 'chunk, ignored',
        'lost/child/.zgroup': {}
      },
      's.zarr'
    );
    expect(catalogue.node('/')?.children).toEqual(['a', 'b']);
    expect(catalogue.node('/a')).toMatchObject({
      kind: 'array',
      attrs: { unit: 'V' }
    });
    expect(catalogue.node('/lost')).toBeUndefined();
    expect(() =>
      ZarrCatalogue.fromMetadata({ 'a/.zgroup': {} }, 's.zarr')
    ).toThrow(/s\.zarr has no root group/);
  });

  it('names dtypes and codecs in h5wasm notation', () => {
    expect(numpyToH5('<f8')).toMatchObject({
      dtype: '<d',
      typeClass: 'float',
      itemSize: 8
    });
    expect(numpyToH5('|u1')).toMatchObject({
      dtype: '<B',
      typeClass: 'integer'
    });
    expect(numpyToH5('>i2')).toMatchObject({ dtype: '>h' });
    expect(numpyToH5('|b1')).toMatchObject({ typeClass: 'enum' });
    expect(numpyToH5('|O')).toBeNull();
    expect(
      codecFilters([{ id: 'shuffle' }, { id: 'vlen-utf8' }], {
        id: 'blosc',
        cname: 'lz4'
      })
    ).toEqual([
      { id: 2, name: 'shuffle' },
      { id: 32001, name: 'blosc (lz4)' }
    ]);
  });

  it('says how to fix a store without consolidated metadata', async () => {
    const empty: IKeyStore = { get: async () => undefined };
    await expect(openHdmfZarr(empty, 'x.nwb.zarr')).rejects.toThrow(
      /x\.nwb\.zarr has no consolidated metadata.*consolidate_metadata/
    );
  });
});

describe('URLs', () => {
  it('puts keys under the store URL, encoded, keeping a query', () => {
    expect(keyUrl('https://h/b/x.nwb.zarr?sig=1', 'a b/.zarray')).toBe(
      'https://h/b/x.nwb.zarr/a%20b/.zarray?sig=1'
    );
  });

  it('finds the server metadata route of a /files/ URL only', () => {
    expect(
      serverMetadataUrl('http://h:1/lab/base/files/d/x%20y.nwb.zarr')
    ).toBe(
      'http://h:1/lab/base/jupyterlab-ibl-nwb/zarr-metadata?path=d%2Fx+y.nwb.zarr'
    );
    expect(
      serverMetadataUrl('https://s3.example.org/bucket/x.nwb.zarr')
    ).toBeNull();
  });

  it('resolves LINDI chunk URLs against the index, refusing local paths', () => {
    const index = 'http://h/files/d/x.lindi.json';
    expect(chunkUrl('x.nwb', index, 'x.lindi.json')).toBe(
      'http://h/files/d/x.nwb'
    );
    expect(chunkUrl('https://dandi/a', index, 'x.lindi.json')).toBe(
      'https://dandi/a'
    );
    expect(() => chunkUrl('/home/me/x.nwb', index, 'x.lindi.json')).toThrow(
      /local path \/home\/me\/x\.nwb/
    );
  });
});

describe('padChunk', () => {
  const zarray = {
    shape: [10],
    chunks: [4],
    dtype: '<f8',
    compressor: null,
    filters: null,
    fill_value: 0
  };
  it('pads a short uncompressed numeric chunk to its full size', () => {
    expect(padChunk(new Uint8Array(16).fill(1), zarray).length).toBe(32);
  });
  it('leaves compressed and object chunks alone', () => {
    const bytes = new Uint8Array(5);
    expect(padChunk(bytes, { ...zarray, compressor: { id: 'zlib' } })).toBe(
      bytes
    );
    expect(padChunk(bytes, { ...zarray, dtype: '|O' })).toBe(bytes);
  });
});
