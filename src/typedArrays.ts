/**
 * The JavaScript typed arrays that hold numeric data, shared by the ALF
 * readers (`one/`) and the NWB writer (`nwb/`).
 */

export type TypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** Typed array constructors of the Number-valued dtypes, by NWB / numpy name. */
export const NUMBER_ARRAYS = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array
};
