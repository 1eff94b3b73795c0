/**
 * What "Convert to NWB…" on a file-browser item converts: an ALF session
 * folder (`<cache>/<lab>/Subjects/<subject>/<date>/<NNN>`) or a saved NWB
 * metadata document (`*.json`, which names its session).
 */
import type {
  DandiModality,
  IModalityAvailability
} from './convert/modalityInfo';
import { dandiKinds, dandiOutputPath } from './convert/outputName';

export interface IConversionTarget {
  /** Session id or `subject/date/number`, as `ibl2nwb convert` accepts. */
  eid: string;
  /** ONE cache folder relative to the server root ('' = the bundled sample). */
  cacheDir: string;
  subject: string;
  /** Session label used in the output name: the eid, or `date-NNN`. */
  session: string;
  metadata?: string;
}

const SESSION_FOLDER =
  /^(?:(.*)\/)?[^/]+\/Subjects\/([^/]+)\/(\d{4}-\d{2}-\d{2})\/(\d{1,3})\/?$/;

/** The session an ALF session folder path is, or null for any other folder. */
export function sessionFolderTarget(path: string): IConversionTarget | null {
  const match = SESSION_FOLDER.exec(path);
  if (!match) {
    return null;
  }
  const [, cache = '', subject, date, number] = match;
  const padded = number.padStart(3, '0');
  return {
    // The root itself as the cache is '.', since '' asks for the bundled sample.
    cacheDir: cache || '.',
    eid: `${subject}/${date}/${padded}`,
    subject,
    session: `${date}-${padded}`
  };
}

/** The session a saved metadata document is for, or a reason it is not one. */
export function metadataTarget(
  path: string,
  text: string,
  cacheDir: string
): IConversionTarget | string {
  let document: any;
  try {
    document = JSON.parse(text);
  } catch {
    return `${path} is not JSON.`;
  }
  const eid = document?.Ibl?.eid ?? document?.NWBFile?.session_id;
  const subject = document?.Subject?.subject_id;
  if (typeof eid !== 'string' || typeof subject !== 'string') {
    return `${path} is not an NWB metadata document (write one with the sidebar or "ibl2nwb metadata").`;
  }
  return { eid, cacheDir, subject, session: eid, metadata: path };
}

/**
 * The output for a target in `folder`: the one naming rule (src/convert/outputName.ts),
 * from the session's eid when `ibl2nwb info` gave it (a session folder's target knows only
 * `date-NNN` until then) and the kinds of what a default conversion writes.
 */
export function defaultOutput(
  target: IConversionTarget,
  folder: string,
  interfaces?: readonly IModalityAvailability[],
  eid?: string
): string {
  const chosen = (interfaces ?? [])
    .filter(i => i.askedBy === 'modalities' && i.available)
    .map(i => i.name);
  const kinds: DandiModality[] = interfaces
    ? dandiKinds(interfaces, chosen)
    : ['behavior', 'ecephys'];
  const name = dandiOutputPath(target.subject, eid ?? target.session, kinds);
  return folder ? `${folder.replace(/\/+$/, '')}/${name}` : name;
}
