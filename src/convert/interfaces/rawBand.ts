/**
 * One band of raw Neuropixels ephys per probe (AP at 30 kHz, LF at 2.5 kHz) →
 * `/acquisition/ElectricalSeriesProbe00<AP|LF>`: the mtscomp `.cbin` is decoded
 * chunk by chunk straight into a chunked int16 ElectricalSeries (no
 * decompressed `.bin` on disk, one chunk in memory), its channels ordered like
 * the probe's electrodes rows (both bands reference the same rows: one row per
 * contact), volts per step in `channel_conversion` from the band's gains in the
 * `.meta`, and timing aligned to the session clock when the session has the
 * probe's sync points. Checked by a digest of every sample.
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
import { DatasetContentError } from '../session/errors';
import { SampleDigest } from '../fidelity/digest';
import { probeName } from './spikeSorting/electrodes';
import {
  interpolateTimes,
  pointsCovering,
  RawTiming,
  rawTiming
} from './rawAlignment';

/**
 * Neuropixels 1.0 samples the LF band once per 12 AP samples, on the same clock
 * (both rates in a probe's metas differ by exactly 12), so an AP sample index s
 * is the LF index s / 12. IBL's `*.timestamps.npy` counts AP samples.
 */
export const AP_SAMPLES_PER_LF_SAMPLE = 12;

export interface IRawBand {
  /** File band in `*.<band>.cbin`. */
  band: 'ap' | 'lf';
  /** Suffix of the series name, as the release: `ElectricalSeriesProbe00AP`. */
  suffix: 'AP' | 'LF';
  /** AP samples per sample of this band (the alignment files count AP samples). */
  apSamplesPerSample: number;
  /** Nominal sample rate: a `.meta` far from it is not this band's file. */
  nominalRate: number;
  name: string;
  title: string;
  /** Words for the series description, e.g. "AP band (0.3–10 kHz)". */
  words: string;
}

interface IRawProbe {
  label: string;
  collection: string;
  cbin: string;
}

function rawProbes(ctx: ISessionPlan, band: IRawBand): IRawProbe[] {
  return ctx.data.index
    .glob('raw_ephys_data/probe*', `*.${band.band}.cbin`)
    .map(d => ({
      label: d.collection.split('/')[1],
      collection: d.collection,
      cbin: d.name
    }));
}

/**
 * (sample of this band, session seconds) alignment points: `*.timestamps.npy`
 * (AP sample, session s), else `*.sync.npy` (probe s, session s).
 */
