import { parseArgs } from 'node:util';

import { buildMetadata, sessionFolderOf } from '../../convert/localMetadata';
import { metadataProblems, RestLookup } from '../../convert/metadata';
import {
  checkFinalName,
  commitTemp,
  ensureFolder,
  writeExclusive
} from '../../convert/outputFiles';
import {
  folderSessionId,
  ISessionFolder,
  isSessionFolder,
  openSessionFolder
} from '../../one/node/sessionFolder';
import { FileRestCache } from '../../one/remote/node/restCache';
import { EXIT_CODES_HELP } from '../exitCodes';
import { ICliIO, jsonLine, UsageError } from '../io';
import { openLocal, openRemote, SOURCE_HELP, SOURCE_OPTIONS } from '../source';

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
  checkFinalName(values.output, !!values.overwrite);
  let lookup: RestLookup;
  let table = null;
  let sessionDir: string | undefined;
  let eid = positionals[0];
  let folder: ISessionFolder | undefined;
  if (values.alyx) {
    const client = openRemote(values, 'metadata');
    lookup = async path => {
      try {
        return await client.get(path, { signal: io.signal });
      } catch (error) {
        if ((error as Error).name === 'NotFoundError') {
          return null;
        }
        throw error;
      }
    };
  } else {
    folder = isSessionFolder(eid) ? await openSessionFolder(eid) : undefined;
    const one = folder?.one ?? (await openLocal(values, 'metadata'));
    eid = folder?.eid ?? one.toEid(eid);
    table = one.session(eid);
    sessionDir =
      folder && !folder.fromTables
        ? positionals[0]
        : sessionFolderOf(values.cache ?? one.cacheDir, table);
    const rest = new FileRestCache(values.cache ?? one.cacheDir);
    // Offline: expired entries still beat nothing (ONE does the same).
    lookup = async path => (await rest.read(path))?.value ?? null;
  }
  const { document, found, hints } = await buildMetadata(lookup, eid, table, {
    alyx: values.alyx,
    sessionDir
  });
  if (folder && !folder.fromTables) {
    document.NWBFile.session_id = folderSessionId(eid);
  }
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
