/**
 * Typed errors for IBL data access. Every error names the file or dataset it
 * is about and says what the user can do, so the UI and the CLI can show the
 * message as is.
 */

/** Base class: something about an ALF file, dataset or cache is wrong. */
export class AlfError extends Error {
  /** The file path, dataset name or cache folder the error is about. */
  readonly path: string;
  /** What is wrong, without the path and advice. */
  readonly problem: string;
  /** What the user can do about it. */
  readonly advice: string;

  constructor(path: string, problem: string, advice: string) {
    super(`${path}: ${problem}. ${advice}`);
    this.name = new.target.name;
    this.path = path;
    this.problem = problem;
    this.advice = advice;
  }
}

/** A file's bytes do not form a valid file of its format (bad magic, bad header). */
export class CorruptFileError extends AlfError {
  constructor(path: string, problem: string) {
    super(
      path,
      problem,
      'The file is damaged: delete it and download it again (ONE re-downloads files whose size or md5 differ).'
    );
  }
}

/** A file ends before the data its header announces. */
export class TruncatedFileError extends AlfError {
  readonly expectedBytes: number;
  readonly actualBytes: number;

  constructor(path: string, expectedBytes: number, actualBytes: number) {
    super(
      path,
      `file is truncated: expected ${expectedBytes} bytes, found ${actualBytes}`,
      'The download was probably interrupted: delete the file and download it again.'
    );
    this.expectedBytes = expectedBytes;
    this.actualBytes = actualBytes;
  }
}

/** A valid file whose data type we cannot (or will not) read. */
export class UnsupportedDtypeError extends AlfError {
  readonly dtype: string;

  constructor(path: string, dtype: string, advice?: string) {
    super(
      path,
      `unsupported data type '${dtype}'`,
      advice ??
        'Only numeric and boolean arrays can be read; convert the array with numpy (e.g. arr.astype(float)) and save it again.'
    );
    this.dtype = dtype;
  }
}

/** A dataset asked for is not in the cache tables or not on disk. */
export class MissingDatasetError extends AlfError {
  constructor(path: string, problem: string, advice?: string) {
    super(
      path,
      problem,
      advice ??
        'Check the session id, collection and revision with listDatasets, or download the dataset first.'
    );
  }
}

/** More than one dataset matches where exactly one is needed. */
export class AmbiguousDatasetError extends AlfError {
  readonly matches: string[];

  constructor(path: string, matches: string[]) {
    super(
      path,
      `${matches.length} datasets match (${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''})`,
      'Give a collection and/or revision to pick one.'
    );
    this.matches = matches;
  }
}

/** A name or path does not follow the ALF specification. */
export class AlfNameError extends AlfError {
  constructor(path: string, problem: string) {
    super(
      path,
      problem,
      'ALF file names are [_namespace_]object.attribute[_timescale][.extra].extension; session paths are [lab/Subjects/]subject/YYYY-MM-DD/NNN.'
    );
  }
}

/** A search or list call got a filter it cannot use. */
export class InvalidQueryError extends AlfError {
  constructor(what: string, problem: string, advice: string) {
    super(what, problem, advice);
  }
}

/**
 * A session the source does not have: an eid or session path that is not in the cache tables,
 * not on the Alyx server, or no session folder. The CLI calls it NOT_FOUND (exit 2: the
 * argument is what the user must fix) and the server answers 404.
 */
export class SessionNotFoundError extends InvalidQueryError {
  constructor(
    id: string,
    problem: string,
    advice: string,
    options?: { cause?: unknown }
  ) {
    super(id, problem, advice);
    if (options?.cause !== undefined) {
      this.cause = options.cause;
    }
  }
}

/**
 * A local file is not the file its dataset record describes: its size or md5
 * differs from the cache table's `file_size` / `hash` (a damaged disk, an
 * interrupted copy, a file edited or replaced by hand). Its values cannot be
 * trusted, so nothing is read from it.
 */
export class FileIntegrityError extends AlfError {
  constructor(
    path: string,
    readonly check: 'size' | 'md5',
    readonly expected: string | number,
    readonly actual: string | number
  ) {
    super(
      path,
      check === 'size'
        ? Number(actual) < Number(expected)
          ? // Shorter than recorded: what an interrupted download leaves.
            `the file is truncated: it has ${actual} bytes but the cache records ${expected}`
          : `the file has ${actual} bytes, more than the ${expected} the cache records`
        : `the file's md5 is ${actual} but the cache records ${expected}`,
      'The file is damaged or was replaced: download it again (ibl2nwb download, or ONE re-downloads files whose size or md5 differ), or rebuild the cache tables if the file was changed on purpose.'
    );
  }
}
