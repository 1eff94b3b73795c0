/** The metadata document → what the NWB writer needs for the root, /general and the subject. */
import type { INwbFileMetadata } from '../../nwb/file';
import type { ISubject } from '../../nwb/general';
import type { INwbMetadata } from '../metadata';

/** A date-only birth date gets midnight in the session's UTC offset (NWB needs a date-time). */
function dateTime(date: string, sessionStart: string): string {
  if (date.includes('T')) {
    return date;
  }
  const offset = /(Z|[+-]\d\d:?\d\d)$/.exec(sessionStart)?.[1] ?? 'Z';
  return `${date}T00:00:00${offset}`;
}

/**
 * The file's identifier: the document's, and with `--split` one per file (`…-processed`,
 * `…-raw`): NWB requires every file's identifier to be unique (nwbinspector
 * check_unique_identifiers on the pair), while session_id keeps the eid they share.
 */
export function fileIdentifier(
  identifier: string,
  file: 'processed' | 'raw' | undefined
): string {
  return file ? `${identifier}-${file}` : identifier;
}

export function nwbFileMetadata(
  meta: INwbMetadata,
  generatedBy: [string, string],
  file?: 'processed' | 'raw'
): INwbFileMetadata {
  const f = meta.NWBFile;
  const s = meta.Subject;
  const subject: ISubject = {
    subjectId: s.subject_id,
    sex: s.sex,
    ...(s.species ? { species: s.species } : {}),
    ...(s.strain ? { strain: s.strain } : {}),
    ...(s.genotype ? { genotype: s.genotype } : {}),
    ...(s.description ? { description: s.description } : {}),
    ...(s.age ? { age: s.age } : {}),
    ...(s.weight ? { weight: s.weight } : {}),
    ...(s.date_of_birth
      ? { dateOfBirth: dateTime(s.date_of_birth, f.session_start_time) }
      : {}),
    ...(s.uuid ? { ibl: { uuid: s.uuid, nickname: s.subject_id } } : {})
  };
  return {
    identifier: fileIdentifier(f.identifier, file),
    sessionDescription: f.session_description,
    sessionStartTime: f.session_start_time,
    ...(f.timestamps_reference_time
      ? { timestampsReferenceTime: f.timestamps_reference_time }
      : {}),
    sessionId: f.session_id,
    experimenter: f.experimenter,
    keywords: f.keywords,
    relatedPublications: f.related_publications,
    ...(f.experiment_description
      ? { experimentDescription: f.experiment_description }
      : {}),
    ...(f.institution ? { institution: f.institution } : {}),
    ...(f.lab ? { lab: f.lab } : {}),
    ...(f.protocol ? { protocol: f.protocol } : {}),
    ...(f.notes ? { notes: f.notes } : {}),
    wasGeneratedBy: [generatedBy],
    subject
  };
}
