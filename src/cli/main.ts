/**
 * `ibl2nwb`: the command-line converter. This file owns argument dispatch;
 * each command lives in `commands/`.
 */
import { parseArgs } from 'node:util';

import { batch, BATCH_HELP } from './commands/batch';
import { convert, CONVERT_HELP } from './commands/convert';
import { download, DOWNLOAD_HELP } from './commands/download';
import { info, INFO_HELP } from './commands/info';
import { login, LOGIN_HELP } from './commands/login';
import { metadata, METADATA_HELP } from './commands/metadata';
import { search, SEARCH_HELP } from './commands/search';
import { serveSearches } from './commands/searchServe';
import { reportFailure } from './errorEvent';
import { EXIT_CODES_HELP } from './exitCodes';
import { ICliIO } from './io';
import { PACKAGE_VERSION } from '../version';

interface ICommand {
  summary: string;
  help: string;
  run: (argv: string[], io: ICliIO) => Promise<number>;
}

const COMMANDS: Record<string, ICommand> = {
  search: {
    summary: 'find sessions in a ONE cache or on an Alyx server',
    help: SEARCH_HELP,
    // `search --serve`: the server's long-lived search process (commands/searchServe.ts).
    run: (argv, io) =>
      argv.includes('--serve')
        ? serveSearches(
            argv.filter(a => a !== '--serve'),
            io
          )
        : search(argv, io)
  },
  info: { summary: "show a session's datasets", help: INFO_HELP, run: info },
  login: {
    summary: 'log in to an Alyx server and print the token',
    help: LOGIN_HELP,
    run: login
  },
  download: {
    summary: "download a session's datasets into a ONE cache",
    help: DOWNLOAD_HELP,
    run: download
  },
  metadata: {
    summary: "write a session's NWB metadata as editable JSON",
    help: METADATA_HELP,
    run: metadata
  },
  convert: {
    summary: 'convert one session to NWB',
    help: CONVERT_HELP,
    run: convert
  },
  batch: {
    summary: 'convert many sessions, optionally sharded (SLURM / Kubernetes)',
    help: BATCH_HELP,
    run: batch
  }
};

export const USAGE = `ibl2nwb ${PACKAGE_VERSION} — convert International Brain Laboratory sessions to NWB

Usage:
  ibl2nwb <command> [options]
  ibl2nwb <command> --help
  ibl2nwb --version

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Options:
  -h, --help      show this help
  -V, --version   print the version

${EXIT_CODES_HELP}`;

/** Run the CLI with `argv` (without node and script); resolves to the exit code. */
export async function run(argv: string[], io: ICliIO): Promise<number> {
  const name = argv[0];
  const command = name !== undefined ? COMMANDS[name] : undefined;
  if (command) {
    const rest = argv.slice(1);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(command.help);
      return 0;
    }
    try {
      return await command.run(rest, io);
    } catch (error) {
      // One mapping for every command: the code, the JSON event, the stderr line.
      return reportFailure(io, name!, error, rest.includes('--json'));
    }
  }

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
    io.err(
      `ibl2nwb: ${(error as Error).message}\nRun "ibl2nwb --help" for usage.\n`
    );
    return 2;
  }
  if (parsed.values.version) {
    io.out(`${PACKAGE_VERSION}\n`);
    return 0;
  }
  if (parsed.values.help || parsed.positionals.length === 0) {
    io.out(USAGE);
    return 0;
  }
  io.err(
    `ibl2nwb: unknown command "${parsed.positionals[0]}".\nRun "ibl2nwb --help" for the commands available.\n`
  );
  return 2;
}
