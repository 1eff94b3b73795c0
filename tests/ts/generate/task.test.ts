import { describe, expect, it } from 'vitest';

import { Rng } from '../../../src/one/generate/rng';
import {
  blockProbabilities,
  CONTRASTS,
  generateTrials,
  ITrials
} from '../../../src/one/generate/trials';
import { generateWheel } from '../../../src/one/generate/wheel';

const SEED = 11;
const trials: ITrials = generateTrials(new Rng(SEED, 'task'), 1, 4000);
const n = trials.stimOn_times.length;

function fraction(
  mask: (i: number) => boolean,
  of: (i: number) => boolean
): number {
  let hit = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (of(i)) {
      total++;
      hit += mask(i) ? 1 : 0;
    }
  }
  return hit / total;
}

describe('seeded streams', () => {
  it('repeat for the same seed and labels and differ otherwise', () => {
    const a = Array.from({ length: 5 }, () => new Rng(3, 'x').uniform());
    const b = new Rng(3, 'x');
    expect(a[0]).toBe(b.uniform());
    expect(new Rng(3, 'y').uniform()).not.toBe(a[0]);
    expect(new Rng(4, 'x').uniform()).not.toBe(a[0]);
    expect(generateTrials(new Rng(SEED, 'task'), 1, 4000).stimOn_times).toEqual(
      trials.stimOn_times
    );
  });

  it('make canonical version-4 UUIDs', () => {
    const rng = new Rng(1);
    for (let i = 0; i < 50; i++) {
      expect(rng.uuid4()).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
      );
    }
  });
});

describe('trials', () => {
  it('has the task length of an IBL session', () => {
    expect(n).toBeGreaterThan(700);
    expect(n).toBeLessThan(2000);
  });

  it('orders the events of every trial and keeps trials apart', () => {
    for (let i = 0; i < n; i++) {
      const seq = [
        trials.intervals[2 * i],
        trials.stimOnTrigger_times[i],
        trials.goCueTrigger_times[i],
        trials.goCue_times[i],
        trials.response_times[i],
        trials.feedback_times[i],
        trials.stimOff_times[i],
        trials.intervals[2 * i + 1]
      ];
      for (let k = 1; k < seq.length; k++) {
        expect(seq[k]).toBeGreaterThan(seq[k - 1]);
      }
      expect(trials.stimOn_times[i]).toBeGreaterThan(
        trials.stimOnTrigger_times[i]
      );
      expect(trials.stimOn_times[i]).toBeLessThan(trials.response_times[i]);
      if (trials.choice[i] !== 0n) {
        expect(trials.firstMovement_times[i]).toBeGreaterThan(
          trials.goCue_times[i]
        );
        expect(trials.firstMovement_times[i]).toBeLessThan(
          trials.response_times[i]
        );
      }
      if (i > 0) {
        expect(trials.intervals[2 * i]).toBeGreaterThan(
          trials.intervals[2 * i - 1]
        );
      }
    }
  });

  it('shows one signed contrast per trial from the IBL set', () => {
    for (let i = 0; i < n; i++) {
      const l = trials.contrastLeft[i];
      const r = trials.contrastRight[i];
      expect(Number.isNaN(l) !== Number.isNaN(r)).toBe(true);
      expect(CONTRASTS).toContain(Number.isNaN(l) ? r : l);
    }
  });

  it('starts with 90 unbiased trials then alternates 0.2/0.8 blocks of 20-100 trials', () => {
    const p = trials.probabilityLeft;
    expect(Array.from(p.subarray(0, 90)).every(v => v === 0.5)).toBe(true);
    const lengths: number[] = [];
    let start = 90;
    for (let i = 91; i <= n; i++) {
      if (i === n || p[i] !== p[i - 1]) {
        expect([0.2, 0.8]).toContain(p[i - 1]);
        if (i < n) {
          expect(p[i]).toBe(p[i - 1] === 0.2 ? 0.8 : 0.2);
          lengths.push(i - start);
        }
        start = i;
      }
    }
    expect(lengths.length).toBeGreaterThan(5);
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(100);
    const many = blockProbabilities(new Rng(5), 20000);
    const mean = many.slice(90).reduce((a, b) => a + b, 0) / (20000 - 90);
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('draws stimulus sides from the block probability', () => {
    const left = (i: number): boolean => !Number.isNaN(trials.contrastLeft[i]);
    expect(
      fraction(left, i => trials.probabilityLeft[i] === 0.8)
    ).toBeGreaterThan(0.72);
    expect(fraction(left, i => trials.probabilityLeft[i] === 0.2)).toBeLessThan(
      0.28
    );
  });

  it('behaves like a trained mouse: accurate on easy trials, biased by the block on zero contrast', () => {
    const contrast = (i: number): number =>
      Number.isNaN(trials.contrastLeft[i])
        ? trials.contrastRight[i]
        : trials.contrastLeft[i];
    const correct = (i: number): boolean => trials.feedbackType[i] === 1n;
    expect(fraction(correct, i => contrast(i) === 1)).toBeGreaterThan(0.85);
    const chooseLeft = (i: number): boolean => trials.choice[i] === 1n;
    const zeroIn = (p: number) => (i: number) =>
      contrast(i) === 0 && trials.probabilityLeft[i] === p;
    expect(
      fraction(chooseLeft, zeroIn(0.8)) - fraction(chooseLeft, zeroIn(0.2))
    ).toBeGreaterThan(0.2);
    for (let i = 0; i < n; i++) {
      const side = Number.isNaN(trials.contrastLeft[i]) ? -1n : 1n;
      expect(trials.feedbackType[i]).toBe(trials.choice[i] === side ? 1n : -1n);
      expect(trials.rewardVolume[i]).toBe(correct(i) ? 1.5 : 0);
    }
  });

  it('has reaction times like the IBL mice (median a few hundred ms, slower at low contrast)', () => {
    const rt = (sel: (i: number) => boolean): number => {
      const v = [...Array(n).keys()]
        .filter(i => sel(i) && trials.choice[i] !== 0n)
        .map(i => trials.response_times[i] - trials.goCue_times[i]);
      v.sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)];
    };
    const c = (i: number): number =>
      Number.isNaN(trials.contrastLeft[i])
        ? trials.contrastRight[i]
        : trials.contrastLeft[i];
    const easy = rt(i => c(i) === 1);
    const hard = rt(i => c(i) === 0);
    expect(easy).toBeGreaterThan(0.2);
    expect(easy).toBeLessThan(1);
    expect(hard).toBeGreaterThan(easy);
  });
});

