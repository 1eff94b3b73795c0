/**
 * One session of `ibl2nwb batch`: `ibl2nwb convert --json` in a child process (its own wasm
 * heap; a crash stays contained). What the batch log needs comes back: the exit code, the
 * child's structured error event (code, message, dataset, advice) and the last lines of its
 * stderr, so `batch status` can say why a session failed without anyone reading the task log.
 */
import { spawn } from 'node:child_process';

export interface IChildError {
  code?: string;
  message?: string;
  dataset?: string;
  advice?: string;
}

export interface IChildOutcome {
  /** The exit code, or null when the child died of a signal. */
  exit: number | null;
  signal: NodeJS.Signals | null;
  /** The last `{"type":"error"}` line the child printed, if any. */
  error?: IChildError;
  /** The last lines of its stderr (each cut to TAIL_WIDTH characters). */
  tail: string[];
}

export const TAIL_LINES = 20;
const TAIL_WIDTH = 400;

/** Keeps the last lines of a stream without holding the stream (a report line is 25 KB+). */
export class LineTail {
  readonly lines: string[] = [];
  private partial = '';

  constructor(private readonly keep: number) {}

  push(chunk: string, onLine?: (line: string) => void): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    // An unterminated line is only held to its cut width (a runaway line stays bounded).
    if (this.partial.length > TAIL_WIDTH && !onLine) {
      this.partial = this.partial.slice(0, TAIL_WIDTH);
    }
    for (const line of parts) {
      this.add(line, onLine);
    }
  }

  end(onLine?: (line: string) => void): void {
    this.add(this.partial, onLine);
    this.partial = '';
  }

  private add(line: string, onLine?: (line: string) => void): void {
    onLine?.(line);
    if (!line.trim()) {
      return;
    }
    this.lines.push(
      line.length > TAIL_WIDTH ? line.slice(0, TAIL_WIDTH) + '…' : line
    );
    if (this.lines.length > this.keep) {
      this.lines.shift();
    }
  }
}

/** The error event of a `--json` line, or undefined for any other line. */
export function errorOfLine(line: string): IChildError | undefined {
  if (!line.startsWith('{"type":"error"')) {
    return undefined; // progress and the long done line are not parsed
  }
  try {
    const event = JSON.parse(line) as Record<string, unknown>;
    const text = (key: string) =>
      typeof event[key] === 'string' ? (event[key] as string) : undefined;
    return {
      code: text('code'),
      message: text('message'),
      dataset: text('dataset'),
      advice: text('advice')
    };
  } catch {
    return undefined;
  }
}

/**
 * Run `ibl2nwb convert ARGS --json`; SIGTERM to the child when `signal` aborts (it cleans up
 * and exits 130). `env` adds to this process's environment (credentials stay out of argv).
 */
export function convertInChild(
  args: string[],
  signal: AbortSignal,
  env: Record<string, string> = {}
): Promise<IChildOutcome> {
  const cli = process.env.IBL2NWB_CLI ?? process.argv[1];
  return new Promise(resolve => {
    const child = spawn(process.execPath, [cli, 'convert', ...args, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env }
    });
    let error: IChildError | undefined;
    const seeError = (line: string) => (error = errorOfLine(line) ?? error);
    const stdout = new LineTail(0);
    const stderr = new LineTail(TAIL_LINES);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => stdout.push(chunk, seeError));
    child.stderr.on('data', (chunk: string) => stderr.push(chunk));
    const stop = () => child.kill('SIGTERM');
    signal.addEventListener('abort', stop, { once: true });
    if (signal.aborted) {
      stop();
    }
    child.on('close', (exit, killedBy) => {
      signal.removeEventListener('abort', stop);
      stdout.end(seeError);
      stderr.end();
      resolve({ exit, signal: killedBy, error, tail: stderr.lines });
    });
  });
}
