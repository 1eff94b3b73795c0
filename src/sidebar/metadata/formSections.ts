/**
 * How the metadata document is split into form sections for a narrow sidebar,
 * and how validation errors are worded. Pure: no DOM, no React.
 */
import type { RJSFSchema, RJSFValidationError, UiSchema } from '@rjsf/utils';

import type { INwbMetadata } from '../../convert/metadata/document';
import { METADATA_SCHEMA } from '../../convert/metadata/schema';
import type { IMetadataProblem } from '../../convert/metadata/validate';

export type SectionKey = 'NWBFile' | 'Subject' | 'Probes' | 'Ibl' | 'QcPolicy';

export interface IFormSection {
  key: SectionKey;
  title: string;
  /** Shown open when the form appears. */
  open: boolean;
  /** Filled in from Alyx and the converter; shown, not edited. */
  readonly: boolean;
  uiSchema: UiSchema;
}

const noItemLabels = { items: { 'ui:label': false } };

export const FORM_SECTIONS: IFormSection[] = [
  {
    key: 'NWBFile',
    title: 'Session',
    open: true,
    readonly: false,
    uiSchema: {
      'ui:order': [
        'session_description',
        'session_start_time',
        'experimenter',
        'lab',
        'institution',
        'experiment_description',
        'protocol',
        'keywords',
        'related_publications',
        'notes',
        '*'
      ],
      session_description: {
        'ui:widget': 'textarea',
        'ui:options': { rows: 3 }
      },
      notes: { 'ui:widget': 'textarea', 'ui:options': { rows: 2 } },
      session_id: { 'ui:readonly': true },
      experimenter: noItemLabels,
      keywords: noItemLabels,
      related_publications: noItemLabels
    }
  },
  {
    key: 'Subject',
    title: 'Subject',
    open: false,
    readonly: false,
    uiSchema: {
      description: { 'ui:widget': 'textarea', 'ui:options': { rows: 2 } }
    }
  },
  {
    key: 'Probes',
    title: 'Probes',
    open: false,
    readonly: false,
    uiSchema: {
      items: {
        pid: { 'ui:readonly': true },
        alignment_resolved: { 'ui:readonly': true }
      }
    }
  },
  {
    key: 'Ibl',
    // The Alyx record is read only; the ALF revision to convert at is the user's choice.
    title: 'IBL session (from Alyx; only the revision is editable)',
    open: false,
    readonly: false,
    uiSchema: Object.fromEntries(
      [
        'eid',
        'session_number',
        'projects',
        'task_protocol',
        'location',
        'end_time',
        'n_trials',
        'n_correct_trials',
        'qc',
        'extended_qc',
        'revisions'
      ].map(field => [field, { 'ui:readonly': true }])
    )
  },
  {
    key: 'QcPolicy',
    title:
      'QC policy (the 2026 release: CRITICAL/FAIL videos out, resolved alignments, likelihood 0.9)',
    open: false,
    readonly: false,
    uiSchema: { exclude_video_qc: { 'ui:widget': 'checkboxes' } }
  }
];

/** The sub-schema a section's form renders (its title is the section's). */
export function sectionSchema(key: SectionKey): RJSFSchema {
  const schema = METADATA_SCHEMA.properties[key] as unknown as RJSFSchema;
  const copy: RJSFSchema = JSON.parse(JSON.stringify(schema));
  delete copy.title;
  return copy;
}

/** Problems (JSON pointers into the whole document) that fall in a section. */
export function problemsIn(
  problems: IMetadataProblem[],
  key: SectionKey
): IMetadataProblem[] {
  return problems.filter(
    p => p.path === `/${key}` || p.path.startsWith(`/${key}/`)
  );
}

/** Problems outside every section (e.g. a misspelt top-level key in a loaded file). */
export function problemsOutsideSections(
  problems: IMetadataProblem[]
): IMetadataProblem[] {
  return problems.filter(p =>
    FORM_SECTIONS.every(s => problemsIn([p], s.key).length === 0)
  );
}

/** The schema node at an rjsf property path such as `.experimenter.0`. */
function schemaAt(root: RJSFSchema, property: string): RJSFSchema | undefined {
  let node: any = root;
  for (const part of property.split('.').filter(Boolean)) {
    node = /^\d+$/.test(part) ? node?.items : node?.properties?.[part];
  }
  return node;
}

/** rjsf's ajv messages, reworded to say what to type. */
export function friendlyErrors(
  root: RJSFSchema
): (errors: RJSFValidationError[]) => RJSFValidationError[] {
  return errors =>
    errors.map(error => {
      const node = schemaAt(root, error.property ?? '');
      const params = error.params ?? {};
      let message = error.message;
      if (error.name === 'pattern') {
        message = node?.description
          ? `has the wrong form: ${node.description}`
          : 'has the wrong form';
      } else if (error.name === 'minLength' && params.limit === 1) {
        message = 'must not be empty';
      } else if (error.name === 'required') {
        message = 'is required';
      } else if (error.name === 'enum' && Array.isArray(params.allowedValues)) {
        message = `must be one of ${params.allowedValues.join(', ')}`;
      } else if (error.name === 'additionalProperties') {
        message = `has an unknown field "${params.additionalProperty}" (check its spelling)`;
      }
      return { ...error, message, stack: `${error.property} ${message}` };
    });
}

/** Replace one section of the document. */
export function withSection(
  document: INwbMetadata,
  key: SectionKey,
  value: unknown
): INwbMetadata {
  return { ...document, [key]: value } as INwbMetadata;
}

/**
 * Whether a list field is marked required. A list is "required" in the schema
 * when its key must be present, which the form always ensures; the user has to
 * act only when it must have items (e.g. an empty related-publications list is
 * fine and must not carry an asterisk).
 */
export function listNeedsItems(
  required: boolean | undefined,
  schema: { minItems?: number }
): boolean {
  return Boolean(required) && (schema.minItems ?? 0) > 0;
}
