/** Size presets: tiny for tests and the demo, small for manual checks, bench for benchmarks. */
import { CameraView } from './video';

export interface ISizePreset {
  taskSeconds: number;
  passiveSeconds: number;
  probes: number;
  clustersPerProbe: number;
  rawSamples: number; // AP samples in the raw excerpt per probe
  /**
   * LF samples in the raw excerpt per probe (2.5 kHz): more than the 384 channels, or the
   * NWB Inspector reads the series as transposed (time must be the longest dimension).
   */
  lfSamples: number;
  rawChunkSeconds: number;
  poseCameras: CameraView[]; // cameras that get a pose table (others: times, pupil, motion energy)
}

export const SIZES: Record<'tiny' | 'small' | 'bench', ISizePreset> = {
  // a few MB per session: every modality present, ~15 trials
  tiny: {
    taskSeconds: 45,
    passiveSeconds: 15,
    probes: 2,
    clustersPerProbe: 24,
    rawSamples: 600,
    lfSamples: 480,
    rawChunkSeconds: 0.01,
    poseCameras: ['left', 'body']
  },
  small: {
    taskSeconds: 600,
    passiveSeconds: 180,
    probes: 2,
    clustersPerProbe: 120,
    rawSamples: 30000,
    lfSamples: 2500,
    rawChunkSeconds: 1,
    poseCameras: ['left', 'right', 'body']
  },
  // one hour, 2 probes × 560 clusters at ~6 Hz ≈ 24 M spikes
  bench: {
    taskSeconds: 2700,
    passiveSeconds: 900,
    probes: 2,
    clustersPerProbe: 560,
    rawSamples: 60000,
    lfSamples: 5000,
    rawChunkSeconds: 1,
    poseCameras: ['left', 'right', 'body']
  }
};

export type SizeName = keyof typeof SIZES;
