import { parseArgs } from 'node:util';

import { formatTable, ICliIO, jsonLine, UsageError } from '../io';
import { openLocal, openRemote, SOURCE_HELP, SOURCE_OPTIONS } from '../source';

export const INFO_HELP = `Usage: ibl2nwb info <eid|subject/date/number> (--cache DIR | --alyx URL) [--json]

Show a session and its datasets (like one.list_datasets()).

${SOURCE_HELP}`;

interface IDatasetRow {
  rel_path: string;
  file_size: number | null;
  qc: string;
  exists: boolean;
}

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
  let session: Record<string, unknown>;
  let datasets: IDatasetRow[];
  if (values.alyx) {
    const client = openRemote(values, 'info');
    const detail = await client.sessionDetail(positionals[0], {
      signal: io.signal
    });
    const rows = await client.sessionDatasets(positionals[0], {
      signal: io.signal
    });
    session = {
      eid: detail.id,
      lab: detail.lab,
      subject: detail.subject,
      date: detail.start_time.slice(0, 10),
      number: detail.number,
      task_protocol: detail.task_protocol,
      projects: detail.projects,
      users: detail.users,
      probes: detail.probe_insertion.map(p => p.name)
    };
    datasets = rows.map(r => ({
      rel_path: r.rel_path,
      file_size: r.file_size,
      qc: String(r.qc),
      exists: r.exists
    }));
  } else {
    // Only this session's rows of the cache tables: a big cache answers in a fraction of the time.
    const one = await openLocal(values, 'info', { session: positionals[0] });
    const eid = one.toEid(positionals[0]);
    const s = one.session(eid);
    session = {
      eid,
      lab: s.lab,
      subject: s.subject,
      date: s.date,
      number: s.number,
      task_protocol: s.taskProtocol,
      projects: s.projects
    };
    datasets = one.datasetRecords(eid).map(d => ({
      rel_path: d.relPath,
      file_size: d.fileSize,
      qc: d.qc,
      exists: d.exists
    }));
    datasets.sort((a, b) => a.rel_path.localeCompare(b.rel_path));
  }
  if (values.json) {
    jsonLine(io, { session, datasets });
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
  return 0;
}
