/** The one list of error codes (src/cli/errorCodes.ts) is the one the README documents. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { ERROR_CODES, EXIT_OF_ERROR_CODE } from '../../../src/cli/errorCodes';

describe('error codes', () => {
  it('are all documented in the README, with the exit codes of contract 1', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const listed = /\(`code` one of ([^;]*)\);/.exec(
      readme.replace(/\n/g, ' ')
    );
    expect(listed).not.toBeNull();
    const documented = listed![1]
      .replace(/\([^)]*\)/g, '')
      .split(',')
      .map(code => code.trim());
    expect(documented.sort()).toEqual([...ERROR_CODES].sort());
    expect(EXIT_OF_ERROR_CODE.NOT_FOUND).toBe(2);
    expect(new Set(Object.values(EXIT_OF_ERROR_CODE))).toEqual(
      new Set([1, 2, 3, 130])
    );
  });
});
