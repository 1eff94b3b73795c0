import { describe, expect, it } from 'vitest';

import { columnsOf, parseFilter } from '../../../src/viewer/filter/parse';
import { FilterError } from '../../../src/viewer/filter/tokens';

/** The tree as nested text, to read precedence at a glance. */
function show(text: string): string {
  const walk = (n: ReturnType<typeof parseFilter>): string => {
    switch (n.kind) {
      case 'and':
      case 'or':
        return `(${walk(n.left)} ${n.kind} ${walk(n.right)})`;
      case 'not':
        return `not ${walk(n.operand)}`;
      default:
        return `${n.column} ${n.op} ${n.values.map(v => JSON.stringify(v)).join('|')}`;
    }
  };
  return walk(parseFilter(text));
}

function errorOf(text: string): FilterError {
  try {
    parseFilter(text);
  } catch (error) {
    expect(error).toBeInstanceOf(FilterError);
    return error as FilterError;
  }
  throw new Error(`${text} parsed`);
}

describe('filter expressions', () => {
  it('binds not tighter than and, and tighter than or (as Python and pandas)', () => {
    expect(show('a > 1 or b < 2 and not c == 3')).toBe(
      '(a > 1 or (b < 2 and not c == 3))'
    );
    expect(show('(a > 1 or b < 2) and c != 3')).toBe(
      '((a > 1 or b < 2) and c != 3)'
    );
    expect(show('a == 1 and b == 2 and c == 3')).toBe(
      '((a == 1 and b == 2) and c == 3)'
    );
    expect(show('not not x >= -2.5e3')).toBe('not not x >= -2500');
  });

  it('reads lists, text tests, regions, keywords in any case and backticked names', () => {
    expect(show('region IN ["CA", \'DG\']')).toBe('region in "CA"|"DG"');
    expect(show('label not in [0.33, nan]')).toBe('not label in 0.33|null');
    expect(show('`odd name-1` contains "x\\"y"')).toBe(
      'odd name-1 contains "x\\"y"'
    );
    expect(show('electrodes.location startswith "VIS"')).toBe(
      'electrodes.location startswith "VIS"'
    );
    expect(show('beryl_location under "HPF"')).toBe(
      'beryl_location under "HPF"'
    );
    expect(show('x = true')).toBe('x == 1');
    expect(show('firing_rate>-1')).toBe('firing_rate > -1');
    expect([
      ...columnsOf(parseFilter('a > 1 or (b < 2 and a < 9)')).keys()
    ]).toEqual(['a', 'b']);
  });

  it('names the position of every mistake', () => {
    expect(errorOf('firing_rate >').message).toBe(
      'expected a number or a quoted string, found the end at position 14'
    );
    expect(errorOf('a > 1 and').pos).toBe(9);
    expect(errorOf('(a > 1').message).toMatch(/expected "\)".*position 7/);
    expect(errorOf('a > 1 b < 2').message).toMatch(
      /expected and, or or the end, found "b" at position 7/
    );
    expect(errorOf('a in [1, 2').message).toMatch(/position 11/);
    expect(errorOf('label == "good').message).toBe(
      'unclosed " (string) at position 10'
    );
    expect(errorOf('a ~ 1').message).toBe(
      'unexpected character "~" at position 3'
    );
    expect(errorOf('   ').message).toMatch(/empty/);
    expect(errorOf('a == good').message).toMatch(
      /expected a number or a quoted string, found "good"/
    );
  });

  it('never runs code: hostile text is a syntax error', () => {
    const hostile = [
      'constructor.constructor("alert(1)")()',
      'a == 1; process.exit(1)',
      '__proto__ == 1 || x',
      'a == `${1}`',
      'this.x == 1 && globalThis',
      'a == (() => 1)()'
    ];
    for (const text of hostile) {
      expect(() => parseFilter(text), text).toThrow(FilterError);
    }
    expect(errorOf('constructor.constructor("…")()').message).toMatch(
      /expected a comparison .* after constructor\.constructor, found "\(" at position 24/
    );
  });
});
