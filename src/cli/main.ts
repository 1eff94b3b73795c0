/**
 * `ibl2nwb`: the command-line converter. Subcommands land with the data
 * access and conversion issues; this entry point owns argument dispatch.
 */
import { parseArgs } from 'node:util';

import { CLI_VERSION } from './version';

export const USAGE = `ibl2nwb ${CLI_VERSION} — convert International Brain Laboratory sessions to NWB

Usage:
  ibl2nwb <command> [options]
  ibl2nwb --version
  ibl2nwb --help

Commands (coming with the next releases):
  search     find sessions in a ONE cache or on an Alyx server
  info       show a session's datasets and modalities
  metadata   write a session's NWB metadata as editable JSON
  convert    convert one session to NWB
  batch      convert many sessions, optionally sharded

Options:
  -h, --help      show this help
  -V, --version   print the version
`;

/** Run the CLI with `argv` (without node and script); returns the exit code. */
export function run(
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void
): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' }
      }
    });
  } catch (error) {
    err(
      `ibl2nwb: ${(error as Error).message}\nRun "ibl2nwb --help" for usage.\n`
    );
    return 2;
  }
  if (parsed.values.version) {
    out(`${CLI_VERSION}\n`);
    return 0;
  }
  if (parsed.values.help || parsed.positionals.length === 0) {
    out(USAGE);
    return 0;
  }
  err(
    `ibl2nwb: unknown command "${parsed.positionals[0]}".\nRun "ibl2nwb --help" for the commands available.\n`
  );
  return 2;
}
