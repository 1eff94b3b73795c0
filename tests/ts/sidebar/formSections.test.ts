import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import validator from '@rjsf/validator-ajv8';
import { beforeAll, describe, expect, it } from 'vitest';

import type { INwbMetadata } from '../../../src/convert/metadata/document';
import { metadataProblems } from '../../../src/convert/metadata/validate';
import {
  FORM_SECTIONS,
  friendlyErrors,
  problemsIn,
  problemsOutsideSections,
  sectionSchema,
  withSection
} from '../../../src/sidebar/metadata/formSections';
import { capture } from '../cli/capture';

const SAMPLE = path.resolve(__dirname, '../../../demo/one-cache');
let sample: INwbMetadata;

beforeAll(async () => {
  // The document the server's GET /metadata/{eid} returns for a sample session.
  const out = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'md-')),
    'm.json'
  );
  const { code, err } = await capture([
    'metadata',
    '2b7095e9-77a5-4f93-95f7-e22949bffc4e',
    '--cache',
    SAMPLE,
    '-o',
    out
  ]);
  expect(code, err).toBe(0);
  sample = JSON.parse(fs.readFileSync(out, 'utf8'));
});

/** What rjsf shows at the fields of one section. */
function fieldErrors(
  key: (typeof FORM_SECTIONS)[number]['key'],
  data: unknown
) {
  const schema = sectionSchema(key);
  return validator
    .validateFormData(data, schema, undefined, friendlyErrors(schema))
    .errors.map(e => `${e.property} ${e.message}`);
}

describe('metadata form sections', () => {
  it('cover every editable part of the schema', () => {
    const doc = { ...sample, Extra: 1 } as unknown as INwbMetadata;
    const problems = metadataProblems(doc);
    expect(problemsOutsideSections(problems)).toEqual([
      { path: '/Extra', message: 'is not a known field (check its spelling)' }
    ]);
  });

  it('accept the sample document as it comes from Alyx', () => {
    for (const section of FORM_SECTIONS) {
      expect(fieldErrors(section.key, sample[section.key])).toEqual([]);
    }
  });

  it('word rjsf errors so users know what to type', () => {
    const nwb = {
      ...sample.NWBFile,
      session_description: '',
      session_start_time: '2021-11-17 10:09'
    };
    expect(fieldErrors('NWBFile', nwb)).toEqual([
      '.session_description must not be empty',
      '.session_start_time has the wrong form: ISO 8601 with the UTC offset, e.g. 2024-03-01T09:12:00+01:00.'
    ]);
    const subject = { ...sample.Subject, sex: 'X' };
    expect(fieldErrors('Subject', subject)).toEqual([
      '.sex must be one of M, F, U, O'
    ]);
  });

  it('count the whole-document problems that fall in each section', () => {
    const doc = withSection(sample, 'Subject', {
      ...sample.Subject,
      sex: undefined
    });
    const problems = metadataProblems(JSON.parse(JSON.stringify(doc)));
    expect(problemsIn(problems, 'Subject')).toEqual([
      { path: '/Subject/sex', message: 'is required' }
    ]);
    expect(problemsIn(problems, 'NWBFile')).toEqual([]);
  });
});