describe('wheel', () => {
  const wheel = generateWheel(new Rng(SEED, 'wheel'), trials, 0.5, 4100);
  const tick = (2 * Math.PI) / 4096;

  it('is a continuous encoder trace: increasing timestamps, one-tick steps', () => {
    const t = wheel.timestamps;
    const x = wheel.position;
    expect(t.length).toBe(x.length);
    let bad = 0;
    for (let i = 1; i < t.length; i++) {
      if (
        !(t[i] > t[i - 1]) ||
        Math.abs(Math.abs(x[i] - x[i - 1]) - tick) > 1e-9
      ) {
        bad++;
      }
    }
    expect(bad).toBe(0);
  });

  it('turns in the choice direction between first movement and response', () => {
    const at = (time: number): number => {
      let lo = 0;
      let hi = wheel.timestamps.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (wheel.timestamps[mid] <= time) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      return wheel.position[lo];
    };
    let checked = 0;
    for (let i = 0; i < n; i++) {
      const choice = Number(trials.choice[i]);
      if (choice === 0) {
        continue;
      }
      const moved =
        at(trials.response_times[i]) -
        at(trials.firstMovement_times[i] - 0.001);
      // counter-clockwise is positive and choice -1 is counter-clockwise
      if (Math.abs(moved) > 0.1) {
        expect(Math.sign(moved)).toBe(-choice);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(n * 0.8);
  });

  it('lists movements in order, without overlap, with their peak amplitude', () => {
    const iv = wheel.moveIntervals;
    expect(iv.length).toBe(2 * wheel.movePeakAmplitude.length);
    for (let k = 0; k < iv.length / 2; k++) {
      expect(iv[2 * k + 1]).toBeGreaterThan(iv[2 * k]);
      if (k > 0) {
        expect(iv[2 * k]).toBeGreaterThan(iv[2 * k - 1]);
      }
      expect(Math.abs(wheel.movePeakAmplitude[k])).toBeGreaterThanOrEqual(
        0.012
      );
    }
  });
});
