/**
 * Convert one session of a local ONE cache to an NWB file (DANDI 000409
 * processed layout): metadata, every available modality, and the fidelity
 * report whose checks are filled by reading each written array back from
 * the closed file. On failure or cancel no `.nwb` is left behind.
 */
import { CLI_VERSION } from '../cli/version';
import { DEFAULT_STORAGE, type IStorageOptions } from '../nwb/context';
import { NWBFile } from '../nwb/file';
import { addIblMetadata } from '../nwb/ibl';
import { LocalOne } from '../one/node/localOne';
import { ConversionEvent, runInterfaces } from './converter';
import { MODALITY_INTERFACES } from './interfaces';
import { localizationInterface } from './interfaces/localization';
import { probeElectrodesInterface } from './interfaces/probeElectrodes';
import { spikeSortingInterface } from './interfaces/spikeSorting';
import { rawEphysInterface } from './interfaces/rawEphys';
import {
  rawVideoInterface,
  keepCopiedVideos,
  removeCopiedVideos,
  videoPlacement
} from './interfaces/video';
import { buildMetadata, sessionFolderOf } from './localMetadata';
import {
  assertMetadata,
  assertMetadataMatches,
  INwbMetadata,
  MetadataError,
  metadataProblems
} from './metadata';
import { VerifyFailedError } from './outcome';
import {
  checkFinalName,
  createExclusive,
  ensureFolder,
  nwbTempFiles,
  OutputError,
  removeTemp
} from './outputFiles';
import { mismatches, type IConversionReport } from './report';
import { FileRestCache } from '../one/remote/node/restCache';
import type { ISessionRecord } from '../one/cache';
import { IAtlas, loadAtlas } from './session/atlas';
import type { ISessionContext } from './session/context';
import type { IModalityInterface } from './modality';
import { DatasetIndex } from './session/datasetIndex';
import { FidelityLedger, FidelityMismatchError } from './session/fidelity';
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
  /** Where `metadata` came from (its file name), for messages. */
  metadataSource?: string;
  /** The session's folder when it is not where the cache tables put it (a bare folder). */
  sessionDir?: string;
  /** NWBFile.session_id of a built document (a bare folder's is made from its path). */
  sessionId?: string;
  /** How to tell the user to write the metadata document (the CLI's command line). */
  metadataAdvice?: string;
  /**
   * Called once the file is complete and every array read back, before it takes its final
   * name (e.g. to write the report first). If it throws, the file is removed.
   */
  beforeRename?: (report: IConversionReport) => Promise<void>;
  /** Interface names to run (see MODALITY_INTERFACES: trials, wheel, licks, spike_sorting, pose, pupil, motion_energy, passive); default all. */
  modalities?: string[];
  /** Replace an existing output file (on success only). */
  overwrite?: boolean;
  /** iblatlas folder (allen_structure_tree.csv, beryl.npy, cosmos.npy) for brain regions. */
  atlasDir?: string;
  /** Hide pose x, y (NaN) where the likelihood is below this, as the release's 0.9; off by default. */
  poseLikelihoodThreshold?: number;
  /**
   * Sort each probe's spikes by time (stably, clusters, amplitudes and depths kept aligned)
   * when `spikes.times` is not in ascending order, and say so in the report's notes;
   * without it such a probe fails the conversion.
   */
  sortSpikes?: boolean;
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

function tableSession(one: LocalOne, eid: string): ISessionRecord | null {
  try {
    return one.session(eid);
  } catch {
    return null;
  }
}

/**
 * The metadata document: the user's (checked, and refused if it is of another session),
 * else built from the REST cache, the tables and the task settings. Incomplete either
 * way is the same error: METADATA_INVALID, with every field named.
 */
