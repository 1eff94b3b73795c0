import { FormComponent } from '@jupyterlab/ui-components';
import type { IChangeEvent } from '@rjsf/core';
import validator from '@rjsf/validator-ajv8';
import type { ReadonlyJSONObject } from '@lumino/coreutils';
import * as React from 'react';

import type { INwbMetadata } from '../../convert/metadata/document';
import type { IMetadataProblem } from '../../convert/metadata/validate';
import { ArrayFieldTemplate } from './ArrayFieldTemplate';
import { FieldTemplate } from './FieldTemplate';
import {
  FORM_SECTIONS,
  friendlyErrors,
  IFormSection,
  problemsIn,
  sectionSchema,
  withSection
} from './formSections';

export interface IMetadataFormProps {
  document: INwbMetadata;
  /** Schema problems of the whole document (kept current by the parent). */
  problems: IMetadataProblem[];
  onChange: (document: INwbMetadata) => void;
  /** Prefix of the fields' ids, so two forms on one page (sidebar, workspace) keep their labels apart. */
  idScope?: string;
}

const TEMPLATES = { FieldTemplate, ArrayFieldTemplate };

function Section(props: {
  section: IFormSection;
  document: INwbMetadata;
  problems: IMetadataProblem[];
  onChange: (document: INwbMetadata) => void;
  idScope: string;
}): JSX.Element {
  const { section, document, problems, onChange } = props;
  const schema = React.useMemo(() => sectionSchema(section.key), [section]);
  const transform = React.useMemo(() => friendlyErrors(schema), [schema]);
  const count = problemsIn(problems, section.key).length;
  // rjsf validates as you type; the document is the parent's single truth.
  const latest = React.useRef(document);
  latest.current = document;
  return (
    <details
      className="jp-IblNwb-formSection"
      open={section.open || undefined}
      data-section={section.key}
    >
      <summary>
        {section.title}
        {count > 0 && (
          <span
            className="jp-IblNwb-problemCount"
            data-testid="section-problems"
          >
            {count} to fix
          </span>
        )}
      </summary>
      <FormComponent
        schema={schema}
        uiSchema={section.uiSchema as any}
        formData={document[section.key] as unknown as ReadonlyJSONObject}
        validator={validator as any}
        templates={TEMPLATES}
        idPrefix={`jp-IblNwb-md-${props.idScope}${section.key}`}
        compact={true}
        showModifiedFromDefault={false}
        formContext={{ defaultFormData: {} }}
        liveValidate={true}
        showErrorList={false}
        transformErrors={transform}
        readonly={section.readonly}
        onChange={(e: IChangeEvent<ReadonlyJSONObject>) =>
          onChange(withSection(latest.current, section.key, e.formData))
        }
      />
    </details>
  );
}

/**
 * The metadata document as a form generated from its JSON Schema: one
 * collapsible section per part (session, subject, probes, IBL).
 */
export function MetadataForm(props: IMetadataFormProps): JSX.Element {
  return (
    <div className="jp-IblNwb-metadataForm">
      {FORM_SECTIONS.map(section => (
        <Section
          key={section.key}
          section={section}
          document={props.document}
          problems={props.problems}
          onChange={props.onChange}
          idScope={props.idScope ?? ''}
        />
      ))}
    </div>
  );
}
