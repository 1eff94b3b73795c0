/**
 * Raw AP-band ephys per probe → `/acquisition/ElectricalSeriesProbe00AP`:
 * the mtscomp `.cbin` is decoded chunk by chunk straight into a chunked int16
 * ElectricalSeries (no decompressed `.bin` on disk, one chunk in memory), its
 * channels ordered like the probe's electrodes rows, volts per step in
 * `channel_conversion`, and timing aligned to the session clock when the
 * session has the probe's sync points. Checked by a digest of every sample.
 */
import { readFile } from 'node:fs/promises';

import { writeElectricalSeries } from '../../nwb/ecephys';
import { CbinFile } from '../../one/node/mtscompFile';
import { parseSpikeGlxMeta } from '../../one/spikeglx';
import type { IArrayCheck, IDatasetNeed } from '../modality';
import type {
  ISessionContext,
  ISessionInterface,
  ISessionPlan
} from '../session/context';
import { SampleDigest } from '../fidelity/digest';
import { probeName } from './spikeSorting/electrodes';
import { interpolateTimes, RawTiming, rawTiming } from './rawAlignment';

interface IRawProbe {
  label: string;
  collection: string;
  cbin: string;
}

function rawProbes(ctx: ISessionPlan): IRawProbe[] {
  return ctx.data.index.glob('raw_ephys_data/probe*', '*.ap.cbin').map(d => ({
    label: d.collection.split('/')[1],
    collection: d.collection,
    cbin: d.name
  }));
}

/** (sample, session seconds) alignment points: `*.timestamps.npy`, else `*.sync.npy` (probe s, session s). */
async function alignmentPoints(
  ctx: ISessionContext,
  probe: IRawProbe,
  fs: number
): Promise<{
  samples: Float64Array;
  seconds: Float64Array;
  source: string | null;
}> {
  for (const [pattern, scale] of [
    ['*.timestamps.npy', 1],
    ['*.sync.npy', fs]
  ] as const) {
    const [found] = ctx.data.index.glob(probe.collection, pattern);
    if (found) {
      const { data, shape } = await ctx.data.array(
        probe.collection,
        found.name
      );
      if (shape.length !== 2 || shape[1] !== 2) {
        throw new Error(
          `${found.relPath} must be an (n, 2) array of (sample, seconds) pairs, not shape (${shape.join(', ')})`
        );
      }
      const n = shape[0];
      const samples = new Float64Array(n);
      const seconds = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        samples[i] = Number(data[2 * i]) * scale;
        seconds[i] = Number(data[2 * i + 1]);
      }
      return { samples, seconds, source: found.relPath };
    }
  }
  return {
    samples: new Float64Array(0),
    seconds: new Float64Array(0),
    source: null
  };
}

/** Decoded chunks with the channels picked (and ordered) like the electrodes rows. */
async function* pickedChannels(
  file: CbinFile,
  channels: number[],
  digest: SampleDigest,
  onRows: (rows: number) => void,
  signal: AbortSignal
): AsyncGenerator<Int16Array> {
  const n = file.header.nChannels;
  for await (const chunk of file.chunks()) {
    signal.throwIfAborted();
    const rows = chunk.stop - chunk.start;
    const out = new Int16Array(rows * channels.length);
    const data = chunk.data;
    for (let r = 0; r < rows; r++) {
      const from = r * n;
      const to = r * channels.length;
      for (let c = 0; c < channels.length; c++) {
        out[to + c] = data[from + channels[c]];
      }
    }
    digest.update(out);
    onRows(chunk.stop);
    yield out;
  }
}

const TIMESTAMP_SLICE = 1 << 20;

/** Per-sample session times, streamed in slices so memory stays bounded. */
function timestampStream(
  samples: Float64Array,
  seconds: Float64Array,
  nSamples: number
) {
  function* slices() {
    for (let from = 0; from < nSamples; from += TIMESTAMP_SLICE) {
      yield interpolateTimes(
        samples,
        seconds,
        from,
        Math.min(nSamples, from + TIMESTAMP_SLICE)
      );
    }
  }
  return {
    dtype: 'float64' as const,
    tail: [],
    rows: nSamples,
    slices: slices()
  };
}

function timingDescription(timing: RawTiming, source: string | null): string {
  if (timing.kind === 'timestamps') {
    return `Timestamps interpolated per sample from ${source} (the probe clock drifts non-linearly).`;
  }
  return timing.aligned
    ? `Probe clock aligned to the session clock with ${source} (linear to ${(timing.maxResidual * 1e6).toFixed(2)} µs).`
    : 'Probe clock, NOT aligned to the session clock: the session has no sync points for this probe.';
}

