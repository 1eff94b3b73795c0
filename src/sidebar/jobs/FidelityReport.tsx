import * as React from 'react';

import type { IConversionReport } from '../../convert/report';
import { summarizeReport } from './reportSummary';

/**
 * What the converter wrote, skipped (and why) or failed, and how many written
 * arrays read back equal, by what they were compared with: only copied arrays
 * are called identical to source.
 */
export function FidelityReport(props: {
  report: IConversionReport;
}): JSX.Element {
  const s = summarizeReport(props.report);
  const allEqual = s.identical === s.arrays;
  return (
    <details className="jp-IblNwb-report" data-testid="fidelity-report">
      <summary>
        {s.written.length} written · {s.skipped.length} skipped ·{' '}
        {s.failed.length} failed ·{' '}
        {s.verified ? (
          <span
            className={allEqual ? 'jp-mod-ok' : 'jp-mod-error'}
            data-testid="report-identical"
          >
            {s.identical}/{s.arrays} arrays read back equal
          </span>
        ) : (
          <span data-testid="report-unverified">
            {s.arrays} arrays not verified (the conversion stopped)
          </span>
        )}
      </summary>
      <dl className="jp-IblNwb-facts">
        <dt>Written</dt>
        <dd>{s.written.join(', ') || 'nothing'}</dd>
        {s.discarded.length > 0 && (
          <>
            <dt>Not kept</dt>
            <dd data-testid="report-discarded">
              {s.discarded.join(', ')}: written into the unfinished file, which
              was removed
            </dd>
          </>
        )}
        {s.verified && s.identical > 0 && (
          <>
            <dt>Checked</dt>
            <dd data-testid="report-kinds">
              {s.byKind.copied} copied, identical to source ·{' '}
              {s.byKind.independent} derived, equal to an independent
              recomputation · {s.byKind.unchecked} derived, not independently
              checked
            </dd>
          </>
        )}
        {s.skipped.map(item => (
          <React.Fragment key={`skip-${item.title}`}>
            <dt>Skipped</dt>
            <dd>
              {item.title}: {item.reason}
            </dd>
          </React.Fragment>
        ))}
        {s.failed.map(item => (
          <React.Fragment key={`fail-${item.title}`}>
            <dt className="jp-mod-error">Failed</dt>
            <dd>
              {item.title}: {item.reason}
            </dd>
          </React.Fragment>
        ))}
        {s.notRun.length > 0 && (
          <>
            <dt>Not run</dt>
            <dd>{s.notRun.join(', ')}</dd>
          </>
        )}
      </dl>
      {s.mismatches.length > 0 && (
        <ul className="jp-IblNwb-mismatches" aria-label="Mismatched arrays">
          {s.mismatches.map(m => (
            <li key={`${m.source}→${m.target}`}>
              <code>{m.target}</code> ≠ <code>{m.source}</code>: {m.detail}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
