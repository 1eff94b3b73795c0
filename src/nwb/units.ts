/** Units: sorted spikes per unit and their metadata (`/units`). */
import { IArrayStream } from './array';
import { INwbObject } from './context';
import type { NWBFile } from './file';
import { Column } from './table';
import { writeTable } from './table';

export interface IUnitsSpec {
  description?: string;
  /**
   * Spike times (s) per unit: arrays in memory, or a stream of all spike times
   * concatenated unit by unit with the count per unit (bounded memory for 30 M spikes).
   */
  spikeTimes:
    Float64Array[] | { counts: ArrayLike<number>; values: IArrayStream };
  /** Smallest meaningful difference between spike times, in seconds. */
  spikeTimesResolution?: number;
  /** Observation intervals per unit: [start, stop] pairs in seconds. */
  obsIntervals?: [number, number][][];
  /**
   * Electrode rows per unit (ragged region into the electrodes table), and what they are
   * (with a 3-D waveform_mean, its channels in order: NWB places channel k on electrode k).
   */
  electrodes?: { table: INwbObject; rows: number[][]; description?: string };
  electrodeGroup?: INwbObject[];
  /** Mean waveform per unit, float32 [units, samples] (or [units, samples, electrodes]). */
  waveformMean?: {
    values: Float32Array;
    shape: number[];
    samplingRate: number;
  };
  columns?: Column[];
  ids?: number[];
}

export function addUnits(nwb: NWBFile, spec: IUnitsSpec): Promise<INwbObject> {
  const columns: Column[] = [];
  const resolution =
    spec.spikeTimesResolution !== undefined
      ? {
          resolution: {
            value: spec.spikeTimesResolution,
            dtype: 'float64' as const
          }
        }
      : undefined;
  const st = spec.spikeTimes;
  columns.push({
    name: 'spike_times',
    description: 'the spike times for each unit in seconds',
    attrs: resolution,
    ragged: Array.isArray(st)
      ? { rows: st, dtype: 'float64' }
      : { lengths: st.counts, values: st.values }
  });
  if (spec.obsIntervals) {
    const flat = spec.obsIntervals.flatMap(rows => rows.flat());
    columns.push({
      name: 'obs_intervals',
      description: 'the observation intervals for each unit',
      ragged: {
        lengths: spec.obsIntervals.map(r => r.length),
        values: {
          dtype: 'float64',
          tail: [2],
          slices: [Float64Array.from(flat)]
        }
      }
    });
  }
  if (spec.electrodes) {
    columns.push({
      name: 'electrodes',
      description:
        spec.electrodes.description ??
        'the electrodes that each spike unit came from',
      region: { table: spec.electrodes.table, rows: spec.electrodes.rows }
    });
  }
  if (spec.electrodeGroup) {
    columns.push({
      name: 'electrode_group',
      description: 'the electrode group that each spike unit came from',
      references: spec.electrodeGroup
    });
  }
  if (spec.waveformMean) {
    const w = spec.waveformMean;
    columns.push({
      name: 'waveform_mean',
      description: 'the spike waveform mean for each spike unit',
      values: { values: w.values, shape: w.shape },
      attrs: {
        sampling_rate: { value: w.samplingRate, dtype: 'float64' },
        unit: 'volts'
      }
    });
  }
  return writeTable(
    { ctx: nwb.ctx, path: '/' },
    {
      name: 'units',
      description: spec.description ?? 'data on spiking units',
      neurodataType: 'Units',
      namespace: 'core',
      columns: [...columns, ...(spec.columns ?? [])],
      ids: spec.ids
    }
  );
}