export const rawEphysInterface: ISessionInterface = {
  name: 'raw_ephys',
  title: 'Raw ephys (AP band, streamed from mtscomp)',
  kind: 'raw',
  datasets(ctx): IDatasetNeed[] {
    return rawProbes(ctx).flatMap(p => [
      { name: '*.ap.cbin', collection: p.collection },
      { name: '*.ap.ch', collection: p.collection },
      { name: '*.ap.meta', collection: p.collection },
      { name: '*.timestamps.npy', collection: p.collection, optional: true },
      { name: '*.sync.npy', collection: p.collection, optional: true }
    ]);
  },
  availability(ctx) {
    if (rawProbes(ctx).length === 0) {
      return {
        available: false,
        reason:
          'the session has no raw_ephys_data/probe*/*.ap.cbin in its dataset records'
      };
    }
    return ctx.data.index.availability(this.datasets(ctx));
  },
  ready: ctx =>
    ctx.electrodes
      ? { available: true }
      : {
          available: false,
          reason:
            'raw ephys needs the electrodes table, which spike sorting writes (include spike_sorting)'
        },
  async write(ctx, progress, signal) {
    const probes = rawProbes(ctx).filter(p =>
      ctx.electrodes!.probes.has(p.label)
    );
    const checks: IArrayCheck[] = [];
    for (const [i, probe] of probes.entries()) {
      const rows = ctx.electrodes!.probes.get(probe.label)!;
      const cbinPath = await ctx.data.path(probe.collection, probe.cbin);
      const metaName = probe.cbin.replace(/\.cbin$/, '.meta');
      const metaPath = await ctx.data.path(probe.collection, metaName);
      const meta = parseSpikeGlxMeta(
        await readFile(metaPath, 'utf8'),
        metaPath
      );
      // The .ch header is read by CbinFile beside the .cbin: check it against the cache first.
      await ctx.data.path(
        probe.collection,
        probe.cbin.replace(/\.cbin$/, '.ch')
      );
      const file = await CbinFile.open(cbinPath);
      try {
        const channels = Array.from(rows.rawInd, Number);
        const bad = channels.find(c => !(c >= 0 && c < file.header.nChannels));
        if (bad !== undefined) {
          throw new Error(
            `${probe.collection}: channels.rawInd names channel ${bad}, but ${cbinPath} has ${file.header.nChannels} channels`
          );
        }
        const fs = meta.sampleRate || file.header.sampleRate;
        const points = await alignmentPoints(ctx, probe, fs);
        const timing = rawTiming(points.samples, points.seconds, fs);
        const nSamples = file.header.nSamples;
        const digest = new SampleDigest();
        const report = (done: number) =>
          progress((i + done / nSamples) / probes.length);
        const name = `ElectricalSeries${probeName(probe.label)}AP`;
        await writeElectricalSeries(ctx.nwb.acquisition, {
          name,
          description: `Raw AP band of ${probe.label} (${meta.probeType}), int16 as recorded. ${timingDescription(timing, points.source)}`,
          data: {
            dtype: 'int16',
            tail: [channels.length],
            rows: nSamples,
            slices: pickedChannels(file, channels, digest, report, signal)
          },
          conversion: 1,
          channelConversion: Float32Array.from(
            channels,
            c => meta.conversionFactors[c] ?? 1
          ),
          timing:
            timing.kind === 'rate'
              ? { rate: timing.rate, startingTime: timing.startingTime }
              : {
                  timestamps: timestampStream(
                    timing.samples,
                    timing.seconds,
                    nSamples
                  )
                },
          electrodes: {
            table: ctx.electrodes!.table,
            rows: channels.map((_, k) => rows.firstRow + k),
            description: `the electrodes of ${probe.label}, in the order of the data's columns`
          }
        });
        checks.push(
          ctx.ledger.expectDigest(
            `${probe.collection}/${probe.cbin}`,
            `/acquisition/${name}/data`,
            digest,
            'decoded with our mtscomp reader; columns = channels.rawInd (sync channel dropped)',
            { of: 'our mtscomp decode', shape: [nSamples, channels.length] }
          )
        );
      } finally {
        await file.close();
      }
    }
    progress(1);
    return checks;
  }
};
