import { describe, expect, it } from 'vitest';

import { capture } from './capture';

describe('ibl2nwb argument dispatch', () => {
  it('prints the version', async () => {
    const { code, out } = await capture(['--version']);
    expect(code).toBe(0);
    expect(out.trim()).toBe('dev');
  });

  it('prints usage listing the commands for --help and for no arguments', async () => {
    for (const argv of [['--help'], ['-h'], []]) {
      const { code, out } = await capture(argv);
      expect(code).toBe(0);
      expect(out).toContain('Usage:');
      expect(out).toMatch(/search +find sessions/);
    }
  });

  it('prints per-command help', async () => {
    const { code, out } = await capture(['search', '--help']);
    expect(code).toBe(0);
    expect(out).toContain('--date-range');
  });

  it('rejects unknown options with a hint', async () => {
    const { code, err } = await capture(['--frobnicate']);
    expect(code).toBe(2);
    expect(err).toContain('ibl2nwb --help');
    const sub = await capture(['search', '--frobnicate', '--cache', '.']);
    expect(sub.code).toBe(2);
    expect(sub.err).toContain('ibl2nwb search --help');
  });

  it('rejects unknown commands by name', async () => {
    const { code, err } = await capture(['frobnicate']);
    expect(code).toBe(2);
    expect(err).toContain('"frobnicate"');
  });

  it('asks for a data source when none is given', async () => {
    const { code, err } = await capture(['search', '--subject', 'KS055']);
    expect(code).toBe(2);
    expect(err).toContain('--cache DIR or --alyx URL');
  });
});
