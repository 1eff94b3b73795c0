import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { parseMetadata } from '../../convert/metadata';
import { folderSessionId } from '../../one/node/sessionFolder';
import { EXIT_CODES_HELP } from '../exitCodes';
import { ICliIO, jsonLine, UsageError } from '../io';
import { openSource, SOURCE_HELP, SOURCE_OPTIONS } from '../source';
import { IConvertPart, runParts } from './convertParts';
import { plannedOutputs, printPlan } from './convertOutputs';

export const CONVERT_HELP = `Usage: ibl2nwb convert <eid|subject/date/number> --cache DIR -o OUT.nwb [options]
       ibl2nwb convert <lab/Subjects/subject/date/NNN folder> -o OUT.nwb [options]

Convert one session of a ONE cache to NWB (the DANDI 000409 processed layout).
A session folder needs no --cache: inside a ONE cache its tables are used; a
bare folder of ALF files is indexed from disk (metadata from the folder's path
and any Alyx records in ONE's REST cache; edit it with --metadata).
The file is written as OUT.nwb.part and renamed when complete and verified, after
its report (OUT.report.json): a failure or a cancel (Ctrl-C) leaves no OUT.nwb.
A folder missing in OUT.nwb's path is created.
  -c, --cache DIR           ONE cache folder with the session's files
  -o, --output OUT.nwb      the NWB file to write
  --metadata FILE.json      edited metadata (from "ibl2nwb metadata"); default: built
                            from the cache's Alyx records
  --modalities A,B          only these interfaces (e.g. trials,wheel,licks); one that this
                            session cannot provide is an error (exit 3), not a skip
  --atlas DIR               iblatlas folder (allen_structure_tree.csv, beryl.npy, cosmos.npy)
                            for brain regions (default: the tables shipped with ibl2nwb)
  --pose-likelihood P       blank pose points whose likelihood is below P (off by default)
  --sort-spikes             sort each probe's spikes by time when spikes.times is not
                            ascending (stable; clusters, amplitudes, depths kept with their
                            spike; noted in the report). Without it such spikes are an error
  --no-hash-check           skip the md5 check of each file against the cache's datasets
                            table (sizes are still checked; the report notes it). By default
                            a file whose size or md5 differs fails naming the file
  --report FILE.json        write the fidelity report here (default OUT.report.json)
  --raw                     also write the raw AP and LF bands of each probe (streamed from
                            the mtscomp .cbin, never decompressed to disk) and the NIDQ sync
                            lines as labelled events; exit 3 without an AP .cbin
  --split                   the release's two files: OUT.nwb with the processed data, and a
                            raw file (electrodes, raw ephys, videos with --video) named
                            sub-X_ses-Y_desc-raw_ecephys.nwb beside it (or OUT_raw.nwb);
                            both files or neither. Each file has its own identifier
                            (<identifier>-processed / -raw); session_id is the eid
  --raw-output RAW.nwb      with --split: the raw file's name
  --video                   also reference the raw camera videos as external files, copied
                            next to OUT.nwb (sub-X_ses-Y_ecephys+image/…_VideoLeftCamera.mp4)
  --overwrite               replace OUT.nwb if it exists (a link there is replaced, never
                            followed; a folder is never replaced)
  --json                    progress events as JSON lines (for the JupyterLab server); a
                            failure ends with {"type":"error","code":…,"message":…}
  --plan                    print the files this command would write (each .nwb and its
                            report; with --json one {"type":"plan","outputs":[…]} line) and
                            exit: nothing is read or written

With --alyx URL (and a login), the session's processed datasets are first downloaded
into --cache (Python ONE's layout; files already there are kept) with its Alyx records.
${SOURCE_HELP}
${EXIT_CODES_HELP}`;

