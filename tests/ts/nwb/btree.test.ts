import { describe, expect, it } from 'vitest';
import { buildChunkBTree, nodeBytes } from '../../../src/nwb/fast/btree';
import { shuffleDeflatePipeline } from '../../../src/nwb/fast/patch';

function chunks(
  n: number,
  rows: number
): { offset: number[]; size: number; address: bigint }[] {
  return Array.from({ length: n }, (_, i) => ({
    offset: [i * rows, 0],
    size: 100 + i,
    address: BigInt(4096 + i * 1000)
  }));
}

function node(bytes: Uint8Array, at: number) {
  const v = new DataView(bytes.buffer, bytes.byteOffset + at);
  return {
    signature: String.fromCharCode(...bytes.subarray(at, at + 4)),
    type: bytes[at + 4],
    level: bytes[at + 5],
    entries: v.getUint16(6, true),
    /** Key i: [size, offset0, offset1, elementOffset] for 2-D data. */
    key: (i: number) => {
      const k = 24 + i * (32 + 8);
      return [
        v.getUint32(k, true),
        Number(v.getBigUint64(k + 8, true)),
        Number(v.getBigUint64(k + 16, true)),
        Number(v.getBigUint64(k + 24, true))
      ];
    },
    child: (i: number) => v.getBigUint64(24 + i * 40 + 32, true)
  };
}

describe('chunk B-tree (HDF5 v1, node type 1)', () => {
  it('fits up to 64 chunks in one leaf that is the root', () => {
    const size = nodeBytes(2);
    expect(size).toBe(24 + 64 * 8 + 65 * 32);
    const { bytes, root } = buildChunkBTree(chunks(3, 10), [10, 4], 2, 8192n);
    expect(bytes.length).toBe(size);
    expect(root).toBe(8192n);
    const leaf = node(bytes, 0);
    expect([leaf.signature, leaf.type, leaf.level, leaf.entries]).toEqual([
      'TREE',
      1,
      0,
      3
    ]);
    expect(leaf.key(1)).toEqual([101, 10, 0, 0]);
    expect(leaf.child(2)).toBe(4096n + 2000n);
    // The closing key lies one chunk beyond the last in every dimension.
    expect(leaf.key(3).slice(1)).toEqual([30, 4, 2]);
  });

  it('adds a level above 64 chunks, keyed by each child’s first chunk', () => {
    const size = nodeBytes(2);
    const { bytes, root } = buildChunkBTree(chunks(150, 10), [10, 4], 2, 0n);
    expect(bytes.length).toBe(4 * size); // 3 leaves + root
    expect(root).toBe(BigInt(3 * size));
    const top = node(bytes, 3 * size);
    expect([top.level, top.entries]).toEqual([1, 3]);
    expect([0, 1, 2].map(i => top.child(i))).toEqual([
      0n,
      BigInt(size),
      BigInt(2 * size)
    ]);
    expect([0, 1, 2].map(i => top.key(i)[1])).toEqual([0, 640, 1280]);
    expect(top.key(3).slice(1)).toEqual([1500, 4, 2]);
    expect(node(bytes, 2 * size).entries).toBe(150 - 128);
  });

  it('refuses an empty chunk list', () => {
    expect(() => buildChunkBTree([], [10], 8, 0n)).toThrow(RangeError);
  });
});

describe('shuffle + deflate pipeline message', () => {
  it('encodes version 2 with both filters in the space of the old message', () => {
    const msg = shuffleDeflatePipeline(32, 2, 4);
    const v = new DataView(msg.buffer);
    expect([msg[0], msg[1]]).toEqual([2, 2]);
    expect([v.getUint16(2, true), v.getUint32(8, true)]).toEqual([2, 2]); // shuffle, item size
    expect([v.getUint16(12, true), v.getUint32(18, true)]).toEqual([1, 4]); // deflate, level
    expect(() => shuffleDeflatePipeline(16, 2, 4)).toThrow(/too small/);
  });
});
