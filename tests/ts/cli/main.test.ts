import { describe, expect, it } from 'vitest';

import { run } from '../../../src/cli/main';

function capture(argv: string[]) {
  let out = '';
  let err = '';
  const code = run(
    argv,
    t => (out += t),
    t => (err += t)
  );
  return { code, out, err };
}

describe('ibl2nwb argument dispatch', () => {
  it('prints the version', () => {
    const { code, out } = capture(['--version']);
    expect(code).toBe(0);
    expect(out.trim()).toBe('dev');
  });

  it('prints usage for --help and for no arguments', () => {
    for (const argv of [['--help'], ['-h'], []]) {
      const { code, out } = capture(argv);
      expect(code).toBe(0);
      expect(out).toContain('Usage:');
    }
  });

  it('rejects unknown options with a hint', () => {
    const { code, err } = capture(['--frobnicate']);
    expect(code).toBe(2);
    expect(err).toContain('ibl2nwb --help');
  });

  it('rejects unknown commands by name', () => {
    const { code, err } = capture(['frobnicate']);
    expect(code).toBe(2);
    expect(err).toContain('"frobnicate"');
  });
});
