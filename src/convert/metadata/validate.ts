import Ajv, { ErrorObject } from 'ajv';

import { calendarProblems } from './calendar';
import { INwbMetadata } from './document';
import { METADATA_SCHEMA } from './schema';
import { subjectProblems } from './subjectRules';

/** One broken rule: where (JSON pointer) and what. */
export interface IMetadataProblem {
  path: string;
  message: string;
}

/** A JSON pointer as users read a field: `/Probes/0/name` → `Probes[0].name`. */
export function fieldName(pointer: string): string {
  const parts = pointer.split('/').filter(Boolean);
  if (parts.length === 0) {
    return '(the document)';
  }
  return parts
    .map((part, i) =>
      /^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`
    )
    .join('');
}

/** A metadata document that does not satisfy the schema; names every field at fault. */
export class MetadataError extends Error {
  readonly problems: (IMetadataProblem & { field: string })[];

  constructor(
    readonly source: string,
    problems: IMetadataProblem[],
    readonly advice = 'Fix these fields (in the metadata form or the JSON file) and convert again.'
  ) {
    const named = problems.map(p => ({ ...p, field: fieldName(p.path) }));
    super(
      `the NWB metadata in ${source} is not valid: ` +
        named
          .map(p => (p.path ? `${p.field} ${p.message}` : p.message))
          .join('; ')
    );
    this.name = 'MetadataError';
    this.problems = named;
  }
}

let compiled: ReturnType<Ajv['compile']> | undefined;

function validator() {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    compiled = ajv.compile(METADATA_SCHEMA);
  }
  return compiled;
}

function describe(error: ErrorObject): IMetadataProblem {
  const path = error.instancePath;
  switch (error.keyword) {
    case 'required':
      return {
        path: `${path}/${(error.params as { missingProperty: string }).missingProperty}`,
        message: 'is required'
      };
    case 'additionalProperties':
      return {
        path: `${path}/${(error.params as { additionalProperty: string }).additionalProperty}`,
        message: 'is not a known field (check its spelling)'
      };
    case 'pattern': {
      const hint = schemaDescription(path);
      return {
        path,
        message: hint ? `has the wrong form: ${hint}` : 'has the wrong form'
      };
    }
    case 'enum':
      return {
        path,
        message: `must be one of ${(
          error.params as { allowedValues: unknown[] }
        ).allowedValues
          .map(v => JSON.stringify(v))
          .join(', ')}`
      };
    default:
      return {
        path,
        message: error.message ?? `breaks the rule "${error.keyword}"`
      };
  }
}

/** The schema's description of the field at a JSON pointer, if it has one. */
function schemaDescription(pointer: string): string | undefined {
  let node: any = METADATA_SCHEMA;
  for (const part of pointer.split('/').filter(Boolean)) {
    node = /^\d+$/.test(part) ? node?.items : node?.properties?.[part];
  }
  return typeof node?.description === 'string' ? node.description : undefined;
}

/** Problems with a metadata document; empty when it is valid. */
export function metadataProblems(document: unknown): IMetadataProblem[] {
  const validate = validator();
  // What the NWB Inspector needs of a subject is said with the schema's problems, so the
  // user sees every field to fill at once.
  const subject = subjectProblems(document as INwbMetadata);
  if (validate(document)) {
    // The schema checks the form of dates; the calendar, whether they exist.
    return [...calendarProblems(document as INwbMetadata), ...subject];
  }
  const problems = (validate.errors ?? []).map(describe);
  const said = new Set(problems.map(p => p.path));
  return [...problems, ...subject.filter(p => !said.has(p.path))];
}

/** Check a parsed document and return it typed, or throw a MetadataError naming `source`. */
export function assertMetadata(
  document: unknown,
  source: string
): INwbMetadata {
  const problems = metadataProblems(document);
  if (problems.length > 0) {
    throw new MetadataError(source, problems);
  }
  return document as INwbMetadata;
}

/** Parse JSON text of a metadata file (e.g. an edited meta.json) and validate it. */
export function parseMetadata(text: string, source: string): INwbMetadata {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new MetadataError(source, [
      {
        path: '',
        message: `the file is not valid JSON (${(error as Error).message})`
      }
    ]);
  }
  return assertMetadata(document, source);
}
