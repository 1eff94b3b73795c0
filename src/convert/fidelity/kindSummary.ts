/**
 * The fidelity report in words, by kind of check, so no summary says "identical to source"
 * of an array that was only compared with the converter's own output. For the CLI's
 * summarizeReport (src/convert/report.ts) and anyone printing a report.
 */
import type { ArrayCheckKind, IArrayCheck } from '../modality';

export type KindCounts = Record<ArrayCheckKind, number>;

/** Equal arrays per kind (a check without a kind, from an older report, counts as unchecked). */
export function equalByKind(arrays: IArrayCheck[]): KindCounts {
  const counts: KindCounts = {
    copied: 0,
    'derived-independent': 0,
    'derived-unchecked': 0
  };
  for (const array of arrays) {
    if (array.equal) {
      counts[array.kind ?? 'derived-unchecked'] += 1;
    }
  }
  return counts;
}

/**
 * E.g. "12 copied arrays identical to source, 5 derived arrays equal to an independent
 * recomputation, 3 derived arrays read back as written (not independently checked)".
 */
export function describeKinds(arrays: IArrayCheck[]): string {
  const counts = equalByKind(arrays);
  const plural = (n: number) => (n === 1 ? 'array' : 'arrays');
  const parts: string[] = [];
  if (counts.copied) {
    parts.push(
      `${counts.copied} copied ${plural(counts.copied)} identical to source`
    );
  }
  const independent = counts['derived-independent'];
  if (independent) {
    parts.push(
      `${independent} derived ${plural(independent)} equal to an independent recomputation`
    );
  }
  const unchecked = counts['derived-unchecked'];
  if (unchecked) {
    parts.push(
      `${unchecked} derived ${plural(unchecked)} read back as written (not independently checked)`
    );
  }
  return parts.join(', ');
}
