import { execFileSync } from 'child_process';
import * as path from 'path';

const REPO = path.resolve(__dirname, '../..');

export interface IGeneratedSession {
  /** The ONE cache folder the generator writes. */
  cache: string;
  /** The NWB file the CLI writes. */
  out: string;
  /** The generator's seed (sessions differ by seed). */
  seed?: number;
  /** Real camera movies (`--video yes`; needs ffmpeg). */
  movies?: boolean;
  /** More `ibl2nwb convert` options (e.g. `--modalities`, `--video`). */
  convert?: string[];
}

/**
 * A spec's session: one tiny session made by the project's generator
 * (`src/one/generate/main.ts`), converted by the bundled CLI to `out`.
 * Returns the session's eid. Throws with the tool's output if either fails.
 */
export function convertGeneratedSession(session: IGeneratedSession): string {
  const generated = execFileSync(
    path.join(REPO, 'node_modules/.bin/tsx'),
    [
      'src/one/generate/main.ts',
      '--out',
      session.cache,
      '--sessions',
      '1',
      '--seed',
      String(session.seed ?? 3),
      '--size',
      'tiny',
      ...(session.movies ? ['--video', 'yes'] : [])
    ],
    { cwd: REPO }
  ).toString();
  const eid = (/eid ([0-9a-f-]{36})/.exec(generated) as RegExpExecArray)[1];
  execFileSync(
    'node',
    [
      'jupyterlab_ibl_nwb/cli/ibl2nwb.mjs',
      'convert',
      eid,
      '--cache',
      session.cache,
      '-o',
      session.out,
      ...(session.convert ?? [])
    ],
    { cwd: REPO }
  );
  return eid;
}
