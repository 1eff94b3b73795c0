/**
 * What a written dataset must hold, as interfaces hand it to the fidelity ledger: the values
 * (whole, or in parts written one after the other), their shape and dtype, and whether they
 * come from an independent recomputation (see `recomputed`).
 */
import type { Values } from './compare';
import { dtypeOfValues } from './dtypes';

/** Values with their layout: `shape` defaults to one dimension, `dtype` to the array's own. */
export interface IShapedValues {
  values?: ArrayLike<number> | string[];
  parts?: ArrayLike<number>[];
  /** Shape the stored dataset must have, e.g. [frames, 2]; default [number of values]. */
  shape?: number[];
  /**
   * The source's dtype when the values were widened on reading (a float32 `.npy` read as
   * float64): a float32 dataset then holds them exactly and is not a narrowing.
   */
  dtype?: string;
}

/**
 * Values recomputed from the source by code written from IBL's definition apart from the
 * transform that produced the written ones (src/convert/fidelity/independent/). Only these
 * make a check `derived-independent`; the class is the proof, a name alone is not.
 */
export class Recomputed {
  constructor(
    /** What was recomputed and from which definition, e.g. "block_type from probabilityLeft (IBL: 0.2/0.5/0.8)". */
    readonly name: string,
    readonly expected: ArrayLike<number> | string[] | IShapedValues
  ) {}
}

export type Expected =
  ArrayLike<number> | string[] | IShapedValues | Recomputed;

/** The plain description of `expected`: parts, shape, dtype, and the recomputation if any. */
export interface IResolved {
  parts: Values[];
  shape: number[];
  dtype: string;
  recomputation?: string;
}

function isShaped(e: unknown): e is IShapedValues {
  return (
    typeof e === 'object' &&
    e !== null &&
    !ArrayBuffer.isView(e) &&
    !Array.isArray(e) &&
    ('values' in e || 'parts' in e)
  );
}

export function resolveExpected(expected: Expected): IResolved {
  const recomputation =
    expected instanceof Recomputed ? expected.name : undefined;
  const plain = expected instanceof Recomputed ? expected.expected : expected;
  const shaped: IShapedValues = isShaped(plain)
    ? plain
    : { values: plain as ArrayLike<number> | string[] };
  const parts: Values[] = shaped.parts ?? [shaped.values ?? []];
  const length = parts.reduce((n, p) => n + p.length, 0);
  return {
    parts,
    shape: shaped.shape ?? [length],
    dtype: shaped.dtype ?? dtypeOfValues(parts),
    ...(recomputation ? { recomputation } : {})
  };
}
