/**
 * The one exit-code table of every ibl2nwb command (CONTRACTS.md §1). The help texts print
 * EXIT_CODES_HELP, and errorEvent.ts is the only place that picks a code for an error.
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notAvailable: 3,
  cancelled: 130
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes (every command):
  0    success (convert: every requested modality written and read back, the file under its final name)
  1    failure: damaged or inconsistent input data (file named), a write, verify or I/O error
       (disk full), or an internal error
  2    usage: bad arguments (a session the source does not have included); a metadata document
       that is invalid, incomplete or of another session; an output path to fix (exists without --overwrite, a folder, unwritable, too long)
  3    not available: a modality asked for (--modalities, --raw, --video) cannot be written
       from this session, or the run would write no modality at all
  130  cancelled (Ctrl-C, SIGTERM, SIGHUP), after cleanup
Whatever the code, on anything but 0 no file is left under its final name (the report may be).
`;
