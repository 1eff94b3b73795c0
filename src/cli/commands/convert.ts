import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { ConversionCancelled, ConversionFailed } from '../../convert/converter';
import { convertSession } from '../../convert/convertSession';
import { parseMetadata } from '../../convert/metadata';
import { summarizeReport } from '../../convert/report';
import {
  gatherRecords,
  metadataFromAlyx,
  metadataProblems
} from '../../convert/metadata';
import type { LocalOne } from '../../one/node/localOne';
import {
  folderSessionId,
  isSessionFolder,
  openSessionFolder
} from '../../one/node/sessionFolder';
import { FileRestCache } from '../../one/remote/node/restCache';
import { ICliIO, jsonLine, UsageError } from '../io';
import { fetchRemoteSession } from '../remoteSession';
import { openRemote, SOURCE_HELP, SOURCE_OPTIONS } from '../source';

export const CONVERT_HELP = `Usage: ibl2nwb convert <eid|subject/date/number> --cache DIR -o OUT.nwb [options]
       ibl2nwb convert <lab/Subjects/subject/date/NNN folder> -o OUT.nwb [options]

Convert one session of a ONE cache to NWB (the DANDI 000409 processed layout).
A session folder needs no --cache: inside a ONE cache its tables are used; a
bare folder of ALF files is indexed from disk (metadata from the folder's path
and any Alyx records in ONE's REST cache; edit it with --metadata).
The file is written as OUT.nwb.part and renamed when complete and verified:
a failure or a cancel (Ctrl-C) leaves no OUT.nwb.
  -c, --cache DIR           ONE cache folder with the session's files
  -o, --output OUT.nwb      the NWB file to write
  --metadata FILE.json      edited metadata (from "ibl2nwb metadata"); default: built
                            from the cache's Alyx records
  --modalities A,B          only these interfaces (e.g. trials,wheel,licks)
  --atlas DIR               iblatlas folder (allen_structure_tree.csv, beryl.npy, cosmos.npy)
                            for brain regions (default: the tables shipped with ibl2nwb)
  --pose-likelihood P       blank pose points whose likelihood is below P (off by default)
  --report FILE.json        also write the fidelity report here (default OUT.nwb.report.json)
  --raw                     also write the raw AP band of each probe (streamed from the
                            mtscomp .cbin, never decompressed to disk)
  --split                   the release's two files: OUT.nwb with the processed data, and a
                            raw file (electrodes, raw ephys, videos with --video) named
                            sub-X_ses-Y_desc-raw_ecephys.nwb beside it (or OUT_raw.nwb)
  --raw-output RAW.nwb      with --split: the raw file's name
  --video                   also reference the raw camera videos as external files, copied
                            next to OUT.nwb (sub-X_ses-Y_ecephys+image/…_VideoLeftCamera.mp4)
  --overwrite               replace OUT.nwb if it exists
  --json                    progress events as JSON lines (for the JupyterLab server)

With --alyx URL (and a login), the session's processed datasets are first downloaded
into --cache (Python ONE's layout; files already there are kept) with its Alyx records.
${SOURCE_HELP}`;

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
      report: { type: 'string' },
      overwrite: { type: 'boolean' },
      raw: { type: 'boolean' },
      video: { type: 'boolean' },
      split: { type: 'boolean' },
      'raw-output': { type: 'string' },
      json: { type: 'boolean' }
    }
  });
  if (positionals.length !== 1) {
    throw new UsageError(
      'give exactly one session (an eid or subject/date/number)',
      'convert'
    );
  }
  const folder =
    !values.alyx && isSessionFolder(positionals[0])
      ? await openSessionFolder(positionals[0])
      : undefined;
  const cache = values.cache ?? folder?.cacheDir;
  if (!cache || !values.output) {
    throw new UsageError(
      folder
        ? '-o OUT.nwb is required'
        : '--cache DIR and -o OUT.nwb are both required (or give a session folder)',
      'convert'
    );
  }
  let metadata = values.metadata
    ? parseMetadata(await readFile(values.metadata, 'utf8'), values.metadata)
    : undefined;
  if (folder && !folder.fromTables && !metadata) {
    metadata = await folderMetadata(cache, folder.eid, folder.one);
    const problems = metadataProblems(metadata);
    if (problems.length > 0) {
      throw new UsageError(
        `the folder and the Alyx records beside it do not give all the NWB metadata:\n` +
          problems.map(p => `  ${p.path}: ${p.message}`).join('\n') +
          `\nWrite it with "ibl2nwb metadata ${positionals[0]} -o meta.json", fill these fields, ` +
          'and convert again with --metadata meta.json.',
        'convert'
      );
    }
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
  const one = values.alyx
    ? await fetchRemoteSession(
        openRemote(values, 'convert'),
        positionals[0],
        cache,
        io.signal,
        event => {
          if (values.json) {
            jsonLine(io, { type: 'download', ...event });
          }
        },
        { raw: values.raw || values.split, video: values.video }
      )
    : folder?.one;
  const output = values.output;
  const rawOutput = values.split
    ? (values['raw-output'] ?? rawFileName(output))
    : undefined;
  if (rawOutput === output) {
    throw new UsageError(
      '--raw-output must differ from -o (the processed file)',
      'convert'
    );
  }
  // The release's two files: processed first, then electrodes + raw data.
  const parts: {
    output: string;
    file?: 'processed' | 'raw';
    report: string;
  }[] = rawOutput
    ? [
        {
          output,
          file: 'processed',
          report: values.report ?? `${output}.report.json`
        },
        { output: rawOutput, file: 'raw', report: `${rawOutput}.report.json` }
      ]
    : [{ output, report: values.report ?? `${output}.report.json` }];
  for (const part of parts) {
    const status = await convertPart(part);
    if (status !== 0) {
      return status;
    }
  }
  return 0;

  async function convertPart(part: (typeof parts)[number]): Promise<number> {
    let lastProgress = 0;
    try {
      const report = await convertSession({
        cacheDir: cache!,
        one,
        eid: folder?.eid ?? positionals[0],
        output: part.output,
        file: part.file,
        metadata,
        modalities: values.modalities
          ?.split(',')
          .map(m => m.trim())
          .filter(Boolean),
        atlasDir: values.atlas ?? bundledAtlas(),
        // Compress on two worker threads: gzip is the bottleneck of large arrays.
        storage: { deflateWorkers: 2 },
        poseLikelihoodThreshold:
          values['pose-likelihood'] !== undefined
            ? Number(values['pose-likelihood'])
            : undefined,
        overwrite: values.overwrite,
        // --split writes the raw file: raw ephys is what it is for.
        raw: values.raw || !!values.split,
        video: values.video,
        signal: io.signal,
        onEvent: event => {
          if (values.json) {
            // Progress at most ~10 times a second; steps and the rest always.
            const now = Date.now();
            if (
              event.type !== 'progress' ||
              now - lastProgress >= 100 ||
              event.overall === 1
            ) {
              lastProgress = now;
              jsonLine(io, part.file ? { ...event, file: part.file } : event);
            }
          } else if (event.type === 'step') {
            io.err(
              `${part.file ? `${part.file}: ` : ''}[${event.index + 1}/${event.total}] ${event.title}\n`
            );
          } else if (event.type === 'skipped') {
            io.err(`  skipped ${event.step}: ${event.reason}\n`);
          }
        }
      });
      await writeReport(part.report, report);
      if (!values.json) {
        io.out(summarizeReport(report) + '\n');
      }
      return 0;
    } catch (error) {
      const report =
        error instanceof ConversionFailed ||
        error instanceof ConversionCancelled
          ? error.report
          : undefined;
      if (report) {
        await writeReport(part.report, report).catch(() => undefined);
      }
      if (values.json) {
        jsonLine(io, {
          type: 'error',
          message: (error as Error).message,
          ...(part.file ? { file: part.file } : {}),
          ...(report ? { report } : {})
        });
      }
      if (error instanceof ConversionCancelled) {
        io.err(`ibl2nwb convert: ${error.message}\n`);
        return 130;
      }
      throw error;
    }
  }
}

/**
 * The raw file beside a processed one: DANDI's `…_desc-raw_ecephys.nwb` for
 * a `sub-X_ses-Y_desc-processed_…` name, else `<name>_raw.nwb`.
 */
export function rawFileName(processed: string): string {
  const dandi = /^(.*sub-[^_/]+_ses-[^_/]+)_desc-processed_[^/]*\.nwb$/.exec(
    processed
  );
  return dandi
    ? `${dandi[1]}_desc-raw_ecephys.nwb`
    : processed.replace(/\.nwb$/, '_raw.nwb');
}

/** A bare folder's metadata: its path, plus whatever ONE's REST cache beside it knows. */
async function folderMetadata(cacheDir: string, eid: string, one: LocalOne) {
  const rest = new FileRestCache(cacheDir);
  const { records } = await gatherRecords(
    async path => (await rest.read(path))?.value ?? null,
    eid,
    one.session(eid)
  );
  const document = metadataFromAlyx(records);
  document.NWBFile.session_id = folderSessionId(eid);
  return document;
}

async function writeReport(path: string, report: unknown): Promise<void> {
  await writeFile(`${path}.part`, JSON.stringify(report, null, 2) + '\n');
  await rename(`${path}.part`, path);
}
