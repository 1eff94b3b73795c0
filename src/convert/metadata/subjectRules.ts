/**
 * Subject fields the NWB Inspector needs but the JSON schema cannot require on its own
 * (one of two fields): without them a converted file is CRITICAL (`check_subject_age`) or a
 * best-practice violation (`check_subject_species_exists`), so the document is refused before
 * conversion, naming the field to fill. Alyx records always give both for IBL subjects; a bare
 * folder without them must be completed by the user — we never invent a birth date or species.
 */
import type { INwbMetadata } from './document';
import type { IMetadataProblem } from './validate';

export function subjectProblems(document: INwbMetadata): IMetadataProblem[] {
  const subject: Partial<INwbMetadata['Subject']> =
    typeof document?.Subject === 'object' && document.Subject !== null
      ? document.Subject
      : {};
  const problems: IMetadataProblem[] = [];
  if (!subject.species) {
    problems.push({
      path: '/Subject/species',
      message:
        'is required (the Latin binomial, e.g. Mus musculus for IBL mice; Alyx: subject.species)'
    });
  }
  if (!subject.date_of_birth && !subject.age) {
    problems.push({
      path: '/Subject/date_of_birth',
      message:
        'or Subject.age is required (date of birth as YYYY-MM-DD, or age as an ISO 8601 duration such as P92D; Alyx: subject.birth_date)'
    });
  }
  return problems;
}
