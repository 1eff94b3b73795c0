/**
 * Convert one session of a local ONE cache to an NWB file (DANDI 000409
 * processed layout): metadata, every available modality, and the fidelity
 * report whose checks are filled by reading each written array back from
 * the closed file. On failure or cancel no `.nwb` is left behind.
 */
import { existsSync } from 'node:fs';

import { CLI_VERSION } from '../cli/version';
import { DEFAULT_STORAGE, type IStorageOptions } from '../nwb/context';
import { NWBFile } from '../nwb/file';
import { addIblMetadata } from '../nwb/ibl';
import { LocalOne } from '../one/node/localOne';
import { ConversionEvent, runInterfaces } from './converter';
import { MODALITY_INTERFACES } from './interfaces';
import { probeElectrodesInterface } from './interfaces/probeElectrodes';
import { spikeSortingInterface } from './interfaces/spikeSorting';
import { rawEphysInterface } from './interfaces/rawEphys';
import {
  rawVideoInterface,
  removeCopiedVideos,
  videoPlacement
} from './interfaces/video';
import { assertMetadata, INwbMetadata, metadataFromAlyx } from './metadata';
import type { IConversionReport } from './report';
import { cachedAlyxRecords } from './session/alyxCache';
import { IAtlas, loadAtlas } from './session/atlas';
import type { ISessionContext } from './session/context';
import { DatasetIndex } from './session/datasetIndex';
import { FidelityLedger } from './session/fidelity';
import { SessionData } from './session/loaders';
import { nwbFileMetadata } from './session/nwbMetadata';

export interface IConvertSessionOptions {
  /** ONE cache folder holding sessions.pqt / datasets.pqt and the session files. */
  cacheDir: string;
  /** Session UUID or `[lab/Subjects/]subject/date/NNN`. */
  eid: string;
  /** Output path, ending in `.nwb`. */
  output: string;
  /** Edited metadata document; default: built from the cache's `.rest/` Alyx records. */
  metadata?: INwbMetadata;
  /** Interface names to run (see MODALITY_INTERFACES: trials, wheel, licks, spike_sorting, pose, pupil, motion_energy, passive); default all. */
  modalities?: string[];
  /** Replace an existing output file (on success only). */
  overwrite?: boolean;
  /** iblatlas folder (allen_structure_tree.csv, beryl.npy, cosmos.npy) for brain regions. */
  atlasDir?: string;
  /** Hide pose x, y (NaN) where the likelihood is below this, as the release's 0.9; off by default. */
  poseLikelihoodThreshold?: number;
  /** Also write raw AP-band ephys (streamed from the .cbin files). */
  raw?: boolean;
  /** Also reference the raw camera videos, copied next to the output (DANDI's `…_ecephys+image/`). */
  video?: boolean;
  /**
   * One of the release's two files: `processed` (the modalities, no raw data)
   * or `raw` (electrodes, raw ephys, videos); default: everything in one file.
   */
  file?: 'processed' | 'raw';
  /** The session's datasets when they are not described by the cache tables (remote mode). */
  one?: LocalOne;
  /**
   * Compare each local file's md5 with the cache's `hash` before reading its
   * values (default true; the CLI's --no-hash-check turns it off). File sizes
   * are always compared with `file_size`.
   */
  verifyHashes?: boolean;
  /** Compression and chunking of the NWB writer (e.g. `deflateWorkers: 2`). */
  storage?: Partial<IStorageOptions>;
  signal?: AbortSignal;
  onEvent?: (event: ConversionEvent) => void;
}

async function sessionMetadata(
  options: IConvertSessionOptions,
  eid: string
): Promise<INwbMetadata> {
  if (options.metadata) {
    return assertMetadata(options.metadata, 'the metadata document');
  }
  const records = await cachedAlyxRecords(options.cacheDir, eid);
  if (!records) {
    throw new Error(
      `${options.cacheDir}: no Alyx record of session ${eid} in the REST cache (.rest/). ` +
        'Write the metadata document (ibl2nwb metadata) and pass it with --metadata.'
    );
  }
  return metadataFromAlyx(records);
}

function selectInterfaces(modalities: string[] | undefined) {
  if (!modalities) {
    return [...MODALITY_INTERFACES];
  }
  const known = MODALITY_INTERFACES.map(i => i.name);
  const unknown = modalities.filter(m => !known.includes(m));
  if (unknown.length > 0) {
    throw new Error(
      `unknown modality ${unknown.join(', ')}; choose from ${known.join(', ')}`
    );
  }
  return MODALITY_INTERFACES.filter(i => modalities.includes(i.name));
}

/**
 * What goes in the file. One file: the chosen modalities, then raw ephys
 * (after spike sorting: the raw series reference its electrodes rows) and
 * videos if asked. The release's two files: `processed` is the modalities
 * alone; `raw` is the probes' electrodes, raw ephys and videos.
 */
