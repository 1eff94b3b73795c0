import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  loadFileContent,
  parseJsonable,
  parsePythonJson
} from '../../../src/one/content';
import { inferColumn, parseDelimited } from '../../../src/one/delimited';
import {
  CorruptFileError,
  UnsupportedDtypeError
} from '../../../src/one/errors';
import { readParquetFile } from '../../../src/one/node/parquetFile';
import { readParquet } from '../../../src/one/parquet';
import { getColumn, readTable } from '../../../src/one/tables';

const FIX = resolve(__dirname, '../../../../shared/fixtures');
const PASSIVE = `${FIX}/ibllib/ibllib/io/extractors/ephys_sessions/passiveChoiceWorld_trials_fixtures.pqt`;

describe('parquet', () => {
  it('reads row ranges and column subsets from disk like slices of the whole table', async () => {
    const whole = await readParquet(
      new Uint8Array(readFileSync(PASSIVE)),
      PASSIVE
    );
    expect(whole.numRows).toBe(3600);
    const part = await readParquetFile(PASSIVE, {
      rowStart: 100,
      rowEnd: 250,
      columns: ['contrast', 'stim_type', 'trial_num']
    });
    expect(part.numRows).toBe(150);
    expect(part.columns.map(c => c.name)).toEqual([
      'stim_type',
      'contrast',
      'trial_num'
    ]);
    for (const column of part.columns) {
      const full = getColumn(whole, column.name)!;
      expect(column.dtype).toBe(full.dtype);
      expect(Array.from(column.values as ArrayLike<unknown>)).toEqual(
        Array.from(full.values as ArrayLike<unknown>).slice(100, 250)
      );
    }
    const tail = await readParquetFile(PASSIVE, {
      rowStart: 3590,
      rowEnd: 99999
    });
    expect(tail.numRows).toBe(10);
  });

  it('types columns like pandas: dates, unsigned ints, nullable floats', async () => {
    const sessions = await readParquetFile(
      `${FIX}/ONE/one/tests/fixtures/sessions.pqt`
    );
    expect(getColumn(sessions, 'date')).toMatchObject({ dtype: 'date' });
    expect((getColumn(sessions, 'date')!.values as string[])[0]).toBe(
      '2021-02-05'
    );
    expect(sessions.indexColumns).toEqual(['id_0', 'id_1']);
    const passive = await readParquetFile(PASSIVE, {
      columns: ['contrast', 'stim_reverse']
    });
    expect(getColumn(passive, 'contrast')!.dtype).toBe('float64');
    expect(
      Number.isNaN((getColumn(passive, 'contrast')!.values as Float64Array)[0])
    ).toBe(true);
    expect(getColumn(passive, 'stim_reverse')!.dtype).toBe('bool');
  });

  it('refuses what is not parquet', async () => {
    await expect(
      readParquet(new TextEncoder().encode('PAR1 but not really PAR2'), 'x.pqt')
    ).rejects.toThrow(CorruptFileError);
    await expect(
      readParquetFile(
        `${FIX}/ibllib/brainbox/tests/fixtures/trials_df_test.csv`
      )
    ).rejects.toThrow(CorruptFileError);
    await expect(readTable('x.xlsx', new Uint8Array(4))).rejects.toThrow(
      UnsupportedDtypeError
    );
  });
});

describe('delimited text', () => {
  it('infers pandas dtypes', () => {
    expect(inferColumn('a', ['1', '2', '-3']).dtype).toBe('int64');
    expect(inferColumn('a', ['1', '', '3']).dtype).toBe('float64');
    expect(inferColumn('a', ['1.5', 'inf', '-Infinity', 'NaN']).values).toEqual(
      new Float64Array([1.5, Infinity, -Infinity, NaN])
    );
    expect(inferColumn('a', ['True', 'False']).dtype).toBe('bool');
    expect(inferColumn('a', ['x', 'NA', '2']).values).toEqual(['x', null, '2']);
    expect(inferColumn('a', ['99999999999999999999']).dtype).toBe('float64');
  });

  it('parses quotes, CRLF, unnamed and duplicate headers', () => {
    const table = parseDelimited(
      ',a,a\r\n0,"x, ""y""",1\r\n1,"multi\nline",2\r\n',
      ',',
      't.csv'
    );
    expect(table.columns.map(c => c.name)).toEqual(['Unnamed: 0', 'a', 'a.1']);
    expect(table.columns[1].values).toEqual(['x, "y"', 'multi\nline']);
    expect(table.numRows).toBe(2);
    expect(() => parseDelimited('', ',', 'e.csv')).toThrow(CorruptFileError);
  });
});

describe('file content by extension', () => {
  it('handles empty files, unknown formats, JSON with NaN and jsonable', async () => {
    expect(await loadFileContent('a.b.npy', new Uint8Array(0))).toEqual({
      kind: 'empty'
    });
    expect(await loadFileContent('a.b.cbin', new Uint8Array(3))).toEqual({
      kind: 'file',
      extension: 'cbin'
    });
    expect(
      parsePythonJson(
        '{"a": NaN, "b": [Infinity, -Infinity], "c": "NaN"}',
        'x.json'
      )
    ).toEqual({
      a: NaN,
      b: [Infinity, -Infinity],
      c: 'NaN'
    });
    expect(() => parsePythonJson('{"a": ', 'x.json')).toThrow(CorruptFileError);
    expect(parseJsonable('{"a": 1}\n\n{"a": 2}\n', 'x.jsonable')).toEqual([
      { a: 1 },
      { a: 2 }
    ]);
    const yaml = await loadFileContent(
      '_ibl_experiment.description.yaml',
      new TextEncoder().encode('a: [1, 2]\n')
    );
    expect(yaml).toEqual({ kind: 'json', value: { a: [1, 2] } });
  });
});
