import { parseArgs } from 'node:util';

import { formatTable, ICliIO, jsonLine, UsageError } from '../io';
import type { LocalOne } from '../../one/node/localOne';
import {
  ISourceValues,
  openLocal,
  openRemote,
  SOURCE_HELP,
  SOURCE_OPTIONS
} from '../source';

/** How a search opens a local cache: `search --serve` passes one that keeps caches open. */
export type LocalOpener = (
  values: ISourceValues,
  command: string,
  options: { sessionsOnly?: boolean }
) => Promise<LocalOne>;

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

interface ISessionRow {
  eid: string;
  lab: string;
  subject: string;
  date: string;
  number: number | null;
  task_protocol: string;
}

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
  const range = dateRange(values['date-range']);
  let rows: ISessionRow[];
  if (values.alyx) {
    const client = openRemote(values, 'search');
    const found = await client.searchSessions(
      {
        subject: values.subject,
        dateRange: range,
        lab: values.lab,
        projects: values.project,
        taskProtocol: values.protocol,
        number: values.number,
        datasets: values.dataset
      },
      { signal: io.signal }
    );
    rows = found.map(s => ({
      eid: s.id,
      lab: s.lab,
      subject: s.subject,
      date: s.start_time.slice(0, 10),
      number: s.number,
      task_protocol: s.task_protocol
    }));
  } else {
    // datasets.pqt is read only to filter by dataset: it is the big table.
    const one = await open(values, 'search', {
      sessionsOnly: !values.dataset
    });
    const query: Record<string, unknown> = {};
    const put = (key: string, value: unknown) => {
      if (value !== undefined) {
        query[key] = value;
      }
    };
    put('subject', values.subject);
    put('date_range', range);
    put('laboratory', values.lab);
    put('projects', values.project);
    put('task_protocol', values.protocol);
    put('number', values.number);
    put('dataset_contains', values.dataset);
    rows = one.search(query).map(eid => {
      const s = one.session(eid);
      return {
        eid,
        lab: s.lab,
        subject: s.subject,
        date: s.date,
        number: s.number,
        task_protocol: s.taskProtocol
      };
    });
  }
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