async function alignmentPoints(
  ctx: ISessionContext,
  probe: IRawProbe,
  band: IRawBand,
  fs: number
): Promise<{
  samples: Float64Array;
  seconds: Float64Array;
  source: string | null;
}> {
  for (const [pattern, scale] of [
    ['*.timestamps.npy', 1 / band.apSamplesPerSample],
    ['*.sync.npy', fs]
  ] as const) {
    const [found] = ctx.data.index.glob(probe.collection, pattern);
    if (found) {
      const { data, shape } = await ctx.data.array(
        probe.collection,
        found.name
      );
      if (shape.length !== 2 || shape[1] !== 2) {
        throw new DatasetContentError(
          found.relPath,
          `must be an (n, 2) array of (sample, seconds) pairs, not shape (${shape.join(', ')})`
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
  // Picked and digested on the decode threads: the main thread only hands chunks on.
  for await (const chunk of file.chunks(undefined, undefined, {
    pick: channels
  })) {
    signal.throwIfAborted();
    digest.append(chunk.digest!);
    onRows(chunk.stop);
    yield chunk.data as Int16Array;
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

/** The interface of one band: AP (`raw_ephys`) or LF (`raw_ephys_lf`). */
export function rawBandInterface(band: IRawBand): ISessionInterface {
  const cbinGlob = `*.${band.band}.cbin`;
  return {
    name: band.name,
    title: band.title,
    kind: 'raw',
    datasets(ctx): IDatasetNeed[] {
      return rawProbes(ctx, band).flatMap(p => [
        { name: cbinGlob, collection: p.collection },
        { name: `*.${band.band}.ch`, collection: p.collection },
        { name: `*.${band.band}.meta`, collection: p.collection },
        { name: '*.timestamps.npy', collection: p.collection, optional: true },
        { name: '*.sync.npy', collection: p.collection, optional: true }
      ]);
    },
    availability(ctx) {
      if (rawProbes(ctx, band).length === 0) {
        return {
          available: false,
          reason: `the session has no raw_ephys_data/probe*/${cbinGlob} in its dataset records`
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
      const probes = rawProbes(ctx, band).filter(p =>
        ctx.electrodes!.probes.has(p.label)
      );
      const checks: IArrayCheck[] = [];
      for (const [i, probe] of probes.entries()) {
        checks.push(
          await writeProbeBand(ctx, band, probe, signal, done =>
            progress((i + done) / probes.length)
          )
        );
      }
      progress(1);
      return checks;
    }
  };
}

async function writeProbeBand(
  ctx: ISessionContext,
  band: IRawBand,
  probe: IRawProbe,
  signal: AbortSignal,
  progress: (fraction: number) => void
): Promise<IArrayCheck> {
  const rows = ctx.electrodes!.probes.get(probe.label)!;
  const cbinPath = await ctx.data.path(probe.collection, probe.cbin);
  const metaName = probe.cbin.replace(/\.cbin$/, '.meta');
  const metaPath = await ctx.data.path(probe.collection, metaName);
  const meta = parseSpikeGlxMeta(await readFile(metaPath, 'utf8'), metaPath);
  if (Math.abs(meta.sampleRate / band.nominalRate - 1) > 0.01) {
    throw new DatasetContentError(
      `${probe.collection}/${metaName}`,
      `samples at ${meta.sampleRate} Hz, not the ${band.suffix} band's ${band.nominalRate} Hz: the file is not a Neuropixels 1.0 ${band.suffix} band`
    );
  }
  // The .ch header is read by CbinFile beside the .cbin: check it against the cache first.
  await ctx.data.path(probe.collection, probe.cbin.replace(/\.cbin$/, '.ch'));
  const file = await CbinFile.open(cbinPath);
  try {
    // SpikeGLX records int16; any other sample type would be cast, not copied.
    if (file.header.dtype !== 'int16') {
      throw new DatasetContentError(
        `${probe.collection}/${probe.cbin}`,
        `holds ${file.header.dtype} samples; raw ephys is written as the int16 SpikeGLX records, so a cast would change values`
      );
    }
    const channels = Array.from(rows.rawInd, Number);
    const bad = channels.find(c => !(c >= 0 && c < file.header.nChannels));
    if (bad !== undefined) {
      throw new DatasetContentError(
        `${probe.collection}/${probe.cbin}`,
        `has ${file.header.nChannels} channels, but channels.rawInd names channel ${bad}`
      );
    }
    const fs = meta.sampleRate || file.header.sampleRate;
    const nSamples = file.header.nSamples;
    const points = await alignmentPoints(ctx, probe, band, fs);
    const covering = pointsCovering(points.samples, points.seconds, nSamples);
    const timing = rawTiming(covering.samples, covering.seconds, fs);
    const digest = new SampleDigest();
    const name = `ElectricalSeries${probeName(probe.label)}${band.suffix}`;
    await writeElectricalSeries(ctx.nwb.acquisition, {
      name,
      description: `Raw ${band.words} of ${probe.label} (${meta.probeType}), int16 as recorded. ${timingDescription(timing, points.source)}`,
      data: {
        dtype: 'int16',
        tail: [channels.length],
        rows: nSamples,
        slices: pickedChannels(
          file,
          channels,
          digest,
          done => progress(done / nSamples),
          signal
        )
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
    return ctx.ledger.expectDigest(
      `${probe.collection}/${probe.cbin}`,
      `/acquisition/${name}/data`,
      digest,
      'decoded with our mtscomp reader; columns = channels.rawInd (sync channel dropped)',
      { of: 'our mtscomp decode', shape: [nSamples, channels.length] }
    );
  } finally {
    await file.close();
  }
}
