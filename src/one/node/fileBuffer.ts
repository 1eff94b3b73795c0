/** A file read at offsets, as the `AsyncBuffer` hyparquet reads from. */
import type { FileHandle } from 'node:fs/promises';
import type { AsyncBuffer } from 'hyparquet';

/** A file as hyparquet's `AsyncBuffer`: each slice is one positional read. */
export function fileAsyncBuffer(handle: FileHandle, size: number): AsyncBuffer {
  return {
    byteLength: size,
    slice: async (start: number, end = size) => {
      const length = Math.max(0, Math.min(end, size) - start);
      const bytes = Buffer.allocUnsafeSlow(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(
          bytes,
          done,
          length - done,
          start + done
        );
        if (bytesRead === 0) {
          break;
        }
        done += bytesRead;
      }
      // allocUnsafeSlow owns its whole ArrayBuffer: no copy unless short.
      return (
        done === length ? bytes.buffer : bytes.buffer.slice(0, done)
      ) as ArrayBuffer;
    }
  };
}
