/**
 * Open an NWB file on disk in any of the viewer's formats as an
 * `IH5Source`, the way the worker does but with local files for bytes:
 * HDF5 through h5wasm/node, Zarr folders through a file store, LINDI
 * through its index with chunk URLs mapped to local files.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import type { IH5Source } from '../../../src/viewer/model/source';
import { LindiIndex } from '../../../src/viewer/lindi/lindiIndex';
import { LindiTar } from '../../../src/viewer/lindi/lindiTar';
import { lindiSourceOf } from '../../../src/viewer/lindi/openLindi';
import { formatOf } from '../../../src/viewer/model/format';
import { openHdmfZarr } from '../../../src/viewer/zarr/openZarr';
import { relativeKey, type IKeyStore } from '../../../src/viewer/zarr/store';
import { openSample } from '../../ts/viewer/openSample';

/** A Zarr store over a local folder. */
export class FolderStore implements IKeyStore {
  constructor(private readonly dir: string) {}
  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(join(this.dir, relativeKey(key))));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      throw error;
    }
  }
}

export async function openAnyFormat(
  path: string
): Promise<{ source: IH5Source; close: () => void }> {
  const format = formatOf(path);
  if (format === 'zarr') {
    const source = await openHdmfZarr(new FolderStore(path), basename(path));
    return { source, close: () => undefined };
  }
  if (format === 'lindi') {
    return openLindiFile(path);
  }
  const { source, close } = await openSample(path);
  return { source, close };
}

/**
 * A LINDI file's chunk URLs point at its HDF5 original on some server; here
 * each URL is read from the file of the same name next to the index.
 */
async function openLindiFile(
  path: string
): Promise<{ source: IH5Source; close: () => void }> {
  const localOf = (url: string) =>
    join(dirname(path), decodeURIComponent(basename(new URL(url).pathname)));
  // A .lindi.tar holds its index and its blobs (refs to ./blobs/...) itself.
  const tar = path.endsWith('.tar')
    ? LindiTar.open(
        (start, end) => readRange(path, start, end - start),
        basename(path)
      )
    : null;
  const text = tar
    ? new TextDecoder().decode(
        readRange(
          path,
          ...startAndSize(
            tar.range('lindi.json', 0, tar.member('lindi.json').s)
          )
        )
      )
    : await readFile(path, 'utf-8');
  const index = LindiIndex.parse(text, basename(path));
  const closers: (() => void)[] = [];
  const externals = new Map<string, Promise<IH5Source>>();
  const source = lindiSourceOf(
    index,
    basename(path),
    0,
    async (url, offset, size) => {
      if (tar && url.startsWith('./')) {
        return readRange(
          path,
          ...startAndSize(tar.range(url.slice(2), offset, size))
        );
      }
      const handle = await open(localOf(url), 'r');
      try {
        const out = new Uint8Array(size);
        await handle.read(out, 0, size, offset);
        return out;
      } finally {
        await handle.close();
      }
    },
    url => {
      let opened = externals.get(url);
      if (!opened) {
        opened = openSample(localOf(url)).then(file => {
          closers.push(file.close);
          return file.source;
        });
        externals.set(url, opened);
      }
      return opened;
    }
  );
  return { source, close: () => closers.forEach(c => c()) };
}

function readRange(path: string, start: number, size: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const out = new Uint8Array(size);
    readSync(fd, out, 0, size, start);
    return out;
  } finally {
    closeSync(fd);
  }
}

function startAndSize([start, end]: [number, number]): [number, number] {
  return [start, end - start];
}
