/**
 * QC gates of a conversion. The 2026 release leaves out camera-derived data of a camera
 * whose video QC is CRITICAL or FAIL, writes anatomical localisation only for probes whose
 * histology alignment is resolved, and blanks pose points below a likelihood of 0.9. Here
 * each gate is a choice (the metadata document's `QcPolicy`, or `--qc-policy release`),
 * off by default, and the policy used is recorded in the file.
 */
import { parseQc, type QcName } from '../../one/qc';
import type { INwbMetadata, IQcPolicyMetadata } from '../metadata/document';
import { InterfaceSkipped } from '../modality';
import { addNote, type ISessionContext } from './context';

export type QcPolicyPreset = 'release' | 'none';

export const QC_POLICY_PRESETS: Record<QcPolicyPreset, IQcPolicyMetadata> = {
  release: {
    exclude_video_qc: ['CRITICAL', 'FAIL'],
    require_resolved_alignment: true,
    pose_likelihood_threshold: 0.9
  },
  none: { exclude_video_qc: [], require_resolved_alignment: false }
};

/**
 * The policy of a conversion: a preset option replaces the document's policy; a pose
 * threshold option replaces only the threshold. Without either, the document's, else none.
 */
export function effectivePolicy(
  document: INwbMetadata | undefined,
  preset: QcPolicyPreset | undefined,
  poseLikelihood: number | undefined
): IQcPolicyMetadata {
  const base = preset
    ? QC_POLICY_PRESETS[preset]
    : (document?.QcPolicy ?? QC_POLICY_PRESETS.none);
  const policy: IQcPolicyMetadata = {
    exclude_video_qc: [...(base.exclude_video_qc ?? [])],
    require_resolved_alignment: base.require_resolved_alignment ?? false
  };
  const threshold = poseLikelihood ?? base.pose_likelihood_threshold;
  if (threshold !== undefined) {
    policy.pose_likelihood_threshold = threshold;
  }
  return policy;
}

/** Whether the policy gates nothing (then it is not recorded: the file is as before policies). */
export function isNoPolicy(policy: IQcPolicyMetadata): boolean {
  return (
    policy.exclude_video_qc.length === 0 &&
    !policy.require_resolved_alignment &&
    policy.pose_likelihood_threshold === undefined
  );
}

/** `left` → the session's `videoLeft` QC outcome, undefined when Alyx gives none. */
export function videoQc(
  extendedQc: Record<string, unknown> | undefined,
  view: string
): QcName | undefined {
  const value = extendedQc?.[`video${view[0].toUpperCase()}${view.slice(1)}`];
  if (typeof value !== 'string' && typeof value !== 'number') {
    return undefined;
  }
  try {
    return parseQc(value);
  } catch {
    return undefined;
  }
}

/**
 * The cameras among `views` the policy keeps. A left-out camera gets a note; when the
 * policy leaves out every camera the modality had, it is skipped with that reason (a
 * failure when it was asked for by name). A camera without a video QC outcome is kept,
 * with a note when the gate is on: the gate excludes only what QC condemned.
 */
export function camerasPassingQc<T extends string>(
  ctx: ISessionContext,
  step: string,
  views: readonly T[]
): T[] {
  const excluded = ctx.qcPolicy?.exclude_video_qc ?? [];
  if (excluded.length === 0 || views.length === 0) {
    return [...views];
  }
  const kept: T[] = [];
  const dropped: string[] = [];
  for (const view of views) {
    const qc = videoQc(ctx.videoQc, view);
    if (qc !== undefined && excluded.includes(qc)) {
      dropped.push(`${view} camera (video QC ${qc})`);
    } else {
      if (qc === undefined) {
        addNote(
          ctx,
          step,
          `the ${view} camera has no video QC outcome in the metadata (Ibl.extended_qc.video…): kept although the QC policy excludes ${excluded.join('/')}`
        );
      }
      kept.push(view);
    }
  }
  if (kept.length === 0) {
    throw new InterfaceSkipped(
      `the QC policy excludes every camera with this data: ${dropped.join(', ')}`
    );
  }
  for (const what of dropped) {
    addNote(ctx, step, `${what} left out by the QC policy`);
  }
  return kept;
}

/**
 * Whether a probe's anatomy may be written as localisation: always without the gate;
 * with it, only when the insertion's histology alignment is recorded as resolved.
 */
export function alignmentAllowed(ctx: ISessionContext, probe: string): boolean {
  if (!ctx.qcPolicy?.require_resolved_alignment) {
    return true;
  }
  return ctx.probes?.find(p => p.name === probe)?.alignment_resolved === true;
}
