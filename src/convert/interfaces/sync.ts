/**
 * The session's NIDQ sync channels → `/acquisition/Events<Device>` (ndx-events
 * LabeledEvents: each front's time, and whether it rose or fell), as the
 * release writes them.
 *
 * Source: IBL's own extraction of the NIDQ digital fronts,
 * `raw_ephys_data/_spikeglx_sync.{times,polarities,channels}.npy` (already in
 * the session clock: the NIDQ board is the master clock), with the lines named
 * by `*.nidq.wiring.json` (`SYNC_WIRING_DIGITAL`: `P0.x` → device; line x is
 * sync channel x), else by ibllib's default 3B map (with a report note). These are the fronts every IBL extractor (trials, cameras,
 * wheel, probe alignment) used; decoding `nidq.cbin` again would need the
 * compressed NIDQ file (hundreds of MB) for the same fronts. The analog lines
 * (`SYNC_WIRING_ANALOG`, the release's TimeSeriesBpod) are not written.
 */
import { writeLabeledEvents } from '../../nwb/events';
import {
  InterfaceSkipped,
  noRowsReason,
  type IArrayCheck,
  type IDatasetNeed
} from '../modality';
import { addNote, type ISessionInterface } from '../session/context';
import { DatasetContentError, DatasetRowError } from '../session/errors';
import {
  describedWithMeanings,
  EXCLUDED_DEVICES,
  syncDevice
} from './syncDevices';

const RAW = 'raw_ephys_data';
const TIMES = '_spikeglx_sync.times.npy';
const POLARITIES = '_spikeglx_sync.polarities.npy';
const CHANNELS = '_spikeglx_sync.channels.npy';
const WIRING = '*.nidq.wiring.json';

const NEEDS: IDatasetNeed[] = [
  { name: TIMES, collection: RAW },
  { name: POLARITIES, collection: RAW },
  { name: CHANNELS, collection: RAW },
  { name: WIRING, collection: RAW, optional: true }
];

/**
 * ibllib's default map of a 3B NIDQ's digital lines (`ephys_fpga.CHMAPS['3B']['nidq']`),
 * which IBL's extractors use when a session has no wiring file.
 */
const DEFAULT_3B_DIGITAL: Record<string, string> = {
  'P0.0': 'left_camera',
  'P0.1': 'right_camera',
  'P0.2': 'body_camera',
  'P0.3': 'imec_sync',
  'P0.4': 'frame2ttl',
  'P0.5': 'rotary_encoder_0',
  'P0.6': 'rotary_encoder_1',
  'P0.7': 'audio'
};

interface IWiredLine {
  pin: string;
  channel: number;
  device: string;
}

/** The digital lines of the wiring file, by sync channel (`P0.3` → 3). */
export function digitalLines(text: string, source: string): IWiredLine[] {
  let wiring: unknown;
  try {
    wiring = JSON.parse(text);
  } catch (error) {
    throw new DatasetContentError(
      source,
      `is not valid JSON (${(error as Error).message})`
    );
  }
  const digital = (wiring as { SYNC_WIRING_DIGITAL?: unknown })
    ?.SYNC_WIRING_DIGITAL;
  if (typeof digital !== 'object' || digital === null) {
    throw new DatasetContentError(
      source,
      'has no SYNC_WIRING_DIGITAL object (pin → device)'
    );
  }
  return Object.entries(digital as Record<string, unknown>)
    .map(([pin, device]) => {
      const m = /^P0\.([0-7])$/.exec(pin);
      if (!m || typeof device !== 'string' || device === '') {
        throw new DatasetContentError(
          source,
          `SYNC_WIRING_DIGITAL maps ${JSON.stringify(pin)} to ${JSON.stringify(device)}; expected NIDQ pins P0.0 … P0.7, each to a device name`
        );
      }
      return { pin, channel: Number(m[1]), device };
    })
    .sort((a, b) => a.channel - b.channel);
}

