import * as React from 'react';

export interface IProgressBarProps {
  /** 0..1 */
  fraction: number;
  label: string;
  status: string;
}

/** An accessible progress bar (role="progressbar", value in percent). */
export function ProgressBar(props: IProgressBarProps): JSX.Element {
  const percent = Math.round(Math.min(1, Math.max(0, props.fraction)) * 100);
  return (
    <div
      className={`jp-IblNwb-progress jp-mod-${props.status}`}
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${percent} %`}
    >
      <div
        className="jp-IblNwb-progressFill"
        style={{ width: `${percent}%` }}
      />
    </div>
  );
}
