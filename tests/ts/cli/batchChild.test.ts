import { describe, expect, it } from 'vitest';

import { outcomeOf } from '../../../src/cli/commands/batch';
import {
  errorOfLine,
  LineTail,
  TAIL_LINES
} from '../../../src/cli/commands/batchChild';

describe('the batch reads its convert child', () => {
  it('keeps the last lines of stderr, split across chunks, each cut short', () => {
    const tail = new LineTail(TAIL_LINES);
    for (let k = 0; k < 50; k++) {
      tail.push(`line ${k}\nhalf `);
      tail.push(`${k}\n`);
    }
    tail.push('x'.repeat(5000));
    tail.end();
    expect(tail.lines).toHaveLength(TAIL_LINES);
    expect(tail.lines[TAIL_LINES - 2]).toBe('half 49');
    expect(tail.lines[TAIL_LINES - 1].length).toBeLessThan(500);
  });

  it('finds the error event among stdout lines of any length', () => {
    const seen: string[] = [];
    const stdout = new LineTail(0);
    const done = `{"type":"done","report":"${'r'.repeat(70000)}"}`;
    const error =
      '{"type":"error","code":"DATASET_INVALID","message":"spikes.times.npy is truncated","dataset":"alf/probe00/spikes.times.npy","advice":"download it again"}';
    stdout.push('{"type":"step"}\n' + done.slice(0, 30000), l => seen.push(l));
    stdout.push(done.slice(30000) + '\n' + error, l => seen.push(l));
    stdout.end(l => seen.push(l));
    expect(seen.map(l => l.length)).toEqual([15, done.length, error.length]);
    expect(seen.map(errorOfLine)).toEqual([
      undefined,
      undefined,
      {
        code: 'DATASET_INVALID',
        message: 'spikes.times.npy is truncated',
        dataset: 'alf/probe00/spikes.times.npy',
        advice: 'download it again'
      }
    ]);
    expect(errorOfLine('{"type":"error", broken')).toBeUndefined();
  });

  it('records a finished child as converted, failed with its error, cancelled or killed', () => {
    const tail = ['[1/9] Trials', 'ibl2nwb convert: disk full'];
    expect(outcomeOf({ exit: 0, signal: null, tail: [] }, 'o.nwb')).toEqual({
      status: 'converted',
      output: 'o.nwb'
    });
    expect(
      outcomeOf(
        {
          exit: 1,
          signal: null,
          tail,
          error: { code: 'DISK_FULL', message: 'no space left writing o.nwb' }
        },
        'o.nwb'
      )
    ).toEqual({
      status: 'failed',
      error: 'no space left writing o.nwb',
      code: 'DISK_FULL',
      exit: 1,
      tail
    });
    // Without an event, the child's own stderr line says why.
    expect(outcomeOf({ exit: 1, signal: null, tail }, 'o.nwb').error).toBe(
      'disk full'
    );
    expect(
      outcomeOf({ exit: 130, signal: null, tail: [] }, 'o.nwb')
    ).toMatchObject({ status: 'cancelled', code: 'CANCELLED', exit: 130 });
    expect(
      outcomeOf({ exit: null, signal: 'SIGKILL', tail: [] }, 'o.nwb')
    ).toMatchObject({
      status: 'failed',
      error: 'convert was killed by SIGKILL (out of memory, or a time limit?)',
      exit: null
    });
  });
});
