/**
 * The quirks corpus (CONTRACTS.md 4): real-world oddities of IBL sessions, each
 * as its own seeded session or a mutation of one, with what `ibl2nwb convert`
 * must do about it. tests/python/quirks runs the CLI on every case.
 */

import type { ErrorCode } from '../../../cli/errorCodes';

/** What a run must end in. */
export interface IQuirkExpectation {
  exit: 0 | 1 | 2 | 3;
  /** The `--json` error event's code (runs that fail); a list: any of them. */
  code?: ErrorCode | ErrorCode[];
  /** Text the error message must contain (both the event and the stderr line), e.g. the dataset. */
  messageIncludes?: string[];
  /** Regular expressions (case-insensitive), each matched by some report note `step: message`. */
  notes?: string[];
  /** Regular expressions (case-insensitive), each matched by a skip reason or a note. */
  skipped?: string[];
  /** 'nwb': every output is under its final name; 'none': no output and no `.part` left. */
  files: 'nwb' | 'none';
  /** Another outcome that is also right (e.g. a clear refusal instead of a success). */
  alternative?: IQuirkExpectation;
}

/** A prepared case: how to run it and what to look at afterwards. */
export interface IQuirkBuild {
  /** Arguments after `ibl2nwb convert`, including `-o OUTPUT`. */
  args: string[];
  /** OUT.nwb, the file a success writes. */
  output: string;
  /** Every NWB file a success writes (default: [output]); `--split` writes two. */
  outputs?: string[];
  /** The session folder the case converts (what oracles read). */
  session: string;
  /**
   * `ibl2nwb` commands run before the conversion, each must exit 0; `fill` then sets
   * fields of the JSON file it wrote (dotted paths), as a user fills the metadata form.
   */
  prepare?: {
    args: string[];
    fill?: { file: string; set: Record<string, unknown> };
  }[];
  /** Files whose bytes must be the same after the run (e.g. a symlink's target). */
  untouched?: string[];
  /** Paths the case placed beside the output (left alone by the leftover check). */
  preplaced?: string[];
  /** Paths that must not exist after the run (e.g. a stale chunk file). */
  absentAfter?: string[];
  /**
   * Case-specific facts for the oracles (e.g. the rows a table keeps). `row`: the
   * first offending row, which a failure's error event carries as `row` and its message names.
   */
  facts?: Record<string, unknown>;
}

export interface IQuirkCase {
  /** Unique, file-name safe. */
  name: string;
  /** Issue and item, e.g. '19.1'. */
  issue: string;
  describe: string;
  /** Build the case under `dir` (an empty folder) from `seed`; deterministic. */
  build(dir: string, seed: number): IQuirkBuild | Promise<IQuirkBuild>;
  expect: IQuirkExpectation;
}
