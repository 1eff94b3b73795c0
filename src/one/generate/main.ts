/**
 * CLI: generate a ONE cache of realistic IBL sessions.
 *
 *   tsx src/one/generate/main.ts --out DIR --sessions N --seed S --size tiny|small|bench
 *        [--fixtures ../shared/fixtures] [--alyx-url URL] [--data-url URL] [--video yes|no]
 *
 * `--video yes` also writes each camera's raw movie (ffmpeg on PATH; see movie.ts).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { GeneratorError } from './errors';
import { generateCache } from './generateCache';
import { SizeName } from './sizes';

export interface ICliOptions {
  out: string;
  sessions: number;
  seed: number;
  size: SizeName;
  fixtures: string;
  alyxUrl?: string;
  dataUrl?: string;
  movies: boolean;
}

const USAGE =
  'usage: main.ts --out DIR --sessions N --seed S --size tiny|small|bench [--fixtures DIR] [--alyx-url URL] [--data-url URL] [--video yes|no]';

/** Parse `--key value` arguments. */
export function parseArgs(
  argv: string[],
  defaultFixtures: string
): ICliOptions {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    if (!key.startsWith('--') || i + 1 >= argv.length) {
      throw new GeneratorError(key, 'expected --option value pairs', USAGE);
    }
    values[key.slice(2)] = argv[i + 1];
  }
  const known = [
    'out',
    'sessions',
    'seed',
    'size',
    'fixtures',
    'alyx-url',
    'data-url',
    'video'
  ];
  for (const key of Object.keys(values)) {
    if (!known.includes(key)) {
      throw new GeneratorError(`--${key}`, 'unknown option', USAGE);
    }
  }
  if (!values.out) {
    throw new GeneratorError('--out', 'missing', USAGE);
  }
  const size = (values.size ?? 'tiny') as SizeName;
  if (!['tiny', 'small', 'bench'].includes(size)) {
    throw new GeneratorError(
      '--size',
      `unknown size ${size}`,
      'use tiny, small or bench'
    );
  }
  const seed = Number(values.seed ?? '0');
  const sessions = Number(values.sessions ?? '2');
  if (!Number.isInteger(seed)) {
    throw new GeneratorError(
      '--seed',
      `${values.seed} is not an integer`,
      'pass e.g. --seed 1'
    );
  }
  const video = values.video ?? 'no';
  if (!['yes', 'no'].includes(video)) {
    throw new GeneratorError('--video', `${video} is not yes or no`, USAGE);
  }
  return {
    out: values.out,
    movies: video === 'yes',
    sessions,
    seed,
    size,
    fixtures: values.fixtures ?? defaultFixtures,
    alyxUrl: values['alyx-url'],
    dataUrl: values['data-url']
  };
}

export function main(argv: string[]): number {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const defaultFixtures = path.resolve(here, '../../../../shared/fixtures');
  try {
    const o = parseArgs(argv, defaultFixtures);
    const urls = {
      alyx: o.alyxUrl ?? 'http://127.0.0.1:8000',
      data: o.dataUrl ?? 'http://127.0.0.1:8000/files'
    };
    const result = generateCache({
      outDir: o.out,
      sessions: o.sessions,
      seed: o.seed,
      size: o.size,
      fixturesDir: o.fixtures,
      urls,
      movies: o.movies,
      log: line => process.stdout.write(line + '\n')
    });
    process.stdout.write(
      `${result.sessions.length} sessions, ${result.datasets.length} datasets, ${result.spikes} spikes in ${o.out}\n`
    );
    return 0;
  } catch (err) {
    process.stderr.write(
      `${err instanceof Error ? err.message : String(err)}\n`
    );
    return err instanceof GeneratorError ? 2 : 1;
  }
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  process.exitCode = main(process.argv.slice(2));
}
