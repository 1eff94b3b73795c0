#!/usr/bin/env node
import { run } from './main';

// SIGINT/SIGTERM abort the running command so it can clean up (.part files)
// and exit; a second signal exits at once.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) {
      process.exit(130);
    }
    controller.abort();
  });
}

run(process.argv.slice(2), {
  out: text => process.stdout.write(text),
  err: text => process.stderr.write(text),
  signal: controller.signal
}).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(
      `ibl2nwb: ${error instanceof Error ? error.stack : String(error)}\n`
    );
    process.exitCode = 1;
  }
);
