/** The sidebar list's ticks: Space / ctrl-click toggle one, shift-click ticks a range. */
import { describe, expect, it } from 'vitest';

import { nextChecked } from '../../../src/sidebar/listSelection';

const EIDS = ['a', 'b', 'c', 'd', 'e'];

describe('nextChecked', () => {
  it('toggles one row', () => {
    const once = nextChecked(EIDS, new Set(), 1, 'toggle', null);
    expect([...once]).toEqual(['b']);
    expect([...nextChecked(EIDS, once, 1, 'toggle', 1)]).toEqual([]);
  });

  it('ticks the range from the anchor, either direction, keeping earlier ticks', () => {
    const down = nextChecked(EIDS, new Set(['e']), 3, 'range', 1);
    expect([...down].sort()).toEqual(['b', 'c', 'd', 'e']);
    const up = nextChecked(EIDS, new Set(), 0, 'range', 2);
    expect([...up].sort()).toEqual(['a', 'b', 'c']);
  });

  it('a range without an anchor toggles the row', () => {
    expect([...nextChecked(EIDS, new Set(), 4, 'range', null)]).toEqual(['e']);
  });

  it('does not change the given set', () => {
    const given = new Set(['a']);
    nextChecked(EIDS, given, 2, 'range', 0);
    expect([...given]).toEqual(['a']);
  });
});
