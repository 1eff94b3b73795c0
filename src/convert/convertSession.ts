/**
 * Convert one session of a local ONE cache to an NWB file (DANDI 000409
 * processed layout): metadata, every available modality, and the fidelity
 * report whose checks are filled by reading each written array back from
 * the closed file. On failure or cancel no `.nwb` is left behind.
 */
import { PACKAGE_VERSION } from '../version';
import { DEFAULT_STORAGE, type IStorageOptions } from '../nwb/context';
import { NWBFile } from '../nwb/file';
import { addIblMetadata } from '../nwb/ibl';
import { LocalOne } from '../one/node/localOne';
import { ConversionEvent, runInterfaces } from './converter';
import { CATALOGUE, type Catalogue } from './catalogue';
import {
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
import { type IConversionPlan, planConversion } from './plan';
import { mismatches, type IConversionReport, type IReportNote } from './report';
import { FileRestCache } from '../one/remote/node/restCache';
import type { ISessionRecord } from '../one/cache';
import { IAtlas, loadAtlas } from './session/atlas';
import type { ISessionContext } from './session/context';
import { DatasetIndex } from './session/datasetIndex';
import { FidelityLedger, FidelityMismatchError } from './fidelity/ledger';
import { VerifyHelper } from './fidelity/verifyHelper';
import { SessionData } from './session/loaders';
import { pinnedRevision } from './session/revisionPin';
import {
  effectivePolicy,
  isNoPolicy,
  type QcPolicyPreset
} from './session/qcPolicy';
import type { IQcPolicyMetadata } from './metadata/document';
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
  /** Processed interface names to run (see catalogue.ts: trials, wheel, licks, spike_sorting, pose, pupil, motion_energy, passive); default all. */
  modalities?: string[];
  /** Replace an existing output file (on success only). */
  overwrite?: boolean;
  /** iblatlas folder (allen_structure_tree.csv, beryl.npy, cosmos.npy) for brain regions. */
  atlasDir?: string;
  /** Hide pose x, y (NaN) where the likelihood is below this, as the release's 0.9; off by default. */
  poseLikelihoodThreshold?: number;
  /** QC gates: a preset replacing the metadata document's `QcPolicy` (default: the document's, else none). */
  qcPolicy?: QcPolicyPreset;
  /**
   * Sort each probe's spikes by time (stably, clusters, amplitudes and depths kept aligned)
   * when `spikes.times` is not in ascending order, and say so in the report's notes;
   * without it such a probe fails the conversion.
   */
  sortSpikes?: boolean;
  /**
   * Pinned ALF revision (ONE's "last before" rule, as the release's `2025-05-06`);
   * default: the metadata document's `Ibl.revision`, else each dataset's default revision.
   */
  revision?: string;
  /** Also write every raw ephys interface of the catalogue (AP band streamed from the .cbin files). */
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
  /** The modalities to choose from (default: the catalogue; tests add a toy modality). */
  catalogue?: Catalogue;
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

/**
 * The ALF revision in `/general/ibl_metadata`: the pinned one (as the release records its
 * `2025-05-06`), else the latest revision read; with the revision each modality read.
 */
function recordRevision(
  nwb: NWBFile,
  data: SessionData,
  pin: string | undefined,
  qcPolicy: IQcPolicyMetadata
): void {
  const revisions = [...new Set(data.revisions.values())].sort();
  const gated = !isNoPolicy(qcPolicy);
  // '' is ALF's "no revision folder": every dataset read was never revised.
  const revision =
    pin ?? revisions[revisions.length - 1] ?? (gated ? '' : undefined);
  if (revision !== undefined) {
    addIblMetadata(
      nwb,
      revision,
      data.revisionsByModality(),
      gated ? qcPolicy : undefined
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
  const plan = planConversion(options.catalogue ?? CATALOGUE, options);
  const one = options.one ?? (await LocalOne.open(options.cacheDir));
  const eid = one.toEid(options.eid);
  const metadata = await sessionMetadata(options, one, eid);
  const atlas: IAtlas | null = options.atlasDir
    ? await loadAtlas(options.atlasDir)
    : null;
  const notes: IReportNote[] = [];
  const qcPolicy = effectivePolicy(
    metadata,
    options.qcPolicy,
    options.poseLikelihoodThreshold
  );
  const revision = pinnedRevision(
    options.revision,
    metadata.Ibl?.revision,
    notes
  );
  const data = new SessionData(
    one,
    eid,
    new DatasetIndex(one.datasetRecords(eid), { revision }),
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
      plan,
      metadata,
      atlas,
      data,
      notes,
      qcPolicy
    });
  } finally {
    // The chunk file is empty or consumed by now; the .part is renamed or removed.
    removeTemp(temp);
  }
}

interface IPrepared {
  eid: string;
  plan: IConversionPlan;
  metadata: INwbMetadata;
  atlas: IAtlas | null;
  data: SessionData;
  /** Notes made before the file was opened (e.g. which revision pin won). */
  notes: IReportNote[];
  qcPolicy: IQcPolicyMetadata;
}

async function writeSession(
  options: IConvertSessionOptions,
  prepared: IPrepared
): Promise<IConversionReport> {
  const { output, signal } = options;
  const { metadata } = prepared;
  const nwb = await NWBFile.create(
    output,
    nwbFileMetadata(
      metadata,
      ['jupyterlab-ibl-nwb', PACKAGE_VERSION],
      options.file
    ),
    { signal, storage: conversionStorage(options.storage) }
  );
  // Threads start now, their start-up on the core this thread leaves idle while it reads
  // metadata and tables: the deflate threads, and the read-back thread, which loads its
  // h5wasm now and opens the file once it is closed (else ~0.2 s more at the end, when
  // both cores are busy checking).
  nwb.startWorkers();
  const readBack = new VerifyHelper(nwb.partPath);
  readBack.warm();
  try {
    return await fillAndClose(options, prepared, nwb, readBack);
  } finally {
    await readBack.close();
  }
}

async function fillAndClose(
  options: IConvertSessionOptions,
  prepared: IPrepared,
  nwb: NWBFile,
  readBack: VerifyHelper
): Promise<IConversionReport> {
  const { output, signal } = options;
  const { eid, plan, metadata, atlas, data } = prepared;
  const ledger = new FidelityLedger();
  const context: ISessionContext = {
    eid,
    data,
    nwb,
    ledger,
    atlas,
    poseLikelihoodThreshold: prepared.qcPolicy.pose_likelihood_threshold,
    qcPolicy: prepared.qcPolicy,
    videoQc: metadata.Ibl?.extended_qc,
    sortSpikes: options.sortSpikes,
    notes: [...prepared.notes],
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
      interfaces: plan.interfaces,
      onEvent,
      signal,
      required: plan.required,
      requiredAny: plan.requiredAny
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
    recordRevision(nwb, data, data.index.revision, prepared.qcPolicy);
    // The arrays are read back from the closed file before it takes its final name, while
    // the compressed chunks are still being moved into it (each dataset once it is there).
    const finished = report;
    await nwb.close({
      readBack: async (partPath, ready) => {
        await ledger
          .verify(partPath, { ready, signal, helper: readBack })
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