async function sessionMetadata(
  options: IConvertSessionOptions,
  one: LocalOne,
  eid: string
): Promise<INwbMetadata> {
  const table = tableSession(one, eid);
  if (options.metadata) {
    const source = options.metadataSource ?? 'the metadata document';
    const document = assertMetadata(options.metadata, source);
    assertMetadataMatches(
      document,
      { eid, subject: table?.subject, date: table?.date },
      source
    );
    return document;
  }
  const rest = new FileRestCache(options.cacheDir);
  const { document, hints } = await buildMetadata(
    async path => (await rest.read(path))?.value ?? null,
    eid,
    table,
    {
      sessionDir:
        options.sessionDir ??
        (table ? sessionFolderOf(options.cacheDir, table) : undefined)
    }
  );
  if (options.sessionId) {
    document.NWBFile.session_id = options.sessionId;
  }
  const problems = metadataProblems(document).map(p =>
    hints[p.path] ? { ...p, message: `${p.message} (${hints[p.path]})` } : p
  );
  if (problems.length > 0) {
    throw new MetadataError(
      `the Alyx records and files of ${options.sessionDir ?? eid}`,
      problems,
      options.metadataAdvice ??
        'Write the metadata document (ibl2nwb metadata), fill these fields, and convert again with --metadata.'
    );
  }
  return document;
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
 * Raw ephys and localization refer to the electrodes table: without spike sorting, the
 * probes' electrodes are written alone, before the first interface that needs them.
 */
function withElectrodes(interfaces: IModalityInterface<ISessionContext>[]) {
  if (interfaces.includes(spikeSortingInterface)) {
    return interfaces;
  }
  const first = interfaces.findIndex(
    i => i === localizationInterface || i === rawEphysInterface
  );
  return first < 0
    ? interfaces
    : [
        ...interfaces.slice(0, first),
        probeElectrodesInterface,
        ...interfaces.slice(first)
      ];
}

/**
 * What goes in the file. One file: the chosen modalities, then raw ephys
 * (after spike sorting: the raw series reference its electrodes rows) and
 * videos if asked. The release's two files: `processed` is the modalities
 * alone; `raw` is the probes' electrodes, their localization (the release
 * writes it in both files), raw ephys and videos.
 */
function sessionInterfaces(options: IConvertSessionOptions) {
  const raw = [
    ...(options.raw ? [rawEphysInterface] : []),
    ...(options.video ? [rawVideoInterface] : [])
  ];
  switch (options.file) {
    case 'processed':
      return withElectrodes(selectInterfaces(options.modalities));
    case 'raw': {
      const localization =
        !options.modalities || options.modalities.includes('localization')
          ? [localizationInterface]
          : [];
      return [probeElectrodesInterface, ...localization, ...raw];
    }
    default:
      return withElectrodes([...selectInterfaces(options.modalities), ...raw]);
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
    throw new OutputError(
      output,
      'OUTPUT_INVALID',
      'the output file name must end in .nwb',
      'Give a name like session.nwb (-o).'
    );
  }
  checkFinalName(output, !!options.overwrite);
  const interfaces = sessionInterfaces(options);
  const one = options.one ?? (await LocalOne.open(options.cacheDir));
  const eid = one.toEid(options.eid);
  const metadata = await sessionMetadata(options, one, eid);
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
  // Our temp files, created before the writer opens them: exclusively, never through a
  // link left at their names; a stale chunk file of a killed run goes first.
  ensureFolder(output);
  const temp = nwbTempFiles(output);
  try {
    temp.forEach(createExclusive);
    return await writeSession(options, {
      eid,
      interfaces,
      metadata,
      atlas,
      data
    });
  } finally {
    // The chunk file is empty or consumed by now; the .part is renamed or removed.
    removeTemp(temp);
  }
}

interface IPrepared {
  eid: string;
  interfaces: ReturnType<typeof sessionInterfaces>;
  metadata: INwbMetadata;
  atlas: IAtlas | null;
  data: SessionData;
}

/** The interfaces explicitly asked for, among those of this file (see runInterfaces). */
function requiredInterfaces(
  options: IConvertSessionOptions,
  interfaces: { name: string }[]
): string[] {
  const asked = [
    ...(options.file === 'raw' ? [] : (options.modalities ?? [])),
    ...(options.raw && options.file !== 'processed'
      ? [rawEphysInterface.name]
      : []),
    ...(options.video && options.file !== 'processed'
      ? [rawVideoInterface.name]
      : [])
  ];
  return asked.filter(name => interfaces.some(i => i.name === name));
}

async function writeSession(
  options: IConvertSessionOptions,
  prepared: IPrepared
): Promise<IConversionReport> {
  const { output, signal } = options;
  const { eid, interfaces, metadata, atlas, data } = prepared;
  const nwb = await NWBFile.create(
    output,
    nwbFileMetadata(
      metadata,
      ['jupyterlab-ibl-nwb', CLI_VERSION],
      options.file
    ),
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
    sortSpikes: options.sortSpikes,
    notes: [],
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
      signal,
      required: requiredInterfaces(options, interfaces)
    });
    if (options.verifyHashes === false) {
      // Said in the report: values were trusted without the cache's md5 (sizes still checked).
      (context.notes ??= []).push({
        step: 'session',
        message:
          "the md5 of each file was not checked against the cache's datasets table (--no-hash-check); file sizes were"
      });
    }
    if (context.notes?.length) {
      report.notes = context.notes;
    }
    recordRevision(nwb, data);
    // The arrays are read back from the closed file before it takes its final name, while
    // the compressed chunks are still being moved into it (each dataset once it is there).
    const finished = report;
    await nwb.close({
      readBack: async (partPath, ready) => {
        await ledger
          .verify(partPath, { ready, signal })
          .catch((error: Error) => {
            if (error instanceof FidelityMismatchError) {
              // Names the array and the dataset; the file is removed. The whole report goes
              // with it, every check filled in, for the CLI's report file and error event.
              error.report = {
                ...finished,
                status: 'failed',
                error: error.message
              };
              throw error;
            }
            throw new VerifyFailedError(output, error);
          });
        // An array that reads back different is never published under the final name.
        const bad = mismatches(finished);
        if (bad.length > 0) {
          finished.status = 'failed';
          finished.error = `${bad.length} array(s) read back different from the source, e.g. ${bad[0].target}: ${bad[0].detail ?? 'values differ'}`;
          throw Object.assign(
            new VerifyFailedError(output, new Error(finished.error)),
            {
              report: finished
            }
          );
        }
        await options.beforeRename?.(finished);
      }
    });
  } catch (error) {
    // Wait for the chunk file's descriptors to close, so its space is free before we report.
    await nwb.abort().catch(() => undefined);
    if (context.videos) {
      await removeCopiedVideos(context.videos);
    }
    throw error;
  }
  if (context.videos) {
    keepCopiedVideos(context.videos); // published with the .nwb that references them
  }
  if (done) {
    options.onEvent?.(done);
  }
  return report;
}
