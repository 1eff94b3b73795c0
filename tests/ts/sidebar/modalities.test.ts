import { describe, expect, it } from 'vitest';

import { modalityAvailability } from '../../../src/sidebar/modalities';

const byName = (paths: string[]) =>
  Object.fromEntries(modalityAvailability(paths).map(m => [m.name, m]));

describe('modalityAvailability', () => {
  it('recognises each modality from its ALF datasets', () => {
    const m = byName([
      'alf/_ibl_trials.table.pqt',
      'alf/_ibl_wheel.position.npy',
      'alf/licks.times.npy',
      'alf/_ibl_leftCamera.lightningPose.pqt',
      'alf/_ibl_leftCamera.features.pqt',
      'alf/leftCamera.ROIMotionEnergy.npy',
      'alf/_ibl_passivePeriods.intervalsTable.csv',
      'raw_ephys_data/probe00/_spikeglx_ephysData_g0_t0.imec0.ap.cbin',
      'raw_video_data/_iblrig_leftCamera.raw.mp4',
      'alf/probe00/pykilosort/spikes.times.npy',
      'alf/probe01/pykilosort/#2024-05-06#/spikes.times.npy'
    ]);
    for (const name of [
      'trials',
      'wheel',
      'licks',
      'pose',
      'pupil',
      'motion_energy',
      'passive',
      'raw_ephys',
      'video',
      'spikes:probe00',
      'spikes:probe01'
    ]) {
      expect(m[name]?.available, name).toBe(true);
    }
    expect(m['spikes']).toBeUndefined();
  });

  it('accepts the legacy per-attribute trials and says what is missing', () => {
    const m = byName(['alf/_ibl_trials.intervals.npy']);
    expect(m.trials.available).toBe(true);
    expect(m.wheel).toMatchObject({
      available: false,
      evidence: 'no _ibl_wheel.position'
    });
    expect(m.spikes).toMatchObject({
      available: false,
      evidence: 'no spikes.times'
    });
  });

  it('does not take look-alike names for the real datasets', () => {
    const m = byName([
      'alf/_ibl_trials.table.pqt.bak',
      'alf/probe00/spikes.times.npy.part',
      'alf/wheel.position.npy'
    ]);
    expect(m.trials.available).toBe(false);
    expect(m.wheel.available).toBe(false);
    expect(m.spikes.available).toBe(false);
  });
});
