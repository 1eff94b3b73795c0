/**
 * Which modalities a session can give, judged from its dataset paths alone
 * (nothing is downloaded). Mirrors the datasets each converter interface needs.
 */

export interface IModalityAvailability {
  name: string;
  title: string;
  available: boolean;
  /** The datasets that made the decision (or what is missing). */
  evidence: string;
}

interface IRule {
  name: string;
  title: string;
  /** Any of these patterns present makes the modality available. */
  anyOf: RegExp[];
  missing: string;
}

const RULES: IRule[] = [
  {
    name: 'trials',
    title: 'Trials',
    anyOf: [
      /(^|\/)_ibl_trials\.table\.pqt$/,
      /(^|\/)_ibl_trials\.intervals\.npy$/
    ],
    missing: 'no _ibl_trials table'
  },
  {
    name: 'wheel',
    title: 'Wheel',
    anyOf: [/(^|\/)_ibl_wheel\.position\.npy$/],
    missing: 'no _ibl_wheel.position'
  },
  {
    name: 'licks',
    title: 'Licks',
    anyOf: [/(^|\/)licks\.times\.npy$/],
    missing: 'no licks.times'
  },
  {
    name: 'pose',
    title: 'Pose estimation',
    anyOf: [/(^|\/)_ibl_\w+Camera\.(lightningPose|dlc)\.pqt$/],
    missing: 'no lightningPose / dlc tables'
  },
  {
    name: 'pupil',
    title: 'Pupil',
    anyOf: [/(^|\/)_ibl_\w+Camera\.features\.pqt$/],
    missing: 'no camera features'
  },
  {
    name: 'motion_energy',
    title: 'Motion energy',
    anyOf: [/(^|\/)\w+Camera\.ROIMotionEnergy\.npy$/],
    missing: 'no ROIMotionEnergy'
  },
  {
    name: 'passive',
    title: 'Passive protocol',
    anyOf: [/(^|\/)_ibl_passivePeriods\.intervalsTable\.csv$/],
    missing: 'no passive periods'
  },
  {
    name: 'raw_ephys',
    title: 'Raw ephys',
    anyOf: [/^raw_ephys_data\/.*\.ap\.cbin$/],
    missing: 'no compressed .ap.cbin'
  },
  {
    name: 'video',
    title: 'Video',
    anyOf: [/^raw_video_data\/.*\.mp4$/],
    missing: 'no raw videos'
  }
];

const SPIKES =
  /^alf\/(probe\d{2}[a-d]?)\/(?:[^/#]+\/)?(?:#[^/]+#\/)?spikes\.times\.npy$/;

/** Availability of every modality, with one line per probe for spike sorting. */
export function modalityAvailability(
  relPaths: string[]
): IModalityAvailability[] {
  const result = RULES.map(rule => {
    const hit = relPaths.find(p => rule.anyOf.some(re => re.test(p)));
    return {
      name: rule.name,
      title: rule.title,
      available: hit !== undefined,
      evidence: hit ?? rule.missing
    };
  });
  const probes = new Map<string, string>();
  for (const path of relPaths) {
    const match = SPIKES.exec(path);
    if (match && !probes.has(match[1])) {
      probes.set(match[1], path);
    }
  }
  if (probes.size === 0) {
    result.push({
      name: 'spikes',
      title: 'Spike sorting',
      available: false,
      evidence: 'no spikes.times'
    });
  }
  for (const [probe, path] of [...probes].sort()) {
    result.push({
      name: `spikes:${probe}`,
      title: `Spike sorting ${probe}`,
      available: true,
      evidence: path
    });
  }
  return result;
}
