import * as React from 'react';

import type { ISharedDefaults } from './batchPlan';

const FIELDS: { key: keyof ISharedDefaults; label: string; hint: string }[] = [
  {
    key: 'experimenter',
    label: 'Experimenter',
    hint: 'Last, First; Last, First'
  },
  {
    key: 'institution',
    label: 'Institution',
    hint: 'e.g. University College London'
  },
  { key: 'lab', label: 'Lab', hint: 'e.g. cortexlab' },
  { key: 'keywords', label: 'Keywords', hint: 'one; another' },
  {
    key: 'experiment_description',
    label: 'Experiment description',
    hint: 'one sentence for every session'
  }
];

/** NWBFile fields set once for the whole batch; an empty field keeps each session's Alyx value. */
export function SharedDefaultsForm(props: {
  value: ISharedDefaults;
  onChange: (value: ISharedDefaults) => void;
  disabled: boolean;
}): JSX.Element {
  return (
    <fieldset className="jp-IblNwb-sharedDefaults" disabled={props.disabled}>
      <legend>
        Shared metadata defaults (empty: each session&apos;s Alyx value)
      </legend>
      {FIELDS.map(field => (
        <label className="jp-IblNwb-field" key={field.key}>
          <span>{field.label}</span>
          <input
            className="jp-mod-styled"
            name={`shared-${field.key}`}
            value={props.value[field.key]}
            placeholder={field.hint}
            onChange={e =>
              props.onChange({ ...props.value, [field.key]: e.target.value })
            }
          />
        </label>
      ))}
    </fieldset>
  );
}
