/** `/general` metadata and the Subject (core `Subject` or ndx-ibl `IblSubject`). */
import { NwbWriteError } from './errors';
import type { Group } from './h5';
import { markTyped, scalarText, textArray, textAttr } from './h5';
import type { IWriteContext } from './context';

/** ISO 8601 with a timezone (NWB needs it; nwbinspector flags naive times). */
const ISO_TZ =
  /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)$/;

export function checkIsoDatetime(
  value: string,
  fsPath: string,
  field: string
): string {
  if (!ISO_TZ.test(value)) {
    throw new NwbWriteError(
      fsPath,
      field,
      `"${value}" is not an ISO 8601 date-time with a timezone, e.g. 2024-01-31T09:00:00+01:00`
    );
  }
  return value;
}

/** Optional NWBFile /general fields (free text unless noted). */
export interface IGeneralMetadata {
  sessionId?: string;
  /** People, "Last, First" as the NWB best practices ask. */
  experimenter?: string[];
  keywords?: string[];
  relatedPublications?: string[];
  institution?: string;
  lab?: string;
  protocol?: string;
  notes?: string;
  experimentDescription?: string;
  dataCollection?: string;
  surgery?: string;
  pharmacology?: string;
  stimulus?: string;
  virus?: string;
  slices?: string;
  /** Software that produced the file: [name, version] pairs. */
  wasGeneratedBy?: [string, string][];
}

const SCALARS: [keyof IGeneralMetadata, string][] = [
  ['sessionId', 'session_id'],
  ['institution', 'institution'],
  ['lab', 'lab'],
  ['protocol', 'protocol'],
  ['notes', 'notes'],
  ['experimentDescription', 'experiment_description'],
  ['dataCollection', 'data_collection'],
  ['surgery', 'surgery'],
  ['pharmacology', 'pharmacology'],
  ['stimulus', 'stimulus'],
  ['virus', 'virus'],
  ['slices', 'slices']
];

const LISTS: [keyof IGeneralMetadata, string][] = [
  ['experimenter', 'experimenter'],
  ['keywords', 'keywords'],
  ['relatedPublications', 'related_publications']
];

export function writeGeneral(general: Group, meta: IGeneralMetadata): void {
  for (const [key, name] of SCALARS) {
    const value = meta[key];
    if (typeof value === 'string') {
      scalarText(general, name, value);
    }
  }
  for (const [key, name] of LISTS) {
    const values = meta[key] as string[] | undefined;
    if (values && values.length > 0) {
      textArray(general, name, values);
    }
  }
  if (meta.wasGeneratedBy && meta.wasGeneratedBy.length > 0) {
    general.create_dataset({
      name: 'was_generated_by',
      data: meta.wasGeneratedBy.flat(),
      shape: [meta.wasGeneratedBy.length, 2],
      dtype: 'S'
    });
  }
}

export interface ISubject {
  subjectId: string;
  /** Latin binomial, e.g. "Mus musculus". */
  species?: string;
  sex?: 'M' | 'F' | 'U' | 'O';
  /** ISO 8601 duration, e.g. "P90D". */
  age?: string;
  ageReference?: 'birth' | 'gestational';
  dateOfBirth?: string;
  description?: string;
  genotype?: string;
  strain?: string;
  /** Weight with its unit, e.g. "0.025 kg". */
  weight?: string;
  /** IBL (Alyx) fields: when present the subject is written as ndx-ibl IblSubject. */
  ibl?: IIblSubjectFields;
}

export interface IIblSubjectFields {
  uuid?: string;
  nickname?: string;
  url?: string;
  responsibleUser?: string;
  deathDate?: string;
  litter?: string;
  source?: string;
  line?: string;
  projects?: string[];
  sessionProjects?: string[];
  lab?: string;
  lastWaterRestriction?: string;
  expectedWaterMl?: number;
  remainingWaterMl?: number;
  weighings?: string[];
  waterAdministrations?: string[];
  alive?: boolean;
}

export function writeSubject(
  ctx: IWriteContext,
  general: Group,
  s: ISubject
): void {
  const g = general.create_group('subject');
  if (s.ibl) {
    markTyped(g, 'IblSubject', 'ndx-ibl');
    ctx.namespaces.add('ndx-ibl');
  } else {
    markTyped(g, 'Subject', 'core');
  }
  scalarText(g, 'subject_id', s.subjectId);
  const texts: [string | undefined, string][] = [
    [s.species, 'species'],
    [s.sex, 'sex'],
    [s.description, 'description'],
    [s.genotype, 'genotype'],
    [s.strain, 'strain'],
    [s.weight, 'weight']
  ];
  for (const [value, name] of texts) {
    if (value !== undefined) {
      scalarText(g, name, value);
    }
  }
  if (s.age !== undefined) {
    textAttr(
      scalarText(g, 'age', s.age),
      'reference',
      s.ageReference ?? 'birth'
    );
  }
  if (s.dateOfBirth !== undefined) {
    checkIsoDatetime(s.dateOfBirth, ctx.fsPath, 'subject/date_of_birth');
    scalarText(g, 'date_of_birth', s.dateOfBirth, 'ascii');
  }
  if (s.ibl) {
    writeIblFields(g, s.ibl);
  }
}

function writeIblFields(g: Group, f: IIblSubjectFields): void {
  const texts: [string | undefined, string][] = [
    [f.uuid, 'uuid'],
    [f.nickname, 'nickname'],
    [f.url, 'url'],
    [f.responsibleUser, 'responsible_user'],
    [f.deathDate, 'death_date'],
    [f.litter, 'litter'],
    [f.source, 'source'],
    [f.line, 'line'],
    [f.lab, 'lab'],
    [f.lastWaterRestriction, 'last_water_restriction']
  ];
  for (const [value, name] of texts) {
    if (value !== undefined) {
      scalarText(g, name, value);
    }
  }
  const lists: [string[] | undefined, string][] = [
    [f.projects, 'projects'],
    [f.sessionProjects, 'session_projects'],
    [f.weighings, 'weighings'],
    [f.waterAdministrations, 'water_administrations']
  ];
  for (const [values, name] of lists) {
    if (values !== undefined) {
      textArray(g, name, values);
    }
  }
  const numbers: [number | undefined, string][] = [
    [f.expectedWaterMl, 'expected_water_ml'],
    [f.remainingWaterMl, 'remaining_water_ml']
  ];
  for (const [value, name] of numbers) {
    if (value !== undefined) {
      g.create_dataset({ name, data: value, shape: [], dtype: '<f' });
    }
  }
  if (f.alive !== undefined) {
    textAttr(g, 'alive', f.alive ? 'True' : 'False');
  }
}
