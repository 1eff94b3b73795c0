import * as React from 'react';

import { ISearchFilters } from './api';

export interface ISearchFormProps {
  filters: ISearchFilters;
  /** Searching a remote Alyx: no cache folder field. */
  remote?: boolean;
  busy: boolean;
  /** Why searching is not possible now (e.g. not logged in), or null. */
  blocker?: string | null;
  onChange: (filters: ISearchFilters) => void;
  onSearch: () => void;
}

type TextKey = Exclude<keyof ISearchFilters, 'cache' | 'alyx'>;

const FIELDS: {
  key: TextKey;
  label: string;
  placeholder: string;
  type?: string;
}[] = [
  { key: 'subject', label: 'Subject', placeholder: 'e.g. KS005' },
  { key: 'dateFrom', label: 'From', placeholder: 'YYYY-MM-DD', type: 'date' },
  { key: 'dateTo', label: 'To', placeholder: 'YYYY-MM-DD', type: 'date' },
  { key: 'lab', label: 'Lab', placeholder: 'e.g. cortexlab' },
  {
    key: 'project',
    label: 'Project',
    // Short enough for the sidebar's default width (a part of the name matches).
    placeholder: 'e.g. brainwide'
  },
  {
    key: 'protocol',
    label: 'Task protocol',
    placeholder: 'e.g. ephysChoiceWorld'
  },
  {
    key: 'datasets',
    label: 'Required datasets',
    placeholder: 'e.g. spikes.times.npy'
  }
];

/**
 * Why these filters cannot match anything, or null. A reversed date range
 * would search and say only "No session matches", which reads like no data.
 */
export function filtersProblem(filters: ISearchFilters): string | null {
  const from = filters.dateFrom?.trim();
  const to = filters.dateTo?.trim();
  if (from && to && from > to) {
    return `From (${from}) is after To (${to}): swap the dates.`;
  }
  return null;
}

/** ONE search filters; Enter in any field searches. */
export function SearchForm(props: ISearchFormProps): JSX.Element {
  const { filters, busy, onChange, onSearch } = props;
  const blocker = props.blocker ?? filtersProblem(filters);
  return (
    <form
      className="jp-IblNwb-searchForm"
      aria-label="Search sessions"
      onSubmit={event => {
        event.preventDefault();
        if (!busy && blocker === null) {
          onSearch();
        }
      }}
    >
      {!props.remote && (
        <label className="jp-IblNwb-field">
          <span>ONE cache folder</span>
          <input
            className="jp-mod-styled"
            name="cache"
            value={filters.cache}
            placeholder="bundled sample"
            title="Folder with sessions.pqt and datasets.pqt, relative to the Jupyter root; empty for the bundled sample"
            onChange={e => onChange({ ...filters, cache: e.target.value })}
          />
        </label>
      )}
      <div className="jp-IblNwb-fieldGrid">
        {FIELDS.map(field => (
          <label className="jp-IblNwb-field" key={field.key}>
            <span>{field.label}</span>
            <input
              className="jp-mod-styled"
              name={field.key}
              type={field.type ?? 'text'}
              value={filters[field.key] ?? ''}
              placeholder={field.placeholder}
              onChange={e =>
                onChange({ ...filters, [field.key]: e.target.value })
              }
            />
          </label>
        ))}
      </div>
      <button
        type="submit"
        className="jp-Button jp-mod-styled jp-mod-accept"
        disabled={busy || blocker !== null}
        title={blocker ?? undefined}
      >
        {busy ? 'Searching…' : 'Search'}
      </button>
      {blocker !== null && (
        <p className="jp-IblNwb-hint" role="status">
          {blocker}
        </p>
      )}
    </form>
  );
}
