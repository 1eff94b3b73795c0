/**
 * The CLI as a process: signals, a reader that went away, a run that never settles, a
 * promise nobody awaited. Each ends with cleanup (no .part file left) and a non-zero exit
 * code; never exit 0 without run() having said so.
 */
import { removeLiveTempFiles } from '../convert/outputFiles';
import { EXIT } from './exitCodes';
import type { ICliIO } from './io';

export type CliRun = (argv: string[], io: ICliIO) => Promise<number>;

/** The signals that end a run: Ctrl-C, `kill`, and the terminal closing. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function runProcess(run: CliRun, argv: string[]): void {
  const controller = new AbortController();
  const json = argv.includes('--json');
  let settled = false;
  let stdoutOpen = true;

  const say = (code: 'INTERNAL', message: string) => {
    if (json && stdoutOpen) {
      try {
        process.stdout.write(
          JSON.stringify({ type: 'error', code, message }) + '\n'
        );
      } catch {
        // stdout is gone: stderr below still says it.
      }
    }
    process.stderr.write(`ibl2nwb: ${message}\n`);
  };

  for (const signal of SIGNALS) {
    process.on(signal, () => {
      if (controller.signal.aborted) {
        // A second signal: no waiting for the run to clean up, but no .part left either.
        removeLiveTempFiles();
        process.exit(EXIT.cancelled);
      }
      controller.abort();
    });
  }
  // The reader went away (`ibl2nwb … | head`, a server that stopped): stop, clean up.
  process.stdout.on('error', error => {
    stdoutOpen = false;
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') {
      process.stderr.write(
        `ibl2nwb: cannot write to stdout (${error.message})\n`
      );
    }
    controller.abort();
  });
  // A closed terminal (SIGHUP) can make stderr fail too: never crash on it.
  process.stderr.on('error', () => controller.abort());

  // The event loop drained with run() still pending (a worker died, a promise that will
  // never settle): that is a failure, not the exit 0 Node would give.
  process.on('beforeExit', () => {
    if (!settled) {
      settled = true;
      say(
        'INTERNAL',
        'internal error: the conversion stopped without finishing (a worker may have died); no file was written.'
      );
      removeLiveTempFiles();
      process.exitCode = EXIT.failure;
    }
  });
  process.on('unhandledRejection', reason => {
    say(
      'INTERNAL',
      `internal error: ${reason instanceof Error ? reason.message : String(reason)}`
    );
    controller.abort();
    removeLiveTempFiles();
    process.exit(EXIT.failure);
  });

  run(argv, {
    out: text => {
      if (stdoutOpen) {
        process.stdout.write(text);
      }
    },
    err: text => {
      process.stderr.write(text);
    },
    signal: controller.signal
  }).then(
    code => {
      settled = true;
      process.exitCode = code;
    },
    error => {
      settled = true;
      say(
        'INTERNAL',
        `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
      );
      removeLiveTempFiles();
      process.exitCode = EXIT.failure;
    }
  );
}
