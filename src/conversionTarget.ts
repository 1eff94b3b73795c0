/**
 * What "Convert to NWB…" on a file-browser item converts: an ALF session
 * folder (`<cache>/<lab>/Subjects/<subject>/<date>/<NNN>`) or a saved NWB
 * metadata document (`*.json`, which names its session).
 */

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

/** `sub-<subject>_ses-<session>_desc-processed_behavior+ecephys.nwb` in `folder`. */
export function defaultOutput(
  target: IConversionTarget,
  folder: string
): string {
  const entity = (value: string) => value.replace(/[^A-Za-z0-9-]+/g, '-');
  const name = `sub-${entity(target.subject)}_ses-${entity(target.session)}_desc-processed_behavior+ecephys.nwb`;
  return folder ? `${folder.replace(/\/+$/, '')}/${name}` : name;
}
