/** Times that go backwards once: two neighbouring values swapped, at a seeded row. */
import { Rng } from '../../rng';
import { readNpy, saveNpy } from './arrays';

/**
 * Swap rows i and i+1 of a 1-D float64 .npy (strictly increasing there), i drawn
 * from the middle half, and where `pair(i)` holds. Returns the first offending
 * row: i+1, the first row smaller than the one before it.
 */
export function swapNeighbours(
  file: string,
  rng: Rng,
  pair: (i: number) => boolean = () => true
): number {
  const npy = readNpy(file);
  const t = npy.data as Float64Array;
  const n = t.length;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const i = Math.floor(n / 4) + rng.int(Math.floor(n / 2));
    if (t[i] < t[i + 1] && pair(i)) {
      [t[i], t[i + 1]] = [t[i + 1], t[i]];
      saveNpy(file, npy);
      return i + 1;
    }
  }
  throw new Error(
    `${file}: found no strictly increasing pair to swap in 1000 draws`
  );
}
