import { parseArgs } from 'node:util';

import { buildMetadata, sessionFolderOf } from '../../convert/localMetadata';
import { metadataProblems } from '../../convert/metadata';
import { revisionProblem } from '../../convert/session/revisionPin';
import {
  checkFinalName,
  commitTemp,
  ensureFolder,
  writeExclusive
} from '../../convert/outputFiles';
import { folderSessionId } from '../../one/node/sessionFolder';
import { EXIT_CODES_HELP } from '../exitCodes';
import { ICliIO, jsonLine, UsageError } from '../io';
import { openSource, SOURCE_HELP, SOURCE_OPTIONS } from '../source';

export const METADATA_HELP = `Usage: ibl2nwb metadata <eid> --cache DIR [--alyx URL ...] -o meta.json [--overwrite] [--json]
       ibl2nwb metadata <lab/Subjects/subject/date/NNN folder> -o meta.json

Write the session's NWB metadata as an editable JSON document. Convert with
--metadata meta.json to use your edits. Records come from Alyx when --alyx is
given, else from ONE's REST cache in the cache folder (offline), else from the
cache tables alone — fields no source gives are left for you to fill in. Without
an Alyx record the start time comes from the rig's task settings
(raw_behavior_data/ or raw_task_data_XX/_iblrig_taskSettings.raw.json) and the
lab's time zone; when neither is known it is left empty and named.
  -o, --output FILE       where to write the JSON (required)
  --overwrite             replace FILE if it exists
  --revision REV          pin the ALF revision to convert at (Ibl.revision; see convert)
  --json                  print {path, problems, found} as one JSON line

${SOURCE_HELP}
${EXIT_CODES_HELP}`;

export async function metadata(argv: string[], io: ICliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      ...SOURCE_OPTIONS,
      output: { type: 'string', short: 'o' },
      overwrite: { type: 'boolean' },
      revision: { type: 'string' },
      json: { type: 'boolean' }
    }
  });
  if (positionals.length !== 1) {
    throw new UsageError('give exactly one session eid', 'metadata');
  }
  if (!values.output) {
    throw new UsageError(
      '-o meta.json says where to write the metadata',
      'metadata'
    );
  }
  const revisionError =
    values.revision !== undefined ? revisionProblem(values.revision) : null;
  if (revisionError) {
    throw new UsageError(`--revision: ${revisionError}`, 'metadata');
  }
  checkFinalName(values.output, !!values.overwrite);
  const source = openSource(values, 'metadata', { session: positionals[0] });
  const { eid, lookup, table, sessionDir, bareFolder } =
    await source.metadataSources(positionals[0], io.signal);
  const { document, found, hints } = await buildMetadata(lookup, eid, table, {
    alyx: values.alyx,
    sessionDir:
      sessionDir ??
      (table && source.cacheDir
        ? sessionFolderOf(source.cacheDir, table)
        : undefined)
  });
  if (bareFolder) {
    document.NWBFile.session_id = folderSessionId(eid);
  }
  if (values.revision !== undefined) {
    document.Ibl.revision = values.revision;
  }
  // Written out so the gates are visible (and editable) in the document; none applied.
  document.QcPolicy ??= {
    exclude_video_qc: [],
    require_resolved_alignment: false
  };
  const problems = metadataProblems(document).map(p =>
    hints[p.path] ? { ...p, message: `${p.message}: ${hints[p.path]}` } : p
  );
  ensureFolder(values.output);
  const tmp = `${values.output}.part`;
  await writeExclusive(tmp, JSON.stringify(document, null, 2) + '\n');
  await commitTemp(tmp, values.output);
  if (values.json) {
    jsonLine(io, { path: values.output, problems, found });
    return 0;
  }
  io.out(`Wrote ${values.output}.\n`);
  if (!found.session || !found.subject || !found.lab) {
    const missing = Object.entries(found)
      .filter(([key, ok]) => key !== 'trajectories' && !ok)
      .map(([key]) => key);
    io.err(
      `No Alyx record for: ${missing.join(', ')} — those fields are left for you to fill in.\n`
    );
  }
  if (problems.length > 0) {
    io.err(
      `Complete these fields before converting:\n${problems.map(p => `  ${p.path}: ${p.message}`).join('\n')}\n`
    );
  }
  return 0;
}