/** The region tables shipped beside the bundled CLI (jupyterlab_ibl_nwb/atlas), if present. */
function bundledAtlas(): string | undefined {
  try {
    const dir = fileURLToPath(new URL('../atlas/', import.meta.url));
    return existsSync(`${dir}/allen_structure_tree.csv`) ? dir : undefined;
  } catch {
    return undefined;
  }
}

export async function convert(argv: string[], io: ICliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      ...SOURCE_OPTIONS,
      output: { type: 'string', short: 'o' },
      metadata: { type: 'string' },
      modalities: { type: 'string' },
      atlas: { type: 'string' },
      'pose-likelihood': { type: 'string' },
      'sort-spikes': { type: 'boolean' },
      'no-hash-check': { type: 'boolean' },
      report: { type: 'string' },
      overwrite: { type: 'boolean' },
      raw: { type: 'boolean' },
      video: { type: 'boolean' },
      split: { type: 'boolean' },
      'raw-output': { type: 'string' },
      json: { type: 'boolean' },
      plan: { type: 'boolean' }
    }
  });
  if (positionals.length !== 1) {
    throw new UsageError(
      'give exactly one session (an eid or subject/date/number)',
      'convert'
    );
  }
  if (values.plan) {
    return printPlan(values, io); // before any source is opened: names only
  }
  const source = openSource(values, 'convert', {
    session: positionals[0],
    cacheOptional: true
  });
  if (!source.cacheDir || !values.output) {
    throw new UsageError(
      source.sessionFolder
        ? '-o OUT.nwb is required'
        : '--cache DIR and -o OUT.nwb are both required (or give a session folder)',
      'convert'
    );
  }
  const threshold = values['pose-likelihood'];
  if (
    threshold !== undefined &&
    !(Number(threshold) >= 0 && Number(threshold) <= 1)
  ) {
    throw new UsageError(
      `--pose-likelihood must be between 0 and 1, not "${threshold}"`,
      'convert'
    );
  }
  const outputs = plannedOutputs({ ...values, output: values.output });
  const metadata = values.metadata
    ? parseMetadata(await readMetadataFile(values.metadata), values.metadata)
    : undefined;
  const session = await source.materialise(positionals[0], {
    signal: io.signal,
    onProgress: event => {
      if (values.json) {
        jsonLine(io, { type: 'download', ...event });
      }
    },
    raw: values.raw || values.split,
    video: values.video
  });
  const base = {
    cacheDir: values.cache ?? session.cacheDir,
    one: session.one,
    eid: session.eid,
    metadata,
    metadataSource: values.metadata,
    // A bare folder: its files are where it is, its session id is made from its path.
    sessionDir: session.sessionDir,
    sessionId: session.bareFolder ? folderSessionId(session.eid) : undefined,
    metadataAdvice:
      `Write it with "ibl2nwb metadata ${positionals[0]}${values.cache ? ` --cache ${values.cache}` : ''} -o meta.json", ` +
      'fill these fields, and convert again with --metadata meta.json.',
    modalities: values.modalities
      ?.split(',')
      .map(m => m.trim())
      .filter(Boolean),
    atlasDir: values.atlas ?? bundledAtlas(),
    // Compress on two worker threads: gzip is the bottleneck of large arrays.
    storage: { deflateWorkers: 2 },
    poseLikelihoodThreshold:
      threshold !== undefined ? Number(threshold) : undefined,
    sortSpikes: values['sort-spikes'],
    verifyHashes: !values['no-hash-check'],
    overwrite: values.overwrite,
    // --split writes the raw file: raw ephys is what it is for.
    raw: values.raw || !!values.split,
    video: values.video,
    signal: io.signal
  };
  // The release's two files with --split: processed first, then electrodes + raw data.
  const parts: IConvertPart[] = outputs.map(({ file, path, report }) => ({
    options: { ...base, output: path, ...(file ? { file } : {}) },
    report
  }));
  await runParts(parts, io, !!values.json);
  return 0;
}

async function readMetadataFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `--metadata ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      'convert'
    );
  }
}
