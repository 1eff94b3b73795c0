/**
 * HDF5 reports a failure as a stack of 2–4 KB ("HDF5-DIAG: Error detected … #000 … #007 …
 * errno = 44, error message = 'No such file or directory'"), the cause on its last line.
 * This turns it into the one line a user needs.
 */
import { createProblem } from '../convert/outputFiles';

/** The C library's error messages, as HDF5 quotes them → Node's errno codes. */
const MESSAGE_CODES: Record<string, string> = {
  'no such file or directory': 'ENOENT',
  'not a directory': 'ENOTDIR',
  'permission denied': 'EACCES',
  'operation not permitted': 'EPERM',
  'read-only file system': 'EROFS',
  'no space left on device': 'ENOSPC',
  'disk quota exceeded': 'EDQUOT',
  'file name too long': 'ENAMETOOLONG',
  'is a directory': 'EISDIR'
};

export interface IHdf5Failure {
  /** One line: "cannot create OUT.nwb.part: the folder does not exist". */
  message: string;
  /** Node's errno code of the cause, when HDF5 quoted one. */
  code?: string;
  /** The file HDF5 was opening, when it said. */
  file?: string;
}

export function isHdf5Diagnostic(message: string): boolean {
  return (
    message.includes('HDF5-DIAG') || /#\d{3}: .*H5\w+\.c line/.test(message)
  );
}

/** The one-line cause of an HDF5 diagnostic dump, or undefined if `message` is not one. */
export function summarizeHdf5(message: string): IHdf5Failure | undefined {
  if (!isHdf5Diagnostic(message)) {
    return undefined;
  }
  const sys =
    /name = '([^']*)'[^\n]*?errno = \d+, error message = '([^']*)'/.exec(
      message
    );
  const verb = /H5Fcreate|create file/.test(message)
    ? 'create'
    : /write failed|_write\(\)/.test(message)
      ? 'write'
      : 'open';
  if (sys) {
    const [, file, text] = sys;
    const code = MESSAGE_CODES[text.toLowerCase()];
    const problem = createProblem(code) ?? text.toLowerCase();
    return { message: `cannot ${verb} ${file}: ${problem}`, code, file };
  }
  // Otherwise the innermost frame says what failed: "#007: … in H5Dwrite(): can't write data".
  const frames = [
    ...message.matchAll(/#\d{3}: [^\n]* in (\w+)\(\): ([^\n]*)/g)
  ];
  const last = frames[frames.length - 1];
  const nospace = /no space left|ENOSPC/i.test(message);
  return {
    message: last
      ? `HDF5 ${last[1]}: ${last[2].trim()}${nospace ? ' (disk full)' : ''}`
      : 'HDF5 failed without saying why',
    code: nospace ? 'ENOSPC' : undefined
  };
}
