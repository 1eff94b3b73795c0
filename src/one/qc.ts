/**
 * Dataset QC outcomes, ordered as ONE orders them (the `qc` category of the
 * datasets table). Integer inputs are Alyx's enum values.
 */
import { InvalidQueryError } from './errors';

export const QC_LEVELS = [
  'NOT_SET',
  'PASS',
  'WARNING',
  'FAIL',
  'CRITICAL'
] as const;
export type QcName = (typeof QC_LEVELS)[number];

const QC_VALUES: Record<number, QcName> = {
  0: 'NOT_SET',
  10: 'PASS',
  30: 'WARNING',
  40: 'FAIL',
  50: 'CRITICAL'
};

/** Rank of a QC outcome (NOT_SET = 0 … CRITICAL = 4) for `<=` comparisons. */
export function qcRank(qc: QcName): number {
  return QC_LEVELS.indexOf(qc);
}

/** Accept a QC name (any case) or Alyx enum value. */
export function parseQc(value: string | number): QcName {
  if (typeof value === 'number' && value in QC_VALUES) {
    return QC_VALUES[value];
  }
  const name = String(value).toUpperCase();
  if ((QC_LEVELS as readonly string[]).includes(name)) {
    return name as QcName;
  }
  throw new InvalidQueryError(
    `qc=${value}`,
    'unknown QC outcome',
    `Use one of ${QC_LEVELS.join(', ')} or 0, 10, 30, 40, 50.`
  );
}
