import { parseArgs } from 'node:util';

import {
  catalogueAvailability,
  recordsOfSummaries
} from '../../convert/availability';
import { CATALOGUE } from '../../convert/catalogue';
import { formatTable, ICliIO, jsonLine, UsageError } from '../io';
import { openSource, SOURCE_HELP, SOURCE_OPTIONS } from '../source';

export const INFO_HELP = `Usage: ibl2nwb info <eid|subject/date/number> (--cache DIR | --alyx URL) [--json]
       ibl2nwb info <lab/Subjects/subject/date/NNN folder> [--json]

Show a session, its datasets (like one.list_datasets()) and which modalities a conversion
can write from them (each modality's own availability check; --json: "interfaces").

${SOURCE_HELP}`;

export async function info(argv: string[], io: ICliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { ...SOURCE_OPTIONS, json: { type: 'boolean' } }
  });
  if (positionals.length !== 1) {
    throw new UsageError(
      'give exactly one session (an eid or subject/date/number)',
      'info'
    );
  }
  // A session folder needs no --cache (as for convert and metadata).
  const { session, datasets } = await openSource(values, 'info', {
    session: positionals[0]
  }).info(positionals[0], io.signal);
  const interfaces = catalogueAvailability(
    io.catalogue ?? CATALOGUE,
    session.eid,
    recordsOfSummaries(session.eid, datasets)
  );
  if (values.json) {
    jsonLine(io, { session, datasets, interfaces });
    return 0;
  }
  io.out(
    Object.entries(session)
      .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`)
      .join('\n') + `\ndatasets: ${datasets.length}\n`
  );
  io.out(
    formatTable(
      ['dataset', 'bytes', 'qc'],
      datasets.map(d => [d.rel_path, String(d.file_size ?? ''), d.qc])
    )
  );
  io.out('\nmodalities:\n');
  io.out(
    formatTable(
      ['modality', 'kind', 'available', 'datasets, or why not'],
      interfaces.map(i => [
        i.name,
        i.kind,
        i.available ? 'yes' : 'no',
        i.reason
      ])
    )
  );
  return 0;
}
