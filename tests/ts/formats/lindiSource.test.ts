import { describe, expect, it } from 'vitest';

import { LindiIndex } from '../../../src/viewer/lindi/lindiIndex';
import { lindiSourceOf } from '../../../src/viewer/lindi/openLindi';
import type { IH5Source } from '../../../src/viewer/model/source';

/**
 * A hand-made LINDI index with one of each convention lindi writes
 * (lindi/LindiH5ZarrStore, lindi/conversion): metadata as inline JSON,
 * object chunks as JSON-codec text, numeric chunks as [url, offset, size].
 */
const ARRAY = (
  shape: number[],
  chunks: number[],
  dtype: string,
  filters: unknown = null
) => ({
  shape,
  chunks,
  dtype,
  filters,
  compressor: null,
  fill_value: 0,
  order: 'C',
  zarr_format: 2
});
const JSON_CODEC = [
  {
    id: 'json2',
    encoding: 'utf-8',
    allow_nan: true,
    check_circular: true,
    strict: true,
    sort_keys: true
  }
];

const FILE_URL = 'https://example.org/files/x.nwb';
// Ten little-endian float64 values 0..9, as the "HDF5 file" the refs point into.
const FILE = new Uint8Array(
  new Float64Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]).buffer
);

const INDEX = {
  version: 1,
  templates: { u1: FILE_URL },
  refs: {
    '.zgroup': { zarr_format: 2 },
    '.zattrs': {
      '.specloc': { _REFERENCE: { path: '/specifications', source: '.' } },
      neurodata_type: 'NWBFile'
    },
    'general/.zgroup': { zarr_format: 2 },
    'general/devices/.zgroup': { zarr_format: 2 },
    'general/devices/probe/.zgroup': { zarr_format: 2 },
    'general/devices/probe/.zattrs': {
      description: 'a probe',
      resolution: 'NaN',
      flag: true
    },
    'general/group/.zgroup': { zarr_format: 2 },
    'general/group/device/.zgroup': { zarr_format: 2 },
    'general/group/device/.zattrs': {
      _SOFT_LINK: { path: '/general/devices/probe' }
    },
    // A 2-D text dataset (NWB's was_generated_by): numcodecs JSON nests the rows.
    'general/was_generated_by/.zarray': ARRAY([1, 2], [1, 2], '|O', JSON_CODEC),
    'general/was_generated_by/0.0': '[["tool","1.0"],"|O",[1,2]]',
    // An empty 2-D table column (no chunk at all).
    'general/edges/.zarray': ARRAY([0, 2], [1, 2], '<u1'),
    // A scalar variable-length string.
    'identifier/.zarray': ARRAY([1], [1], '<U3'),
    'identifier/.zattrs': { _SCALAR: true },
    'identifier/0':
      'base64:' +
      btoa(
        String.fromCharCode(
          ...new Uint8Array(new Uint32Array([0x61, 0x62, 0x63]).buffer)
        )
      ),
    // References, and a compound row holding one.
    'refs/.zarray': ARRAY([2], [2], '|O', JSON_CODEC),
    'refs/0': JSON.stringify([
      { _REFERENCE: { path: '/general/devices/probe' } },
      { _REFERENCE: { path: '/general' } },
      '|O',
      [2]
    ]),
    'rows/.zarray': ARRAY([1], [1], '|O', JSON_CODEC),
    'rows/.zattrs': {
      _COMPOUND_DTYPE: [
        ['idx_start', 'int32'],
        ['count', 'int32'],
        ['timeseries', '<REFERENCE>']
      ]
    },
    'rows/0': JSON.stringify([
      [0, 5, { _REFERENCE: { path: '/general' } }],
      '|O',
      [1]
    ]),
    // Split contiguous data: chunks of 4 values, the last chunk short (8 bytes of 32).
    'data/.zarray': ARRAY([10], [4], '<f8'),
    'data/0': ['{{u1}}', 0, 32],
    'data/1': ['{{u1}}', 32, 32],
    'data/2': ['{{u1}}', 64, 16]
  }
};

function open(index = INDEX): IH5Source {
  const reads: string[] = [];
  return lindiSourceOf(
    LindiIndex.parse(JSON.stringify(index), 'x.lindi.json'),
    'x.lindi.json',
    0,
    async (url, offset, size) => {
      reads.push(url);
      expect(url).toBe(FILE_URL);
      return FILE.slice(offset, offset + size);
    },
    () => Promise.reject(new Error('no external links here'))
  );
}

describe('LINDI reader', () => {
  it('presents the root, soft links and attributes as h5wasm does', async () => {
    const source = open();
    expect((await source.root()).attrs).toEqual({
      '.specloc': [{ reference: '/specifications' }],
      neurodata_type: 'NWBFile'
    });
    const [device] = await source.list('/general/group');
    expect(device).toEqual({
      name: 'device',
      path: '/general/group/device',
      kind: 'group',
      softLink: '/general/devices/probe',
      attrs: {}
    });
    const probe = (await source.list('/general/devices'))[0];
    expect(probe.attrs).toEqual({
      description: 'a probe',
      resolution: NaN,
      flag: 1
    });
    // A soft-linked group lists its target's members.
    expect(await source.list('/general/group/device')).toEqual([]);
  });

  it('reads a 2-D JSON object chunk flat, in C order', async () => {
    expect(await open().read('/general/was_generated_by')).toEqual([
      'tool',
      '1.0'
    ]);
  });

  it('reads an empty 2-D dataset as an empty typed array', async () => {
    const values = await open().read('/general/edges');
    expect(values).toBeInstanceOf(Uint8Array);
    expect((values as Uint8Array).length).toBe(0);
  });

  it('reads scalars, references and compound rows', async () => {
    const source = open();
    const top = await source.list('/');
    expect(top.find(e => e.name === 'identifier')).toMatchObject({
      shape: [],
      dtype: 'S'
    });
    expect(await source.read('/identifier')).toBe('abc');
    expect(top.find(e => e.name === 'refs')).toMatchObject({
      dtype: 'Reference'
    });
    expect(await source.read('/refs')).toEqual([
      { reference: '/general/devices/probe' },
      { reference: '/general' }
    ]);
    expect((await source.info('/rows')).typeClass).toBe('compound');
    expect(await source.read('/rows')).toEqual([
      [0, 5, { reference: '/general' }]
    ]);
  });

  it('reads range references through templates, padding the short last chunk', async () => {
    const source = open();
    expect(Array.from((await source.read('/data')) as Float64Array)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9
    ]);
    expect(
      Array.from((await source.read('/data', [[7, 10]])) as Float64Array)
    ).toEqual([7, 8, 9]);
    const info = await source.info('/data');
    expect(info).toMatchObject({
      dtype: '<d',
      typeClass: 'float',
      itemSize: 8,
      chunks: [4]
    });
  });

  it('names the file and the key when the index is not LINDI', () => {
    expect(() => LindiIndex.parse('{"version": 1}', 'a.lindi.json')).toThrow(
      /a\.lindi\.json has no "refs"/
    );
    const bad = {
      ...INDEX,
      refs: { ...INDEX.refs, 'data/0': ['{{u9}}', 0, 8] }
    };
    return expect(open(bad).read('/data')).rejects.toThrow(
      /\{\{u9\}\} is used but not defined/
    );
  });
});
