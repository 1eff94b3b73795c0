import { parseArgs } from 'node:util';

import { formatTable, ICliIO, jsonLine, UsageError } from '../io';
import {
  LocalOpener,
  openLocal,
  openSource,
  SOURCE_HELP,
  SOURCE_OPTIONS
} from '../source';

export const SEARCH_HELP = `Usage: ibl2nwb search [filters] (--cache DIR | --alyx URL) [--json]

Find sessions, like one.search(). Filters (all optional, combined with AND):
  --subject NAME          subject nickname (local: contains / regex, as ONE)
  --date-range A[,B]      one date, or an inclusive range; leave A or B empty for open ends
  --lab NAME              lab name
  --project NAME          project name
  --protocol TEXT         task protocol (contains)
  --number N              session number of the day
  --dataset TEXT          a dataset whose file name contains TEXT (e.g. wheel.position;
                          local: a regex, as ONE; repeatable: the session must have all)
  --json                  one JSON line per session
  --serve                 answer searches for a server: one JSON request per line on stdin,
                          {"id", "args": [search options]}, one JSON answer per line on stdout,
                          {"id", "exit", "lines": [what \`search ARGS\` prints on stdout], "error"?}

${SOURCE_HELP}`;

function dateRange(
  text: string | undefined
): [string | null, string | null] | undefined {
  if (text === undefined) {
    return undefined;
  }
  const [from, to = from] = text.split(',').map(s => s.trim());
  return [from || null, to || null];
}

export async function search(
  argv: string[],
  io: ICliIO,
  open: LocalOpener = openLocal
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...SOURCE_OPTIONS,
      subject: { type: 'string' },
      'date-range': { type: 'string' },
      lab: { type: 'string' },
      project: { type: 'string' },
      protocol: { type: 'string' },
      number: { type: 'string' },
      dataset: { type: 'string', multiple: true },
      json: { type: 'boolean' }
    }
  });
  if (values.number !== undefined && !/^\d+$/.test(values.number)) {
    throw new UsageError(
      `--number must be a whole number, not "${values.number}"`,
      'search'
    );
  }
  const source = openSource(values, 'search', { opener: open });
  const rows = await source.search(
    {
      subject: values.subject,
      dateRange: dateRange(values['date-range']),
      lab: values.lab,
      project: values.project,
      protocol: values.protocol,
      number: values.number,
      datasets: values.dataset
    },
    io.signal
  );
  if (values.json) {
    rows.forEach(row => jsonLine(io, row));
  } else if (rows.length === 0) {
    io.err('No session matches these filters.\n');
  } else {
    io.out(
      formatTable(
        ['eid', 'lab', 'subject', 'date', 'no.', 'task protocol'],
        rows.map(r => [
          r.eid,
          r.lab,
          r.subject,
          r.date,
          String(r.number ?? ''),
          r.task_protocol
        ])
      )
    );
  }
  return 0;
}
