import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared folder of real NWB files written by many tools. */
export const SAMPLES_DIR = fileURLToPath(
  new URL('../../../../shared/nwb-samples', import.meta.url)
);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Every `.nwb` sample, sorted. */
export const SAMPLE_FILES = walk(SAMPLES_DIR)
  .filter(p => p.endsWith('.nwb'))
  .sort();

export const sampleName = (path: string): string => relative(SAMPLES_DIR, path);

export const sample = (name: string): string => join(SAMPLES_DIR, name);
