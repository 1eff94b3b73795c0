/**
 * Independent recomputation of Allen CCF v3 coordinates from IBL bregma coordinates, written
 * from iblatlas' definition and not from interfaces/electrodes.ts. iblatlas'
 * `AllenAtlas.xyz2ccf(xyz, ccf_order='apdvml')` takes the volume index of a point as
 * `(xyz - xyz0) / dxyz`, with `dxyz = res · (1, -1, -1)` along (ML, AP, DV) and the volume
 * origin `xyz0 = -ibregma · dxyz`, `ibregma = ALLEN_CCF_LANDMARKS_MLAPDV_UM['bregma'] / res`;
 * CCF micrometres are that index times `res`, reordered from (ML, AP, DV) to (AP, DV, ML).
 * In micrometres that is `sign · xyz + bregma` per axis, computed in that form so the
 * values are exact (iblatlas' metres would round in the last bit).
 */
import { Recomputed } from '../expected';

/** iblatlas `ALLEN_CCF_LANDMARKS_MLAPDV_UM['bregma']`: bregma in the volume, (ML, AP, DV) µm. */
const BREGMA_MLAPDV_UM = [5739, 5400, 332];
/** Signs of iblatlas' AllenAtlas `dxyz` along (ML, AP, DV): AP and DV run against the volume. */
const AXIS_SIGN = [1, -1, -1];
/** iblatlas `_ccf_order('apdvml')`: the (ML, AP, DV) axis of each CCF (AP, DV, ML) axis. */
const APDVML = [1, 2, 0];
const CCF_AXES = ['AP', 'DV', 'ML'];

/**
 * The CCF (x = AP, y = DV, z = ML) µm columns of channels whose IBL coordinates `mlapdv`
 * are rows of (ML, AP, DV) µm from bregma.
 */
export function recomputeCcfColumns(mlapdv: ArrayLike<number>): Recomputed[] {
  const n = Math.floor(mlapdv.length / 3);
  return APDVML.map((axis, k) => {
    const column = new Float64Array(n);
    for (let row = 0; row < n; row++) {
      column[row] =
        AXIS_SIGN[axis] * mlapdv[3 * row + axis] + BREGMA_MLAPDV_UM[axis];
    }
    return new Recomputed(
      `CCF ${CCF_AXES[k]} µm from IBL bregma (ML, AP, DV) µm as iblatlas AllenAtlas.xyz2ccf(ccf_order='apdvml') defines it`,
      column
    );
  });
}
