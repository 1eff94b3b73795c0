/**
 * The localization rows come from the electrodes table's own per-probe values: each row points
 * at its electrodes row, probes without histology are left out with the reason.
 */
import { describe, expect, it } from 'vitest';

import type { IRegionNames } from '../../../src/convert/session/atlas';
import type { IProbeElectrodes } from '../../../src/convert/session/context';
import { localizationRows } from '../../../src/convert/interfaces/localization/localizationRows';
import type { IProbeChannels } from '../../../src/convert/interfaces/spikeSorting/probeData';

const region = (acronym: string): IRegionNames => ({
  acronym,
  name: acronym,
  beryl: `${acronym}-b`,
  cosmos: `${acronym}-c`
});

function probe(
  label: string,
  firstRow: number,
  n: number,
  histology: boolean
): [
  string,
  IProbeElectrodes['probes'] extends Map<string, infer V> ? V : never
] {
  const channels: IProbeChannels = {
    label,
    collection: `alf/${label}/pykilosort`,
    sources: new Map(),
    rawInd: Float64Array.from({ length: n }, (_, i) => i),
    localCoordinates: new Float64Array(2 * n),
    ...(histology
      ? {
          mlapdv: Float64Array.from({ length: 3 * n }, (_, i) => firstRow + i),
          atlasIds: Float64Array.from({ length: n }, (_, i) => 100 + i)
        }
      : {})
  };
  return [
    label,
    {
      firstRow,
      rawInd: channels.rawInd,
      channels,
      regions: Array.from({ length: n }, (_, i) => region(`R${i}`))
    }
  ];
}

const table = {
  ctx: {} as never,
  path: '/general/extracellular_ephys/electrodes'
};

describe('localization rows', () => {
  it('point at the electrodes rows of each probe and keep its values', () => {
    const { rows, skipped } = localizationRows({
      table,
      probes: new Map([
        probe('probe00', 0, 2, true),
        probe('probe01', 2, 3, true)
      ])
    });
    expect(skipped).toEqual([]);
    expect(rows.electrodeRows).toEqual([0, 1, 2, 3, 4]);
    expect(rows.probeNames).toEqual([
      'Probe00',
      'Probe00',
      'Probe01',
      'Probe01',
      'Probe01'
    ]);
    expect(Array.from(rows.mlapdv.subarray(6, 9))).toEqual([2, 3, 4]);
    expect(Array.from(rows.atlasIds)).toEqual([100, 101, 100, 101, 102]);
    expect(rows.regions.map(r => r.beryl)).toEqual([
      'R0-b',
      'R1-b',
      'R0-b',
      'R1-b',
      'R2-b'
    ]);
    // CCF x = 5400 - AP of the row's (ML, AP, DV)
    expect(rows.ccf[0][2]).toBe(5400 - 3);
  });

  it('leave out a probe without histology, saying which files it lacks', () => {
    const { rows, skipped } = localizationRows({
      table,
      probes: new Map([
        probe('probe00', 0, 2, false),
        probe('probe01', 2, 3, true)
      ])
    });
    expect(rows.electrodeRows).toEqual([2, 3, 4]);
    expect(rows.labels).toEqual(['probe01']);
    expect(skipped).toHaveLength(1);
    expect(skipped[0].label).toBe('probe00');
    expect(skipped[0].reason).toContain(
      'alf/probe00/pykilosort has no channels.mlapdv.npy or channels.brainLocationIds_ccf_2017.npy'
    );
  });
});
