import type { FieldTemplateProps } from '@rjsf/utils';
import * as React from 'react';

/**
 * A compact field for the sidebar: JupyterLab's form classes (so inputs look
 * like the rest of Lab in every theme) but with a real <label for>, so fields
 * have accessible names and clicking a label focuses its input.
 */
export function FieldTemplate(props: FieldTemplateProps): JSX.Element {
  const {
    id,
    label,
    displayLabel,
    required,
    rawDescription,
    errors,
    rawErrors,
    children,
    schema,
    hidden
  } = props;
  if (hidden) {
    return <div hidden>{children}</div>;
  }
  const kind =
    schema.type === 'object' || schema.type === 'array' ? schema.type : 'leaf';
  const hasErrors = (rawErrors?.length ?? 0) > 0;
  return (
    <div
      className={`form-group jp-IblNwb-formField${hasErrors ? ' jp-mod-error' : ''}`}
      data-field={id}
    >
      <div className="jp-FormGroup-content jp-FormGroup-contentCompact">
        {kind === 'leaf' && displayLabel && label && (
          <label className="jp-FormGroup-fieldLabel" htmlFor={id}>
            {label}
            {required ? ' *' : ''}
          </label>
        )}
        <div
          className={
            kind === 'leaf'
              ? 'jp-inputFieldWrapper jp-FormGroup-contentItem'
              : kind === 'object'
                ? 'jp-objectFieldWrapper'
                : 'jp-arrayFieldWrapper'
          }
        >
          {children}
        </div>
        {kind === 'leaf' && rawDescription && (
          <div className="jp-FormGroup-description" id={`${id}__description`}>
            {rawDescription}
          </div>
        )}
        <div className="validationErrors">{errors}</div>
      </div>
    </div>
  );
}
