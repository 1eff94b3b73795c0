/**
 * Byte planes that deflate cannot shrink, stored instead of deflated. After HDF5's shuffle a
 * float64 chunk is 8 planes (byte 0 of every element, then byte 1, …); the low mantissa
 * planes of measured values (spike times, amplitudes, depths, pose) are noise that
 * run-length deflate spends ~10 ms per MiB on and gains nothing (zlib then writes them as
 * stored blocks anyway). Here such a leading run of planes goes into stored blocks
 * directly (zlib level 0: a copy and the Adler-32), and only the rest is deflated. The
 * result is one ordinary zlib stream (stored blocks, then deflated ones), which every
 * inflate reads, and reads faster: a stored block is a copy.
 */
import { deflateSync } from 'node:zlib';

/** Bytes per piece whose byte histogram is taken: about one deflate block of literals. */
const BLOCK_BYTES = 16 << 10;
/** Every SAMPLE_STEP-th byte is counted (and compared with the next one). */
const SAMPLE_STEP = 8;
/** Planes are stored when Huffman coding could save at most this fraction … */
const MAX_HUFFMAN_GAIN = 0.02;
/** … and at most this fraction of bytes repeat the byte before (what run-length finds). */
const MAX_REPEATS = 0.01;

const counts = new Uint32Array(256);

/**
 * Whether deflate could save at most ~2 % on `plane` with Huffman coding and runs (what
 * `Z_RLE` looks for): the order-0 entropy of every 16 KiB piece (each deflate block gets its
 * own Huffman code) is close to 8 bits and hardly any byte repeats its predecessor. Both
 * are estimated on every 8th byte (an eighth of the cost; on 2048 samples per piece the
 * entropy of uniform bytes reads ~7.91 bits, still above the 7.84 needed). Not a test for LZ77 matches
 * farther back: use it only where run-length deflate was chosen.
 */
export function incompressible(plane: Uint8Array): boolean {
  const n = plane.length;
  if (n < BLOCK_BYTES) {
    return false;
  }
  let bits = 0;
  let samples = 0;
  let repeats = 0;
  for (let start = 0; start < n; start += BLOCK_BYTES) {
    const end = Math.min(n, start + BLOCK_BYTES) - 1;
    counts.fill(0);
    let size = 0;
    for (let i = start; i < end; i += SAMPLE_STEP) {
      const b = plane[i];
      counts[b]++;
      repeats += b === plane[i + 1] ? 1 : 0;
      size++;
    }
    for (let v = 0; v < 256; v++) {
      const c = counts[v];
      if (c > 0) {
        bits += c * Math.log2(size / c);
      }
    }
    samples += size;
  }
  return (
    bits >= 8 * samples * (1 - MAX_HUFFMAN_GAIN) &&
    repeats <= samples * MAX_REPEATS
  );
}

/** Bytes of the leading planes of a shuffled chunk to store (0: deflate it all). */
export function storedPrefix(shuffled: Uint8Array, planes: number): number {
  const n = Math.floor(shuffled.length / planes);
  let k = 0;
  while (k < planes && incompressible(shuffled.subarray(k * n, (k + 1) * n))) {
    k++;
  }
  // Every plane noise: the tail (fewer bytes than an element) goes with them.
  return k === planes ? shuffled.length : k * n;
}

const ADLER_BASE = 65521;

/** zlib's adler32_combine: the Adler-32 of A then B from those of A and B, and B's length. */
export function combineAdler32(a: number, b: number, bLength: number): number {
  const rem = bLength % ADLER_BASE;
  let sum1 = a & 0xffff;
  let sum2 = (rem * sum1) % ADLER_BASE;
  sum1 += (b & 0xffff) + ADLER_BASE - 1;
  sum2 += ((a >>> 16) & 0xffff) + ((b >>> 16) & 0xffff) + ADLER_BASE - rem;
  if (sum1 >= ADLER_BASE) {
    sum1 -= ADLER_BASE;
  }
  if (sum1 >= ADLER_BASE) {
    sum1 -= ADLER_BASE;
  }
  if (sum2 >= 2 * ADLER_BASE) {
    sum2 -= 2 * ADLER_BASE;
  }
  if (sum2 >= ADLER_BASE) {
    sum2 -= ADLER_BASE;
  }
  return (sum1 | (sum2 << 16)) >>> 0;
}

/** `bytes` as stored blocks: a zlib stream at level 0 (one output buffer, no joining). */
export function storedStream(bytes: Uint8Array): Buffer {
  // 5 bytes of header per stored block of at most 64 KiB, plus zlib's header and trailer.
  const chunkSize = bytes.length + 5 * Math.ceil(bytes.length / 16384) + 64;
  return deflateSync(bytes, { level: 0, chunkSize });
}

/**
 * Clears the final-block bit of a stream of stored blocks (zlib level 0) so blocks can
 * follow; false if the stream is anything else (then it is not joined).
 */
function unfinalStored(z: Buffer): boolean {
  const end = z.length - 4;
  let at = 2;
  let last = false;
  while (at < end && !last) {
    const header = z[at];
    const length = z[at + 1] | (z[at + 2] << 8);
    const check = z[at + 3] | (z[at + 4] << 8);
    // BTYPE 00 (stored, so byte-aligned: the header is one byte), LEN and its complement.
    if ((header & 0b110) !== 0 || (length ^ 0xffff) !== check) {
      return false;
    }
    last = (header & 1) === 1;
    if (last) {
      z[at] = header & ~1;
    }
    at += 5 + length;
  }
  return last && at === end;
}

/**
 * One zlib stream of `stored` (a level-0 stream of A) followed by `deflated` (a complete
 * zlib stream of B, `deflatedLength` bytes uncompressed), as pieces to write one after the
 * other (no joined copy: a worker writes them with one writev): the deflated stream's
 * header, A's stored blocks, B's blocks (its final bit ends the stream), and the Adler-32
 * of A then B. Undefined if `stored` is not made of stored blocks only.
 */
export function joinStreams(
  stored: Buffer,
  deflated: Buffer,
  deflatedLength: number
): Uint8Array[] | undefined {
  if (!unfinalStored(stored)) {
    return undefined;
  }
  const adler = Buffer.allocUnsafe(4);
  adler.writeUInt32BE(
    combineAdler32(
      stored.readUInt32BE(stored.length - 4),
      deflated.readUInt32BE(deflated.length - 4),
      deflatedLength
    )
  );
  // Either header would do (its level bits are informational): keep the deflated one's.
  return [
    deflated.subarray(0, 2),
    stored.subarray(2, stored.length - 4),
    deflated.subarray(2, deflated.length - 4),
    adler
  ];
}