function sessionInterfaces(options: IConvertSessionOptions) {
  const raw = [
    ...(options.raw ? [rawEphysInterface] : []),
    ...(options.video ? [rawVideoInterface] : [])
  ];
  switch (options.file) {
    case 'processed':
      return selectInterfaces(options.modalities);
    case 'raw':
      return [probeElectrodesInterface, ...raw];
    default: {
      const chosen = selectInterfaces(options.modalities);
      // Raw ephys needs the electrodes: without spike sorting, write them alone.
      const electrodes =
        options.raw && !chosen.includes(spikeSortingInterface)
          ? [probeElectrodesInterface]
          : [];
      return [...chosen, ...electrodes, ...raw];
    }
  }
}

/** The latest ALF revision read, kept in `/general/ibl_metadata` (the release pins one). */
function recordRevision(nwb: NWBFile, data: SessionData): void {
  const revisions = [...new Set(data.revisions.values())].sort();
  if (revisions.length > 0) {
    addIblMetadata(
      nwb,
      revisions[revisions.length - 1],
      data.revisionsByModality()
    );
  }
}

/**
 * The writer's storage options for a conversion: when chunks are compressed on worker
 * threads, byte-shuffle them before gzip and let each dataset's first chunk choose between
 * zlib's default and run-length deflate (`deflateStrategy: 'auto'`), unless told otherwise.
 * Shuffled float64 spike times, amplitudes and depths deflate ~1.7x faster and ~15 %
 * smaller at the same gzip level, and run-length deflate is several times faster again on
 * them at about the same size. Shuffle is a standard HDF5 filter every reader (h5py, pynwb,
 * MATLAB) applies; run-length chunks are ordinary zlib streams.
 */
export function conversionStorage(
  storage: Partial<IStorageOptions> | undefined
): Partial<IStorageOptions> {
  const workers = storage?.deflateWorkers ?? DEFAULT_STORAGE.deflateWorkers;
  const gzip = storage?.gzipLevel ?? DEFAULT_STORAGE.gzipLevel;
  const parallel = workers > 0 && gzip > 0;
  return {
    shuffle: parallel,
    deflateStrategy: parallel ? 'auto' : 'default',
    ...storage
  };
}

export async function convertSession(
  options: IConvertSessionOptions
): Promise<IConversionReport> {
  const { output, signal } = options;
  if (!output.endsWith('.nwb')) {
    throw new Error(`${output}: the output file name must end in .nwb`);
  }
  if (existsSync(output) && !options.overwrite) {
    throw new Error(
      `${output} already exists; pass overwrite (--overwrite) to replace it`
    );
  }
  const interfaces = sessionInterfaces(options);
  const one = options.one ?? (await LocalOne.open(options.cacheDir));
  const eid = one.toEid(options.eid);
  const metadata = await sessionMetadata(options, eid);
  const atlas: IAtlas | null = options.atlasDir
    ? await loadAtlas(options.atlasDir)
    : null;
  const data = new SessionData(
    one,
    eid,
    new DatasetIndex(one.datasetRecords(eid)),
    { verifyHashes: options.verifyHashes ?? true }
  );
  signal?.throwIfAborted();
  const nwb = await NWBFile.create(
    output,
    nwbFileMetadata(metadata, ['jupyterlab-ibl-nwb', CLI_VERSION]),
    { signal, storage: conversionStorage(options.storage) }
  );
  const ledger = new FidelityLedger();
  const context: ISessionContext = {
    eid,
    data,
    nwb,
    ledger,
    atlas,
    poseLikelihoodThreshold: options.poseLikelihoodThreshold,
    probes: metadata.Probes,
    videos:
      options.video && options.file !== 'processed'
        ? videoPlacement(output, options.overwrite)
        : undefined
  };
  // The report is final only once the arrays are verified: hold "done" until then.
  let done: ConversionEvent | undefined;
  const onEvent = (event: ConversionEvent) => {
    if (event.type === 'step') {
      // Datasets read from now on are this modality's (for its revision record).
      data.modality = event.step;
    }
    if (event.type === 'done') {
      done = event;
    } else {
      options.onEvent?.(event);
    }
  };
  let report: IConversionReport;
  try {
    report = await runInterfaces({
      eid,
      output,
      context,
      interfaces,
      onEvent,
      signal
    });
    recordRevision(nwb, data);
    // The arrays are read back from the closed file before it takes its final name, while
    // the compressed chunks are still being moved into it (each dataset once it is there).
    await nwb.close({
      readBack: (partPath, ready) =>
        ledger.verify(partPath, { ready, signal }).catch((error: Error) => {
          throw new Error(
            `${output}: reading the written arrays back failed (${error.message}); the file was removed`
          );
        })
    });
  } catch (error) {
    nwb.abort();
    if (context.videos) {
      await removeCopiedVideos(context.videos);
    }
    throw error;
  }
  if (done) {
    options.onEvent?.(done);
  }
  return report;
}
