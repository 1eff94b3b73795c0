import { describe, expect, it } from 'vitest';

import type { IProbeSorting } from '../../../src/convert/interfaces/spikeSorting/probeData';
import {
  checkWaveforms,
  waveformPlacement
} from '../../../src/convert/interfaces/spikeSorting/waveformChannels';

/** A probe of 4 channels and 2 clusters with waveforms of 3 samples on 2 channels. */
function probe(
  channels: number[] | null,
  shape = [2, 2],
  waveformRows = 2
): IProbeSorting {
  return {
    label: 'probe00',
    collection: 'alf/probe00/pykilosort',
    sources: new Map(),
    rawInd: Float64Array.from([0, 1, 2, 3]),
    localCoordinates: new Float64Array(8),
    clusterChannels: Float64Array.from([0, 2]),
    spikes: {} as IProbeSorting['spikes'],
    waveforms: {
      values: new Float32Array(waveformRows * 3 * 2),
      shape: [waveformRows, 3, 2]
    },
    ...(channels
      ? { waveformChannels: { values: Float64Array.from(channels), shape } }
      : {})
  };
}

describe('clusters.waveformsChannels', () => {
  it('accepts one probe channel per waveform channel', () => {
    expect(() => checkWaveforms(probe([0, 1, 2, 3]))).not.toThrow();
    expect(waveformPlacement([probe([0, 1, 2, 3])])).toEqual({ placed: true });
  });

  it('fails naming the file on a shape unlike the waveforms', () => {
    expect(() => checkWaveforms(probe([0, 1, 2], [1, 3]))).toThrow(
      /clusters\.waveformsChannels\.npy: has shape \(1, 3\) but clusters\.waveforms has \(2, 3, 2\)/
    );
  });

  it('fails on a channel listed twice for one cluster', () => {
    expect(() => checkWaveforms(probe([0, 1, 2, 2]))).toThrow(
      /cluster 1 lists channel 2 twice/
    );
  });

  it('fails on a non-integer channel', () => {
    expect(() => checkWaveforms(probe([0, 1.5, 2, 3]))).toThrow(
      /cluster 0 lists channel 1.5 for waveform channel 1/
    );
  });

  it('fails when the waveforms do not have one row per cluster', () => {
    expect(() => checkWaveforms(probe(null, [2, 2], 1))).toThrow(
      /clusters\.waveforms\.npy: has 1 rows but clusters\.channels has 2/
    );
  });

  it('does not place waveforms without their channels, and says why', () => {
    const placement = waveformPlacement([probe([0, 1, 2, 3]), probe(null)]);
    expect(placement.placed).toBe(false);
    expect('reason' in placement && placement.reason).toContain(
      'has no clusters.waveformsChannels.npy'
    );
  });
});
