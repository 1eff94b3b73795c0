import { statSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import { WorkerHandler } from '../../../src/viewer/worker/handler';
import { openLazy } from '../../../src/viewer/worker/openRemote';
import type { WorkerResponse } from '../../../src/viewer/worker/protocol';
import { openLazySample } from './lazySample';
import { openSample } from './openSample';
import { sample } from './samples';

// One gzip chunk of TTL samples in a 430 kB file: the crawl must not touch it.
const TTL_FILE = sample(
  'neuroconv/tests/test_minimal/test_testing/test_mocks/mock_ttl_examples.nwb'
);
const TTL_DATA = '/acquisition/DefaultTTLSignal/data';

describe('lazy reading through the page cache', () => {
  it('crawls the metadata without reading the bulk data', async () => {
    const opened = await openLazySample(TTL_FILE, {
      pageSize: 4096,
      maxPages: 256
    });
    try {
      await loadNwbFile(opened.source);
      const afterCrawl = opened.stats();
      expect(afterCrawl.requests).toBeGreaterThan(0);
      expect(afterCrawl.bytesFetched).toBeLessThan(statSync(TTL_FILE).size);
      // The gzip chunk of 175 000 int16 samples (174 979 bytes stored, per h5py)
      // was not among the bytes read yet, but for the neighbourhood (8 pages)
      // of the metadata on each side of it that the cache fetches whole.
      await opened.source.read(TTL_DATA);
      const dataBytes = opened.stats().bytesFetched - afterCrawl.bytesFetched;
      expect(dataBytes).toBeGreaterThanOrEqual(174979 - 2 * 8 * 4096);
    } finally {
      opened.close();
    }
  });
});

/** Run the worker's handler in-process over the lazily opened TTL file. */
function startHandler(blockBytes: number) {
  const messages: WorkerResponse[] = [];
  const handler = new WorkerHandler(
    () => openLazySample(TTL_FILE, { pageSize: 8192, maxPages: 16 }),
    message => messages.push(message),
    blockBytes
  );
  return { handler, messages };
}

describe('WorkerHandler', () => {
  it('answers by id, reads in blocks with progress, and counts bytes', async () => {
    const { handler, messages } = startHandler(32 * 1024);
    await handler.handle({
      id: 1,
      op: 'open',
      args: { url: '', headers: {}, filename: 'ttl.nwb' }
    });
    expect(messages.pop()).toMatchObject({
      id: 1,
      kind: 'result',
      value: { rangeSupported: true }
    });
    await handler.handle({
      id: 2,
      op: 'read',
      path: TTL_DATA,
      slice: [[1000, 101000]]
    });
    const result = messages.pop();
    const progress = messages.filter(m => m.id === 2 && m.kind === 'progress');
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toMatchObject({ done: 100000, total: 100000 });

    const { source, close } = await openSample(TTL_FILE);
    const expected = (await source.read(TTL_DATA, [
      [1000, 101000]
    ])) as Int16Array;
    close();
    expect(result?.kind).toBe('result');
    const value = (result as { value: Int16Array }).value;
    expect(value).toBeInstanceOf(Int16Array);
    expect(Array.from(value)).toEqual(Array.from(expected));
    expect(
      (result as { stats: { bytesFetched: number } }).stats.bytesFetched
    ).toBeGreaterThan(200000);
  });

  it('stops a long read when it is cancelled between blocks', async () => {
    const { handler, messages } = startHandler(16 * 1024);
    await handler.handle({
      id: 1,
      op: 'open',
      args: { url: '', headers: {}, filename: 'ttl.nwb' }
    });
    const reading = handler.handle({ id: 2, op: 'read', path: TTL_DATA });
    await handler.handle({ id: 3, op: 'cancel', target: 2 });
    await reading;
    const answer = messages.find(m => m.id === 2 && m.kind !== 'progress');
    expect(answer).toMatchObject({ kind: 'error', cancelled: true });
    expect(
      messages.filter(m => m.id === 2 && m.kind === 'progress').length
    ).toBeLessThan(5);
  });

  it('reports an error naming the dataset', async () => {
    const { handler, messages } = startHandler(1 << 20);
    await handler.handle({
      id: 1,
      op: 'open',
      args: { url: '', headers: {}, filename: 'ttl.nwb' }
    });
    await handler.handle({ id: 2, op: 'read', path: '/acquisition/nothing' });
    const answer = messages.pop();
    expect(answer).toMatchObject({ id: 2, kind: 'error', cancelled: false });
    expect((answer as { message: string }).message).toMatch(
      /mock_ttl_examples\.nwb: \/acquisition\/nothing is not a dataset/
    );
  });
});

describe('opening a file that is not HDF5', () => {
  it('fails with an error naming the file and what it means', async () => {
    const bytes = new TextEncoder().encode('not really hdf5');
    const remote = {
      size: bytes.length,
      rangeSupported: true,
      read: (a: number, b: number) => bytes.slice(a, b)
    };
    await expect(openLazy(remote, 'broken.nwb')).rejects.toThrow(
      /broken\.nwb could not be opened as HDF5.*not an NWB file/
    );
  });
});
