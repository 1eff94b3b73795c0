import * as React from 'react';

import {
  findingPlace,
  groupFindings,
  IFinding,
  IValidation,
  LEVEL_TITLES,
  LEVELS,
  toolTitle,
  validationHeadline
} from './validation';

/** A level opens by itself when it is critical and short enough to read. */
const OPEN_AT_MOST = 20;

/**
 * One file's validation: its state, the counts per importance (critical
 * first), and each level's findings in a list that opens with the keyboard
 * (summary elements); what to install when no validator is there.
 */
export function ValidationFindings(props: {
  validation: IValidation;
  /** Shown before the headline when a job validated several files. */
  label?: string;
}): JSX.Element {
  const v = props.validation;
  const groups = v.findings ? groupFindings(v.findings) : null;
  return (
    <section
      className={`jp-IblNwb-validation jp-mod-${v.status}`}
      data-testid="validation"
      data-status={v.status}
      data-path={v.path}
      aria-label={`Validation of ${v.path}`}
    >
      <div
        className="jp-IblNwb-validationHead"
        data-testid="validation-headline"
      >
        {props.label && (
          <span className="jp-IblNwb-validationFile">{props.label}: </span>
        )}
        {validationHeadline(v)}
      </div>
      {v.status === 'unavailable' && (
        <div className="jp-IblNwb-hint" data-testid="validation-install">
          <p>{v.message}</p>
          {v.install && <p>{v.install}</p>}
        </div>
      )}
      {v.status === 'failed' && v.message && (
        <p className="jp-IblNwb-error" data-testid="validation-error">
          {v.message}
        </p>
      )}
      {(v.status === 'done' ||
        v.status === 'failed' ||
        v.status === 'running') && (
        <ul
          className="jp-IblNwb-levelCounts"
          aria-label="Findings per importance"
        >
          {LEVELS.map(level => (
            <li
              key={level}
              className={`jp-IblNwb-level jp-mod-${level.toLowerCase()}`}
              data-level={level}
              data-count={v.counts[level]}
            >
              <span className="jp-IblNwb-levelCount">{v.counts[level]}</span>{' '}
              {LEVEL_TITLES[level]}
            </li>
          ))}
        </ul>
      )}
      {groups?.map(
        ({ level, findings }) =>
          findings.length > 0 && (
            <details
              key={level}
              className={`jp-IblNwb-findings jp-mod-${level.toLowerCase()}`}
              data-level={level}
              open={level === 'CRITICAL' && findings.length <= OPEN_AT_MOST}
            >
              <summary>
                {LEVEL_TITLES[level]} ({findings.length})
              </summary>
              <ul aria-label={LEVEL_TITLES[level]}>
                {findings.map((finding, index) => (
                  <Finding key={index} finding={finding} />
                ))}
              </ul>
            </details>
          )
      )}
      {(v.omitted ?? 0) > 0 && (
        <p className="jp-IblNwb-hint">
          {v.omitted} more findings are counted but not listed (the server keeps
          the first {v.findings?.length ?? 0}).
        </p>
      )}
      {v.errors?.map(error => (
        <p className="jp-IblNwb-error" key={error.tool}>
          {toolTitle(error.tool)}: {error.message}
        </p>
      ))}
      {v.notes && v.notes.length > 0 && (
        <ul className="jp-IblNwb-hint jp-IblNwb-validationNotes">
          {v.notes.map(note => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Finding(props: { finding: IFinding }): JSX.Element {
  const { finding } = props;
  return (
    <li
      className="jp-IblNwb-finding"
      data-check={finding.check_name}
      data-tool={finding.tool}
    >
      <code className="jp-IblNwb-findingCheck">{finding.check_name}</code>{' '}
      <span className="jp-IblNwb-findingPlace">{findingPlace(finding)}</span>
      <div className="jp-IblNwb-findingMessage">{finding.message}</div>
      <div className="jp-IblNwb-findingTool">{toolTitle(finding.tool)}</div>
    </li>
  );
}
