import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { INwbMetadata } from '../../../src/convert/metadata/document';
import type { ISessionContext } from '../../../src/convert/session/context';
import {
  alignmentAllowed,
  camerasPassingQc,
  effectivePolicy,
  QC_POLICY_PRESETS,
  videoQc
} from '../../../src/convert/session/qcPolicy';
import { InterfaceSkipped } from '../../../src/convert/modality';

const BWM_QC = resolve(
  __dirname,
  '../../../../shared/fixtures/real-ibl/bwm/bwm_qc.json'
);
const VIEWS = ['left', 'right', 'body'] as const;

function context(
  extendedQc: Record<string, unknown>,
  policy = QC_POLICY_PRESETS.release
): ISessionContext {
  return {
    qcPolicy: policy,
    videoQc: extendedQc,
    notes: []
  } as unknown as ISessionContext;
}

describe('QC policy (#13)', () => {
  it('the release gate on the 459 real Brain-Wide Map QC records', () => {
    const records: Record<string, Record<string, unknown>> = JSON.parse(
      readFileSync(BWM_QC, 'utf8')
    );
    expect(Object.keys(records)).toHaveLength(459);
    let excluded = 0;
    let skipped = 0;
    for (const qc of Object.values(records)) {
      // The release's rule, as its documentation states it: CRITICAL or FAIL video QC is out.
      const expected = VIEWS.filter(
        v =>
          !['CRITICAL', 'FAIL'].includes(
            String(qc[`video${v[0].toUpperCase()}${v.slice(1)}`])
          )
      );
      const ctx = context(qc);
      if (expected.length === 0) {
        expect(() => camerasPassingQc(ctx, 'pose', VIEWS)).toThrow(
          InterfaceSkipped
        );
        skipped++;
        continue;
      }
      const kept = camerasPassingQc(ctx, 'pose', VIEWS);
      expect(kept).toEqual(expected);
      excluded += VIEWS.length - kept.length;
      // Every left-out camera is said in a note.
      expect(ctx.notes).toHaveLength(VIEWS.length - kept.length);
    }
    // The real records do exclude cameras (202 body cameras alone are CRITICAL).
    expect(excluded).toBeGreaterThan(300);
    expect(skipped).toBeGreaterThan(0);
  });

  it('no gate: every camera, no notes; unknown QC kept with a note', () => {
    const none = context({ videoLeft: 'CRITICAL' }, QC_POLICY_PRESETS.none);
    expect(camerasPassingQc(none, 'pupil', VIEWS)).toEqual([...VIEWS]);
    expect(none.notes).toEqual([]);
    const unknown = context({});
    expect(camerasPassingQc(unknown, 'pupil', ['left'])).toEqual(['left']);
    expect(unknown.notes?.[0].message).toMatch(/no video QC outcome/);
  });

  it('reads Alyx enum numbers and names in any case', () => {
    expect(videoQc({ videoLeft: 40 }, 'left')).toBe('FAIL');
    expect(videoQc({ videoBody: 'critical' }, 'body')).toBe('CRITICAL');
    expect(videoQc({ videoBody: 'garbage' }, 'body')).toBeUndefined();
  });

  it('option preset replaces the document policy; the pose option only the threshold', () => {
    const document = {
      QcPolicy: {
        exclude_video_qc: ['WARNING'],
        require_resolved_alignment: false
      }
    } as unknown as INwbMetadata;
    expect(effectivePolicy(document, undefined, undefined)).toEqual({
      exclude_video_qc: ['WARNING'],
      require_resolved_alignment: false
    });
    expect(effectivePolicy(document, 'release', 0.5)).toEqual({
      ...QC_POLICY_PRESETS.release,
      pose_likelihood_threshold: 0.5
    });
    expect(effectivePolicy(undefined, undefined, 0.9)).toEqual({
      exclude_video_qc: [],
      require_resolved_alignment: false,
      pose_likelihood_threshold: 0.9
    });
  });

  it('alignment gate: only probes recorded as resolved', () => {
    const ctx = {
      qcPolicy: QC_POLICY_PRESETS.release,
      probes: [
        { name: 'probe00', alignment_resolved: true },
        { name: 'probe01', alignment_resolved: false },
        { name: 'probe02' }
      ]
    } as unknown as ISessionContext;
    expect(alignmentAllowed(ctx, 'probe00')).toBe(true);
    expect(alignmentAllowed(ctx, 'probe01')).toBe(false);
    expect(alignmentAllowed(ctx, 'probe02')).toBe(false);
    expect(alignmentAllowed({ ...ctx, qcPolicy: undefined }, 'probe01')).toBe(
      true
    );
  });
});
