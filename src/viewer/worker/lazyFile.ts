import type { PageCache } from './pageCache';

/** The few Emscripten FS calls we need (h5wasm exposes the module's FS). */
export interface IEmscriptenFS {
  mkdirTree(path: string): void;
  writeFile(path: string, data: Uint8Array): void;
  unlink(path: string): void;
  lookupPath(path: string, options?: unknown): { node: Record<string, any> };
}

/**
 * Create a read-only file at `path` whose reads are served by `cache`.
 * It is a MEMFS file with its size and `read` stream operation replaced —
 * the same trick as Emscripten's `createLazyFile`, but with an LRU page
 * cache and page-sized copies instead of a byte-by-byte loop.
 */
export function createLazyFile(
  fs: IEmscriptenFS,
  path: string,
  cache: PageCache
): void {
  const dir = path.slice(0, path.lastIndexOf('/')) || '/';
  fs.mkdirTree(dir);
  fs.writeFile(path, new Uint8Array(0));
  const node = fs.lookupPath(path).node;
  const size = cache.fileSize;
  // MEMFS reports a file's size from `usedBytes`; HDF5 checks it against the superblock.
  Object.defineProperty(node, 'usedBytes', { get: () => size });
  const streamOps = node.stream_ops as Record<string, unknown>;
  node.stream_ops = {
    ...streamOps,
    read: (
      _stream: unknown,
      buffer: Int8Array | Uint8Array,
      offset: number,
      length: number,
      position: number
    ): number => {
      const bytes = new Uint8Array(
        buffer.buffer,
        buffer.byteOffset,
        buffer.byteLength
      );
      return cache.read(bytes, offset, length, position);
    },
    write: () => {
      throw new Error(`${path} is read-only`);
    }
  };
}