/** Check the three parallel arrays: same length, finite ascending times, ±1 polarities, integer channels. */
function checkFronts(
  times: Float64Array,
  polarities: Float64Array,
  channels: Float64Array,
  paths: { times: string; polarities: string; channels: string }
): void {
  for (const [values, path] of [
    [polarities, paths.polarities],
    [channels, paths.channels]
  ] as const) {
    if (values.length !== times.length) {
      throw new DatasetContentError(
        path,
        `has ${values.length} rows but ${paths.times} has ${times.length}`
      );
    }
  }
  for (let i = 0; i < times.length; i++) {
    if (!Number.isFinite(times[i])) {
      throw new DatasetRowError(paths.times, i, `row ${i} is not finite`);
    }
    if (i > 0 && times[i] < times[i - 1]) {
      throw new DatasetRowError(
        paths.times,
        i,
        `row ${i} (${times[i]} s) is earlier than the row before (${times[i - 1]} s): the fronts must be in time order`
      );
    }
    if (polarities[i] !== 1 && polarities[i] !== -1) {
      throw new DatasetRowError(
        paths.polarities,
        i,
        `row ${i} is ${polarities[i]}; a front's polarity is 1 (rising) or -1 (falling)`
      );
    }
    if (!Number.isInteger(channels[i]) || channels[i] < 0) {
      throw new DatasetRowError(
        paths.channels,
        i,
        `row ${i} is ${channels[i]}, not a sync channel number`
      );
    }
  }
}

export const syncInterface: ISessionInterface = {
  name: 'sync',
  title: 'NIDQ sync channels (labelled events)',
  kind: 'raw',
  datasets: () => NEEDS,
  availability: ctx => ctx.data.index.availability(NEEDS),
  async write(ctx, progress) {
    const [wiringFile] = ctx.data.index.glob(RAW, WIRING);
    const wiring = wiringFile
      ? {
          text: await ctx.data.text(RAW, wiringFile.name),
          source: wiringFile.relPath
        }
      : {
          text: JSON.stringify({ SYNC_WIRING_DIGITAL: DEFAULT_3B_DIGITAL }),
          source: "ibllib's default 3B NIDQ map"
        };
    if (!wiringFile) {
      addNote(
        ctx,
        'sync',
        `the session has no ${RAW}/${WIRING}: the sync lines are named with ibllib's default 3B NIDQ map (P0.0 left_camera … P0.7 audio), as IBL's extractors do`
      );
    }
    const lines = digitalLines(wiring.text, wiring.source);
    const times = await ctx.data.numbers(RAW, TIMES);
    const polarities = await ctx.data.numbers(RAW, POLARITIES);
    const channels = await ctx.data.numbers(RAW, CHANNELS);
    const paths = {
      times: ctx.data.dataset(RAW, TIMES).relPath,
      polarities: ctx.data.dataset(RAW, POLARITIES).relPath,
      channels: ctx.data.dataset(RAW, CHANNELS).relPath
    };
    if (times.length === 0) {
      throw new InterfaceSkipped(noRowsReason(paths.times));
    }
    checkFronts(times, polarities, channels, paths);
    const checks: IArrayCheck[] = [];
    const wanted = lines.filter(l => !EXCLUDED_DEVICES.has(l.device));
    for (const [k, line] of wanted.entries()) {
      const rows: number[] = [];
      for (let i = 0; i < channels.length; i++) {
        if (channels[i] === line.channel) {
          rows.push(i);
        }
      }
      const device = syncDevice(line.device, line.pin);
      if (rows.length === 0) {
        // Never an empty series (contract 6): say which wired line stayed silent.
        addNote(
          ctx,
          'sync',
          `${line.pin} (${line.device}) has no fronts in ${paths.times}: ${device.name} not written`
        );
        continue;
      }
      const stamps = Float64Array.from(rows, i => times[i]);
      const labels = Uint8Array.from(rows, i => (polarities[i] > 0 ? 1 : 0));
      await writeLabeledEvents(ctx.nwb.acquisition, {
        name: device.name,
        description: describedWithMeanings(device),
        timestamps: stamps,
        data: labels,
        labels: [...device.labels]
      });
      const target = `/acquisition/${device.name}`;
      const rowsOf = `the rows of sync channel ${line.channel} (${line.pin}, ${line.device} in ${wiring.source})`;
      checks.push(
        ctx.ledger.expect(paths.times, `${target}/timestamps`, stamps, rowsOf),
        ctx.ledger.expect(
          paths.polarities,
          `${target}/data`,
          labels,
          `${rowsOf}; polarity -1 → 0 (${device.labels[0]}), +1 → 1 (${device.labels[1]})`
        )
      );
      progress((k + 1) / wanted.length);
    }
    if (checks.length === 0) {
      throw new InterfaceSkipped(
        `${paths.times} has no fronts on the wired digital lines (${lines.map(l => l.pin).join(', ')})`
      );
    }
    progress(1);
    return checks;
  }
};
