/**
 * A metadata document is about one session: used for another, it would write session A's
 * data under B's identifier, subject and lab. Refuse when its eid, subject or date disagree
 * with the session being converted.
 */
import type { INwbMetadata } from './document';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the data says about the session converted. */
export interface ISessionIdentity {
  /** A UUID, or a bare folder's session path. */
  eid: string;
  subject?: string;
  /** YYYY-MM-DD, the day in the lab's clock (as ONE's tables and session paths give it). */
  date?: string;
}

export interface IMetadataMismatch {
  field: string;
  document: string;
  session: string;
}

export class MetadataMismatchError extends Error {
  readonly field: string;
  readonly advice: string;

  constructor(
    readonly source: string,
    readonly session: ISessionIdentity,
    readonly mismatches: IMetadataMismatch[]
  ) {
    super(
      `the metadata in ${source} is of another session: ` +
        mismatches
          .map(
            m =>
              `${m.field} is "${m.document}" but the session converted has "${m.session}"`
          )
          .join('; ')
    );
    this.name = 'MetadataMismatchError';
    this.field = mismatches[0].field;
    this.advice = `Write this session's metadata with "ibl2nwb metadata ${session.eid} -o meta.json" and convert with --metadata meta.json.`;
  }
}

/** The fields of `document` that contradict the session; empty when it fits. */
export function metadataMismatches(
  document: INwbMetadata,
  session: ISessionIdentity
): IMetadataMismatch[] {
  const found: IMetadataMismatch[] = [];
  // A bare folder's "eid" is its path: only two UUIDs can contradict each other.
  const eid = document.Ibl?.eid;
  if (
    eid &&
    UUID.test(eid) &&
    UUID.test(session.eid) &&
    eid.toLowerCase() !== session.eid.toLowerCase()
  ) {
    found.push({ field: 'Ibl.eid', document: eid, session: session.eid });
  }
  const subject = document.Subject?.subject_id;
  if (session.subject && subject && subject !== session.subject) {
    found.push({
      field: 'Subject.subject_id',
      document: subject,
      session: session.subject
    });
  }
  const start = document.NWBFile?.session_start_time;
  if (session.date && start && start.slice(0, 10) !== session.date) {
    found.push({
      field: 'NWBFile.session_start_time',
      document: start,
      session: session.date
    });
  }
  return found;
}

/** Throw MetadataMismatchError when the document is of another session. */
export function assertMetadataMatches(
  document: INwbMetadata,
  session: ISessionIdentity,
  source: string
): void {
  const mismatches = metadataMismatches(document, session);
  if (mismatches.length > 0) {
    throw new MetadataMismatchError(source, session, mismatches);
  }
}
