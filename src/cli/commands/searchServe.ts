/**
 * `ibl2nwb search --serve`: a long-lived search process for the server extension. Starting
 * Node and loading the bundle costs ~0.5 s per search; this process pays it once and keeps
 * the caches it opened in memory (a few, least recently used first out), so a crowd of
 * different searches costs milliseconds each.
 *
 * Protocol (lines of any length, answered in order):
 *   request  {"id": ANY, "args": ["--cache", DIR, "--subject=KS005", "--json", …]}  (one line)
 *   answer   {"id": ANY, "exit": CODE, "count": N, "error"?: "stderr text"}  (one line), then
 *            the N non-empty lines `ibl2nwb search ARGS` prints on stdout, as they are
 * The lines and `exit` are exactly what the one-shot search prints and exits with (an error
 * event included with --json). They follow the head instead of sitting in it so the server
 * passes rows through without parsing them: 30,000 rows nested in one JSON line cost it
 * ~0.1 s of parsing, during which it answers no other request.
 * A cache is opened again when its tables change (size, mtime or inode of sessions.pqt /
 * datasets.pqt), so an answer is never stale.
 * End of stdin ends the process (exit 0); SIGTERM stops it (exit 130).
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

import { LocalOne } from '../../one/node/localOne';
import { reportFailure } from '../errorEvent';
import { EXIT } from '../exitCodes';
import { ICliIO, UsageError } from '../io';
import { LocalOpener, openLocal } from '../source';
import { search, SEARCH_HELP } from './search';

/** Caches kept open at once: each holds its tables in memory (datasets.pqt can be 100s of MB). */
const DEFAULT_KEPT = 3;

interface IAnswer {
  id: unknown;
  exit: number;
  lines: string[];
  error?: string;
}

/** Size, mtime and inode of the cache tables: an opened cache is valid while they are the same. */
async function tablesStamp(folder: string): Promise<string> {
  const parts = await Promise.all(
    ['sessions.pqt', 'datasets.pqt'].map(name =>
      stat(join(folder, name), { bigint: true }).then(
        s => `${name}:${s.size}:${s.mtimeNs}:${s.ino}`,
        () => `${name}:none`
      )
    )
  );
  return parts.join('|');
}

/** Opened caches by folder and table set, least recently used first. */
export class OpenCaches {
  private readonly kept = new Map<
    string,
    { stamp: string; one: Promise<LocalOne> }
  >();

  constructor(
    readonly limit = DEFAULT_KEPT,
    private readonly openFresh: LocalOpener = openLocal
  ) {}

  readonly open: LocalOpener = async (values, command, options) => {
    if (!values.cache) {
      return this.openFresh(values, command, options); // says what is missing
    }
    const folder = resolve(values.cache);
    const key = `${options.sessionsOnly ? 'sessions' : 'all'}:${folder}`;
    const stamp = await tablesStamp(folder);
    const found = this.kept.get(key);
    this.kept.delete(key);
    if (found && found.stamp === stamp) {
      this.kept.set(key, found); // most recently used last
      return found.one;
    }
    const one = this.openFresh(values, command, options);
    const opened = await one; // a failure is not kept: the next search tries again
    // Tables rewritten while they were read: answer from what was read, keep nothing.
    if ((await tablesStamp(folder)) === stamp) {
      this.kept.set(key, { stamp, one });
      while (this.kept.size > this.limit) {
        this.kept.delete(this.kept.keys().next().value as string);
      }
    }
    return opened;
  };
}

function isArgs(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(a => typeof a === 'string');
}

/** One request's answer, as the one-shot `ibl2nwb search ARGS` would have printed it. */
export async function answerRequest(
  text: string,
  caches: OpenCaches,
  signal: AbortSignal
): Promise<IAnswer> {
  const out: string[] = [];
  const err: string[] = [];
  const io: ICliIO = {
    out: t => out.push(t),
    err: t => err.push(t),
    signal
  };
  let id: unknown = null;
  let exit: number;
  let args: string[] | undefined;
  try {
    const request = JSON.parse(text) as { id?: unknown; args?: unknown };
    id = request?.id ?? null;
    if (!isArgs(request?.args)) {
      throw new UsageError(
        'a search request is {"id": …, "args": [strings]}',
        'search'
      );
    }
    args = request.args;
    if (args.includes('--help') || args.includes('-h')) {
      io.out(SEARCH_HELP);
      exit = EXIT.ok;
    } else if (args.includes('--serve')) {
      throw new UsageError('--serve cannot be asked of a search', 'search');
    } else {
      exit = await search(args, io, caches.open);
    }
  } catch (error) {
    // A request that is not one gets the JSON error event whatever it asked for.
    const json = args === undefined || args.includes('--json');
    exit = reportFailure(
      io,
      'search',
      error instanceof SyntaxError
        ? new UsageError(`a request is not JSON: ${error.message}`, 'search')
        : error,
      json
    );
  }
  const lines = out
    .join('')
    .split('\n')
    .filter(line => line.trim() !== '');
  const error = err.join('').trim();
  return { id, exit, lines, ...(exit !== EXIT.ok && error ? { error } : {}) };
}

/** An answer as it goes out: its head, then its lines (see the protocol above). */
export function answerText({ lines, ...head }: IAnswer): string {
  return (
    [JSON.stringify({ ...head, count: lines.length }), ...lines].join('\n') +
    '\n'
  );
}

/** Answer search requests from stdin until it ends or the process is told to stop. */
export async function serveSearches(
  argv: string[],
  io: ICliIO,
  input: NodeJS.ReadableStream = process.stdin
): Promise<number> {
  const values = argv.filter(a => a !== '--json');
  if (values.length > 0) {
    throw new UsageError(
      `search --serve takes no other options (got ${values.join(' ')}); send them with each request`,
      'search'
    );
  }
  const caches = new OpenCaches(
    Number(process.env.IBL2NWB_SEARCH_CACHES) || DEFAULT_KEPT
  );
  const lines = createInterface({ input, crlfDelay: Infinity });
  const stop = () => lines.close();
  io.signal.addEventListener('abort', stop, { once: true });
  try {
    for await (const line of lines) {
      if (line.trim() === '') {
        continue;
      }
      // One at a time, in order: the server sends one request per process and waits.
      const answer = await answerRequest(line, caches, io.signal);
      io.out(answerText(answer));
    }
  } finally {
    io.signal.removeEventListener('abort', stop);
  }
  return io.signal.aborted ? EXIT.cancelled : EXIT.ok;
}
