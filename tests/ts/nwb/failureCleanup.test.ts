/**
 * A failure while datasets stream to the deflate workers ends as one clean error: no
 * unhandled rejection afterwards (Node would end the process with exit code 1), no file left.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'nwb-fail-streaming-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const script = new URL('./scripts/failWhileStreaming.ts', import.meta.url)
  .pathname;

describe('a failure while other datasets stream', () => {
  it.each(['copied', 'shared'])(
    'ends in the clean error only (%s slices)',
    kind => {
      const out = mkdtempSync(join(dir, kind));
      const run = spawnSync(
        join(process.cwd(), 'node_modules/.bin/tsx'),
        [script, out, kind],
        { encoding: 'utf8', timeout: 60_000 }
      );
      expect(run.stdout).toMatch(
        /clean failure: .*\/acquisition\/broken: the data source broke/
      );
      expect(run.stderr).not.toMatch(/Unhandled|unhandled|rejection/);
      expect(run.stdout).toMatch(/exiting normally/);
      expect(run.status).toBe(0);
      expect(readdirSync(out)).toEqual([]);
    },
    90_000
  );
});
