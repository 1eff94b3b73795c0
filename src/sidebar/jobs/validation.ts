/**
 * A validation of an NWB file by the server (NWB Inspector and `dandi
 * validate`), as jupyterlab_ibl_nwb/validation_record.py keeps it. Pure: the
 * importance levels in the order shown, findings grouped by level, and what a
 * record's state says in words.
 */

/** Most severe first: the order the findings are shown in. */
export const LEVELS = [
  'CRITICAL',
  'BEST_PRACTICE_VIOLATION',
  'BEST_PRACTICE_SUGGESTION'
] as const;

export type Importance = (typeof LEVELS)[number];

export const LEVEL_TITLES: Record<Importance, string> = {
  CRITICAL: 'Critical',
  BEST_PRACTICE_VIOLATION: 'Best-practice violations',
  BEST_PRACTICE_SUGGESTION: 'Best-practice suggestions'
};

export type ValidationStatus =
  'queued' | 'running' | 'done' | 'failed' | 'unavailable';

/** One finding, with the field names the server sends. */
export interface IFinding {
  importance: Importance;
  check_name: string;
  message: string;
  object_type: string | null;
  object_name: string | null;
  location: string | null;
  tool: 'nwbinspector' | 'dandi' | string;
}

/** What GET /jobs lists per file (no findings). */
export interface IValidationSummary {
  id: string;
  /** The file, relative to the server root. */
  path: string;
  status: ValidationStatus;
  /** The validator running now. */
  step: string | null;
  /** Every finding counted, also those not kept. */
  counts: Record<Importance, number>;
  started?: number | null;
  finished?: number | null;
}

/** The whole record (GET /validations/<id>, or a job's details). */
export interface IValidation extends IValidationSummary {
  tools?: Record<string, string | null>;
  findings?: IFinding[];
  omitted?: number;
  notes?: string[];
  errors?: { tool: string; message: string }[];
  message?: string | null;
  install?: string | null;
  complete?: boolean;
}

const TOOL_TITLES: Record<string, string> = {
  nwbinspector: 'NWB Inspector',
  dandi: 'dandi validate'
};

export function isActive(status: ValidationStatus | undefined): boolean {
  return status === 'queued' || status === 'running';
}

export function toolTitle(tool: string | null | undefined): string {
  return (tool && TOOL_TITLES[tool]) || tool || 'validator';
}

/** The findings of each level, most severe level first, in the order found. */
export function groupFindings(
  findings: readonly IFinding[]
): { level: Importance; findings: IFinding[] }[] {
  return LEVELS.map(level => ({
    level,
    findings: findings.filter(f => f.importance === level)
  }));
}

/** Where a finding is: its location in the file, else its object. */
export function findingPlace(finding: IFinding): string {
  if (finding.location) {
    return finding.location;
  }
  const object = [finding.object_type, finding.object_name]
    .filter(Boolean)
    .join(' ');
  return object || 'the file';
}

/** One line for a record's state: what runs, or what was found. */
export function validationHeadline(v: IValidationSummary): string {
  const total = LEVELS.reduce(
    (sum, level) => sum + (v.counts?.[level] ?? 0),
    0
  );
  switch (v.status) {
    case 'queued':
      return 'Validation waiting for a free slot…';
    case 'running':
      return `Validating with ${toolTitle(v.step)}…${total ? ` ${total} found so far` : ''}`;
    case 'unavailable':
      return 'Not validated: no validator is installed on the server';
    case 'failed':
      return 'Validation failed';
    default:
      return total === 0
        ? 'Validated: no findings'
        : `Validated: ${LEVELS.map(level => `${v.counts[level]} ${shortLevel(level, v.counts[level])}`).join(' · ')}`;
  }
}

function shortLevel(level: Importance, count: number): string {
  switch (level) {
    case 'CRITICAL':
      return 'critical';
    case 'BEST_PRACTICE_VIOLATION':
      return count === 1 ? 'violation' : 'violations';
    default:
      return count === 1 ? 'suggestion' : 'suggestions';
  }
}
