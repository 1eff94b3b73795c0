import { describe, expect, it } from 'vitest';

import { trajectory } from '../../../src/viewer/behavior/trajectory';
import { toNumbers } from '../../../src/viewer/images/contrast';
import { openSample } from './openSample';
import { pythonJson } from './pyFixture';
import { sample } from './samples';

const POSE = sample(
  'ndx-pose/src/pynwb/tests/back_compat/0.3.0_poseestimation_two_cameras.nwb'
);

describe('trajectory', () => {
  it('keeps x and y of the same sample together when thinning, and drops lost tracking', () => {
    // 6 samples × 3 columns (x, y, z); sample 2 lost.
    const values = [
      0,
      10,
      99,
      1,
      11,
      99,
      NaN,
      12,
      99,
      3,
      13,
      99,
      4,
      14,
      99,
      5,
      15,
      99
    ];
    expect(trajectory(values, 6, 3, 100)).toEqual({
      x: [0, 1, 3, 4, 5],
      y: [10, 11, 13, 14, 15],
      index: [0, 1, 3, 4, 5]
    });
    const thin = trajectory(values, 6, 3, 3);
    expect(thin.index).toEqual([0, 4]);
    expect(thin.y.map((y, i) => y - thin.x[i])).toEqual([10, 10]);
  });

  it('match a pose keypoint read by h5py', async () => {
    const path = '/processing/behavior/PoseEstimation/front_left_paw/data';
    const expected = pythonJson<number[][]>(`
import h5py, json, numpy as np
d = h5py.File(${JSON.stringify(POSE)}, "r")["${path}"][:, :2]
print(json.dumps([r.tolist() for r in d if np.isfinite(r).all()]))`);
    const { source, close } = await openSample(POSE);
    try {
      const info = await source.info(path);
      const [rows, cols] = info.shape!;
      const values = toNumbers(await source.read(path));
      const path2 = trajectory(values, rows, cols, 1e9);
      expect(path2.x.map((x, i) => [x, path2.y[i]])).toEqual(expected);
    } finally {
      close();
    }
  });
});
