import { describe, expect, it } from 'vitest';

import { openHdmfZarr } from '../../../src/viewer/zarr/openZarr';
import type { IKeyStore } from '../../../src/viewer/zarr/store';

/**
 * A hand-made hdmf-zarr store with one of each of its conventions
 * (https://hdmf-zarr.readthedocs.io/en/latest/storage.html), uncompressed
 * so the chunks can be written here byte by byte.
 */
const array = (shape: number[], dtype: unknown, filters: unknown = null) => ({
  shape,
  chunks: shape,
  dtype,
  filters,
  compressor: null,
  fill_value: null,
  order: 'C',
  zarr_format: 2
});

function vlen(items: string[]): Uint8Array {
  const encoded = items.map(s => new TextEncoder().encode(s));
  const out = new Uint8Array(4 + encoded.reduce((n, e) => n + 4 + e.length, 0));
  const view = new DataView(out.buffer);
  view.setUint32(0, items.length, true);
  let at = 4;
  for (const e of encoded) {
    view.setUint32(at, e.length, true);
    out.set(e, at + 4);
    at += 4 + e.length;
  }
  return out;
}

function pixelMask(): Uint8Array {
  const out = new DataView(new ArrayBuffer(24));
  [
    [1, 2, 0.5],
    [3, 4, 0.25]
  ].forEach(([x, y, w], row) => {
    out.setUint32(row * 12, x, true);
    out.setUint32(row * 12 + 4, y, true);
    out.setFloat32(row * 12 + 8, w, true);
  });
  return new Uint8Array(out.buffer);
}

const METADATA = {
  '.zgroup': { zarr_format: 2 },
  '.zattrs': { '.specloc': 'specifications', neurodata_type: 'NWBFile' },
  'general/.zgroup': {},
  'general/devices/.zgroup': {},
  'general/devices/probe/.zgroup': {},
  'general/shank/.zgroup': {},
  'general/shank/.zattrs': {
    zarr_link: [{ name: 'device', source: '.', path: '/general/devices/probe' }]
  },
  'session_start_time/.zarray': array([1], '|O', [{ id: 'vlen-bytes' }]),
  'session_start_time/.zattrs': { zarr_dtype: 'scalar' },
  'labels/.zarray': array([2], '|O', [{ id: 'vlen-utf8' }]),
  'labels/.zattrs': {
    zarr_dtype: 'str',
    _ARRAY_DIMENSIONS: ['num_rows'],
    table: {
      zarr_dtype: 'object',
      value: { source: '.', path: '/general/shank', object_id: 'x' }
    }
  },
  'pixel_mask/.zarray': array(
    [2],
    [
      ['x', '<u4'],
      ['y', '<u4'],
      ['weight', '<f4']
    ]
  ),
  'pixel_mask/.zattrs': {
    zarr_dtype: [
      { name: 'x', dtype: 'uint32' },
      { name: 'y', dtype: 'uint32' },
      { name: 'weight', dtype: 'float32' }
    ]
  }
};

const CHUNKS: Record<string, Uint8Array> = {
  '.zmetadata': new TextEncoder().encode(
    JSON.stringify({ metadata: METADATA, zarr_consolidated_format: 1 })
  ),
  'session_start_time/0': vlen(['2024-05-06T07:08:09+00:00']),
  'labels/0': vlen(['good', 'müa']),
  'pixel_mask/0': pixelMask()
};

const store: IKeyStore = {
  get: async key => CHUNKS[key.replace(/^\/+/, '')]
};

describe('hdmf-zarr reader', () => {
  it('shows zarr_link links as soft links and .specloc as a reference', async () => {
    const source = await openHdmfZarr(store, 'x.nwb.zarr');
    expect((await source.root()).attrs).toEqual({
      '.specloc': [{ reference: '/specifications' }],
      neurodata_type: 'NWBFile'
    });
    const [device] = await source.list('/general/shank');
    expect(device).toMatchObject({
      path: '/general/shank/device',
      kind: 'group',
      softLink: '/general/devices/probe'
    });
    const shank = (await source.list('/general')).find(e => e.name === 'shank');
    expect(shank?.attrs).toEqual({});
  });

  it('reads scalars, strings and reference attributes as h5wasm does', async () => {
    const source = await openHdmfZarr(store, 'x.nwb.zarr');
    const entries = await source.list('/');
    expect(entries.find(e => e.name === 'session_start_time')).toMatchObject({
      shape: [],
      dtype: 'A'
    });
    expect(await source.read('/session_start_time')).toBe(
      '2024-05-06T07:08:09+00:00'
    );
    const labels = entries.find(e => e.name === 'labels');
    expect(labels).toMatchObject({ shape: [2], dtype: 'S' });
    expect(labels?.attrs).toEqual({ table: [{ reference: '/general/shank' }] });
    expect(await source.read('/labels')).toEqual(['good', 'müa']);
  });

  it('reads compound rows of plain fields (pixel masks)', async () => {
    const source = await openHdmfZarr(store, 'x.nwb.zarr');
    expect((await source.info('/pixel_mask')).typeClass).toBe('compound');
    expect(await source.read('/pixel_mask')).toEqual([
      [1, 2, 0.5],
      [3, 4, 0.25]
    ]);
  });
});
