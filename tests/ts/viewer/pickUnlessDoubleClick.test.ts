import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import {
  DOUBLE_CLICK_MS,
  pickUnlessDoubleClick
} from '../../../src/viewer/explorer/pickUnlessDoubleClick';

describe('pickUnlessDoubleClick', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('picks a single click once the double-click window has passed', () => {
    const picked: number[] = [];
    const clicks = pickUnlessDoubleClick<number>(row => picked.push(row));
    clicks.click(7);
    vi.advanceTimersByTime(DOUBLE_CLICK_MS - 1);
    expect(picked).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(picked).toEqual([7]);
  });

  it('drops the pick of a click that was the first of a double click', () => {
    const picked: number[] = [];
    const clicks = pickUnlessDoubleClick<number>(row => picked.push(row));
    clicks.click(7);
    vi.advanceTimersByTime(120);
    clicks.doubleClick();
    vi.advanceTimersByTime(10 * DOUBLE_CLICK_MS);
    expect(picked).toEqual([]);
  });

  it('the click Plotly reports right after the double click picks nothing either', () => {
    const picked: number[] = [];
    const clicks = pickUnlessDoubleClick<number>(row => picked.push(row));
    clicks.click(7);
    vi.advanceTimersByTime(120);
    clicks.doubleClick();
    clicks.click(7);
    vi.advanceTimersByTime(10 * DOUBLE_CLICK_MS);
    expect(picked).toEqual([]);
    // a click well after the double click is a pick again
    clicks.click(5);
    vi.advanceTimersByTime(DOUBLE_CLICK_MS);
    expect(picked).toEqual([5]);
  });

  it('a second click replaces the first one still waiting', () => {
    const picked: number[] = [];
    const clicks = pickUnlessDoubleClick<number>(row => picked.push(row));
    clicks.click(3);
    clicks.click(4);
    vi.advanceTimersByTime(DOUBLE_CLICK_MS);
    expect(picked).toEqual([4]);
  });
});
