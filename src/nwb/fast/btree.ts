/**
 * HDF5 version-1 B-tree ("TREE", node type 1) indexing the chunks of a dataset, as HDF5
 * writes it for files whose low format bound is "earliest" (superblock 0, layout message 3).
 * Used to index chunks that were compressed outside HDF5 (see README, "Parallel deflate").
 * Layout (HDF5 file format spec, "Version 1 B-trees"): header, then keys and child
 * addresses interleaved; a node always occupies the size of a full node of 2K entries.
 */

/** HDF5's default K for chunk B-trees when the superblock (version 0) does not store it. */
export const CHUNK_BTREE_K = 32;
const UNDEF = 0xffffffffffffffffn;
const HEADER_BYTES = 24;

export interface IChunkRecord {
  /** Offset of the chunk in dataset elements, one per data dimension. */
  offset: number[];
  /** Stored (compressed) size in bytes. */
  size: number;
  /** File address of the stored bytes. */
  address: bigint;
}

interface IKey {
  size: number;
  offset: bigint[];
}

export function nodeBytes(dims: number, k: number = CHUNK_BTREE_K): number {
  const keyBytes = 8 + 8 * (dims + 1);
  return HEADER_BYTES + 2 * k * 8 + (2 * k + 1) * keyBytes;
}

/**
 * Builds all nodes of the B-tree, laid out from `base` on; returns the bytes and the root
 * address. `chunkDims` are the chunk dimensions in elements, `itemBytes` the element size
 * (HDF5 adds it as a last "dimension" to every key). Chunks must be sorted by offset.
 */
export function buildChunkBTree(
  chunks: IChunkRecord[],
  chunkDims: number[],
  itemBytes: number,
  base: bigint,
  k: number = CHUNK_BTREE_K
): { bytes: Uint8Array; root: bigint } {
  if (chunks.length === 0) {
    throw new RangeError('a chunk B-tree needs at least one chunk');
  }
  const dims = chunkDims.length;
  const size = nodeBytes(dims, k);
  const keyOf = (c: IChunkRecord): IKey => ({
    size: c.size,
    offset: [...c.offset.map(BigInt), 0n]
  });
  const last = chunks[chunks.length - 1];
  // The key after the last chunk: one chunk further in every dimension, as HDF5 writes it.
  const endKey: IKey = {
    size: 0,
    offset: [
      ...last.offset.map((o, i) => BigInt(o + chunkDims[i])),
      BigInt(itemBytes)
    ]
  };
  const nodes: Uint8Array[] = [];
  let level = 0;
  let children = chunks.map(c => ({ key: keyOf(c), address: c.address }));
  for (;;) {
    const count = Math.ceil(children.length / (2 * k));
    const first = base + BigInt(nodes.length * size);
    const parents: { key: IKey; address: bigint }[] = [];
    for (let n = 0; n < count; n++) {
      const part = children.slice(n * 2 * k, (n + 1) * 2 * k);
      const right = n + 1 < count ? children[(n + 1) * 2 * k].key : endKey;
      const address = first + BigInt(n * size);
      const left = n > 0 ? address - BigInt(size) : UNDEF;
      const next = n + 1 < count ? address + BigInt(size) : UNDEF;
      nodes.push(encodeNode(size, level, part, right, left, next));
      parents.push({ key: part[0].key, address });
    }
    if (count === 1) {
      break;
    }
    children = parents;
    level++;
  }
  const bytes = new Uint8Array(nodes.length * size);
  nodes.forEach((node, i) => bytes.set(node, i * size));
  return { bytes, root: base + BigInt((nodes.length - 1) * size) };
}

function encodeNode(
  size: number,
  level: number,
  children: { key: IKey; address: bigint }[],
  rightKey: IKey,
  leftSibling: bigint,
  rightSibling: bigint
): Uint8Array {
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set([0x54, 0x52, 0x45, 0x45], 0); // "TREE"
  out[4] = 1; // raw data chunks
  out[5] = level;
  view.setUint16(6, children.length, true);
  view.setBigUint64(8, leftSibling, true);
  view.setBigUint64(16, rightSibling, true);
  let at = HEADER_BYTES;
  const putKey = (key: IKey): void => {
    view.setUint32(at, key.size, true);
    view.setUint32(at + 4, 0, true); // filter mask: every filter was applied
    at += 8;
    for (const o of key.offset) {
      view.setBigUint64(at, o, true);
      at += 8;
    }
  };
  for (const child of children) {
    putKey(child.key);
    view.setBigUint64(at, child.address, true);
    at += 8;
  }
  putKey(rightKey);
  return out;
}
