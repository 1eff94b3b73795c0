/**
 * h5wasm (0.10) reads an object-reference member of a compound type as `[]`:
 * it sizes a reference array by the member's `total_size`, which only a
 * dataset's own metadata carries. NWB icephys tables store their
 * (idx_start, count, timeseries) columns this way, so every row would lose
 * the series it points at. Giving each reference member a `total_size` of 1
 * (one reference per row) before reading makes h5wasm return it as
 * `[Reference]`; `unwrapCompoundReferences` then puts the single value back
 * in the row.
 */
interface IMemberMetadata {
  type: number;
  total_size?: number;
  compound_type?: { members: IMemberMetadata[] };
}

/** HDF5's H5T_REFERENCE class number. */
const H5T_REFERENCE = 7;

/**
 * Patch (in place) the cached metadata of a dataset about to be read; returns
 * the indices of the compound's reference members ([] when none).
 */
export function countCompoundReferences(metadata: unknown): number[] {
  const members = (metadata as IMemberMetadata | null)?.compound_type?.members;
  if (!members) {
    return [];
  }
  const references: number[] = [];
  members.forEach((member, i) => {
    if (member.type === H5T_REFERENCE) {
      member.total_size ??= 1;
      references.push(i);
    }
  });
  return references;
}

/** Rows as h5wasm returns them, with each reference member's `[value]` unwrapped. */
export function unwrapCompoundReferences(
  rows: unknown,
  members: number[]
): unknown {
  if (!members.length || !Array.isArray(rows)) {
    return rows;
  }
  const unwrapRow = (row: unknown): unknown =>
    Array.isArray(row)
      ? row.map((value, i) =>
          members.includes(i) && Array.isArray(value) && value.length === 1
            ? value[0]
            : value
        )
      : row;
  // A scalar compound dataset reads as one row, a 1-D one as a list of rows.
  return rows.length && !Array.isArray(rows[0])
    ? unwrapRow(rows)
    : rows.map(unwrapRow);
}
