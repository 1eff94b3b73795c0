import { describe, expect, it } from 'vitest';

import { readSettings } from '../../src/settings';
import { DEFAULT_SETTINGS } from '../../src/tokens';

describe('readSettings', () => {
  it('takes string values from the registry', () => {
    expect(
      readSettings({
        alyxUrl: 'http://127.0.0.1:8000',
        cacheDir: 'one',
        outputDir: 'out',
        maxJobs: 3
      })
    ).toEqual({
      alyxUrl: 'http://127.0.0.1:8000',
      cacheDir: 'one',
      outputDir: 'out',
      maxJobs: 3
    });
  });

  it('falls back to defaults for missing or mistyped values', () => {
    expect(readSettings({ alyxUrl: 42, outputDir: null })).toEqual(
      DEFAULT_SETTINGS
    );
    for (const maxJobs of [-1, 17, 2.5, '2']) {
      expect(readSettings({ maxJobs }).maxJobs).toBe(0);
    }
  });
});
