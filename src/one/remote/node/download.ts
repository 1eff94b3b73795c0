/**
 * Node storage for downloads: `<final>.part` files in the destination folder,
 * md5 from `node:crypto`, and the rename that publishes a verified file.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

import { IDownloadStorage, IHasher, IPartFile, IPartWriter } from '../download';

/** Suffix of files being downloaded; they never carry a final name. */
export const PART_SUFFIX = '.part';

export class NodePartFile implements IPartFile {
  readonly partPath: string;

  constructor(readonly finalPath: string) {
    this.partPath = finalPath + PART_SUFFIX;
  }

  async size(): Promise<number> {
    try {
      return (await stat(this.partPath)).size;
    } catch {
      return 0;
    }
  }

  async hashExisting(hasher: IHasher): Promise<void> {
    for await (const chunk of createReadStream(this.partPath)) {
      hasher.update(chunk as Uint8Array);
    }
  }

  async open(append: boolean): Promise<IPartWriter> {
    await mkdir(dirname(this.partPath), { recursive: true });
    const handle = await open(this.partPath, append ? 'a' : 'w');
    return {
      write: async chunk => {
        await handle.write(chunk);
      },
      close: () => handle.close()
    };
  }

  async commit(): Promise<void> {
    await rename(this.partPath, this.finalPath);
  }

  async discard(): Promise<void> {
    await unlink(this.partPath).catch(() => undefined);
  }
}

export const nodeDownloadStorage: IDownloadStorage = {
  partFile: finalPath => new NodePartFile(finalPath),
  createHasher: () => {
    const hash = createHash('md5');
    return {
      update: chunk => hash.update(chunk),
      digest: () => hash.digest('hex')
    };
  }
};

/** md5 (hex) and size of a local file, or `null` if it does not exist. */
export async function fileMd5(
  path: string
): Promise<{ md5: string; size: number } | null> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return null;
  }
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Uint8Array);
  }
  return { md5: hash.digest('hex'), size };
}
