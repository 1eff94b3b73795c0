import { describe, expect, it } from 'vitest';

import {
  HttpReadError,
  openRemoteFile,
  parseContentRangeSize,
  type IRangeResponse
} from '../../../src/viewer/worker/httpRange';

const FILE = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

/** A server that honours Range (206) or ignores it (200), counting requests. */
function server(mode: 'range' | 'whole' | number) {
  const requests: [number, number][] = [];
  const get = (start: number, end: number): IRangeResponse => {
    requests.push([start, end]);
    if (typeof mode === 'number') {
      return { status: mode, contentRange: null, body: new Uint8Array(0) };
    }
    if (mode === 'whole') {
      return { status: 200, contentRange: null, body: FILE };
    }
    return {
      status: 206,
      contentRange: `bytes ${start}-${end - 1}/${FILE.length}`,
      body: FILE.slice(start, end)
    };
  };
  return { get, requests };
}

describe('openRemoteFile', () => {
  it('reads by ranges when the server answers 206', () => {
    const { get, requests } = server('range');
    const file = openRemoteFile('http://x/files/a.nwb', get);
    expect(file).toMatchObject({ size: 1000, rangeSupported: true });
    expect(Array.from(file.read(10, 14))).toEqual([10, 11, 12, 13]);
    expect(requests).toEqual([
      [0, 1],
      [10, 14]
    ]);
  });

  it('falls back to the whole file, fetched once, when the server answers 200', () => {
    const { get, requests } = server('whole');
    const file = openRemoteFile('http://x/files/a.nwb', get);
    expect(file).toMatchObject({ size: 1000, rangeSupported: false });
    expect(Array.from(file.read(500, 503))).toEqual([
      500 % 251,
      501 % 251,
      502 % 251
    ]);
    expect(requests).toHaveLength(1);
  });

  it('names the URL and the cause when the server refuses', () => {
    expect(() =>
      openRemoteFile('http://x/files/gone.nwb', server(404).get)
    ).toThrow(/gone\.nwb.*HTTP 404.*does not exist/);
    expect(() =>
      openRemoteFile('http://x/files/a.nwb', server(403).get)
    ).toThrow(HttpReadError);
  });
});

describe('parseContentRangeSize', () => {
  it('reads the total after the slash', () => {
    expect(parseContentRangeSize('bytes 0-0/123456')).toBe(123456);
    expect(parseContentRangeSize('bytes */99')).toBe(99);
    expect(parseContentRangeSize('bytes 0-0/*')).toBeNull();
    expect(parseContentRangeSize(null)).toBeNull();
  });
});
