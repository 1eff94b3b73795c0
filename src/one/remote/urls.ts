/**
 * Data-server URLs and local cache paths of datasets: the dataset UUID goes
 * into the server file name before the last extension, and comes out again in
 * the local copy (the layout Python ONE uses).
 */

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID_PART = new RegExp(`\\.${UUID}$`, 'i');
/** `[lab/Subjects/]subject/YYYY-MM-DD/N[NN]` anywhere in a path. */
const SESSION =
  /(?:^|\/)((?:\w+\/Subjects\/)?[\w.-]+\/\d{4}-\d{2}-\d{2}\/\d{1,3})(?=\/|$)/;

/** Insert `.uuid` before the last extension (replacing a UUID already there). */
export function addUuidToPath(path: string, uuid: string): string {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) {
    return `${dir}${name}.${uuid}`;
  }
  const stem = name.slice(0, dot).replace(UUID_PART, '');
  return `${dir}${stem}.${uuid}${name.slice(dot)}`;
}

/** Drop a UUID that is the last dot-part of the file stem. */
export function removeUuidFromPath(path: string): string {
  const slash = path.lastIndexOf('/');
  const dir = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  if (dot <= 0) {
    return path.replace(UUID_PART, '');
  }
  return `${dir}${name.slice(0, dot).replace(UUID_PART, '')}${name.slice(dot)}`;
}

/** Zero-pad the session number folder to three digits. */
export function padSessionPath(sessionPath: string): string {
  return sessionPath.replace(
    /\/(\d{1,3})$/,
    (_, n: string) => `/${n.padStart(3, '0')}`
  );
}

/**
 * The ALF part of a URL or path: from the session folder on (`lab/Subjects/…`),
 * or from `aggregates/` for session-less datasets; `null` if neither is present.
 */
export function alfPathOf(urlOrPath: string): string | null {
  const path = pathOfUrl(urlOrPath).replace(/^\/+|\/+$/g, '');
  const match = SESSION.exec(path);
  if (match) {
    return path.slice(match.index + (match[0].startsWith('/') ? 1 : 0));
  }
  const aggregates = path.indexOf('aggregates/');
  return aggregates >= 0 ? path.slice(aggregates) : null;
}

/** Split an ALF path into its session path and the `rel_path` that follows it. */
export function splitSessionPath(
  alfPath: string
): { sessionPath: string; relPath: string } | null {
  const match = SESSION.exec(alfPath);
  if (!match) {
    return null;
  }
  const start = match.index + (match[0].startsWith('/') ? 1 : 0);
  const sessionPath = match[1];
  const rest = alfPath.slice(start + sessionPath.length).replace(/^\/+/, '');
  return { sessionPath, relPath: rest };
}

/** The path of a URL without touching `#` (revision folders contain it). */
export function pathOfUrl(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(url);
  const rest = scheme ? url.slice(scheme[0].length) : url;
  const q = rest.indexOf('?');
  return q < 0 ? rest : rest.slice(0, q);
}

/** Percent-encode a URL path (a literal `#` would otherwise start a fragment). */
export function encodeUrlPath(url: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(url);
  const origin = scheme ? scheme[0] : '';
  const path = url.slice(origin.length);
  const encoded = path
    .split('/')
    .map(part => encodeURIComponent(decodeSafe(part)))
    .join('/');
  return origin + encoded;
}

function decodeSafe(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * `<dataServer>/<lab>/Subjects/<subject>/<date>/<NNN>/<rel_path with UUID>`:
 * the URL ONE builds from a cache row and its session row.
 */
export function datasetUrl(
  dataServer: string,
  sessionPath: string,
  relPath: string,
  uuid: string
): string {
  const root = dataServer.replace(/\/+$/, '');
  return `${root}/${padSessionPath(sessionPath)}/${addUuidToPath(relPath, uuid)}`;
}

/** The cache-relative path (`lab/Subjects/…/file` without UUID) of a data URL. */
export function localRelPathOf(url: string): string | null {
  const alf = alfPathOf(url);
  return alf === null ? null : removeUuidFromPath(alf);
}
