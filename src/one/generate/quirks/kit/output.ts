/** Where a case's conversion writes, and the convert arguments for a session of a cache. */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ICaseCache } from './cache';

/** `<dir>/out/<name>.nwb`, its folder created (the CLI writes into an existing folder). */
export function outputFile(dir: string, name: string): string {
  const out = path.join(dir, 'out');
  fs.mkdirSync(out, { recursive: true });
  return path.join(out, `${name}.nwb`);
}

/** `convert <eid> --cache DIR -o OUT [extra]`. */
export function cacheArgs(
  c: ICaseCache,
  output: string,
  ...extra: string[]
): string[] {
  return [c.eid, '--cache', c.cacheDir, '-o', output, ...extra];
}
