/**
 * ALF session paths (`[lab/Subjects/]subject/YYYY-MM-DD/NNN`), full dataset
 * paths and the dataset UUID that file servers insert in file names.
 */
import {
  collectionSpec,
  fileSpec,
  IAlfRelPathParts,
  isValidFilename,
  sessionSpec
} from './alf';
import { AlfNameError } from './errors';

/** The session part of an ALF path. */
export interface ISessionParts {
  lab?: string;
  subject: string;
  date: string;
  /** As written in the path (`001` or `1`). */
  number: string;
}

export interface IAlfFullPathParts extends ISessionParts, IAlfRelPathParts {}

const SESSION_RE = new RegExp(`^${sessionSpec()}$`);
const SESSION_SEARCH_RE = new RegExp(sessionSpec());
const SESSION_END_RE = new RegExp(`${sessionSpec()}$`);
const FULL_PATH_RE = new RegExp(
  `^${sessionSpec()}/${collectionSpec()}${fileSpec()}`
);
const REL_PATH_RE = new RegExp(`^${collectionSpec()}${fileSpec()}`);
const FILE_RE = new RegExp(`^${fileSpec()}`);
const UUID_RE =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[345][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

/** Canonical lower-case UUID string of version 3, 4 or 5 (ONE's `is_uuid_string`). */
export function isUuidString(text: string): boolean {
  return UUID_RE.test(text);
}

/** Parse a session path (the whole string must be one). */
export function parseSessionPath(path: string): ISessionParts | null {
  const m = SESSION_RE.exec(trimSlashes(path));
  if (!m?.groups) {
    return null;
  }
  const { lab, subject, date, number } = m.groups;
  return { lab, subject, date, number };
}

/** True when the path ends with a session path (ONE's `is_session_path`). */
export function isSessionPath(path: string): boolean {
  return SESSION_END_RE.test(trimSlashes(path));
}

function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) {
    return false;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d
  );
}

/**
 * The session path contained in any path or URL path: up to the first
 * all-digit folder that follows a valid date (ONE's `get_session_path`).
 */
export function sessionPathOf(path: string): string | null {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (/^\d+$/.test(parts[i]) && isIsoDate(parts[i - 1])) {
      return parts.slice(0, i + 1).join('/');
    }
  }
  return null;
}

/** Rewrite the session number folder as three digits. */
export function paddedSequence(path: string): string {
  const session = sessionPathOf(path);
  if (session === null) {
    throw new AlfNameError(
      path,
      'the path contains no session folder subject/YYYY-MM-DD/N'
    );
  }
  const cut = session.lastIndexOf('/');
  const padded = `${session.slice(0, cut)}/${String(Number(session.slice(cut + 1))).padStart(3, '0')}`;
  return padded + path.slice(session.length);
}

/** Format session parts as `lab/Subjects/subject/date/NNN` (lab optional). */
export function formatSessionPath(parts: ISessionParts): string {
  const number = String(Number(parts.number)).padStart(3, '0');
  const head = parts.lab ? `${parts.lab}/Subjects/` : '';
  return `${head}${parts.subject}/${parts.date}/${number}`;
}

/** Parse `session/[collection/][#revision#/]filename`; `null` if invalid. */
export function parseFullPath(path: string): IAlfFullPathParts | null {
  const m = FULL_PATH_RE.exec(path);
  if (!m?.groups) {
    return null;
  }
  const g = m.groups;
  return {
    lab: g.lab,
    subject: g.subject,
    date: g.date,
    number: g.number,
    collection: g.collection,
    revision: g.revision,
    namespace: g.namespace,
    object: g.object,
    attribute: g.attribute,
    timescale: g.timescale,
    extra: g.extra,
    extension: g.extension
  };
}

/**
 * The ALF part of a path or URL path: from the session on if there is one,
 * else the relative path or just the file name (ONE's `get_alf_path`).
 */
export function getAlfPath(path: string): string | null {
  const trimmed = trimSlashes(path);
  const session = SESSION_SEARCH_RE.exec(trimmed);
  if (session) {
    return trimmed.slice(session.index);
  }
  const name = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (FILE_RE.test(name)) {
    return REL_PATH_RE.test(trimmed) ? trimmed : name;
  }
  return null;
}

function splitName(path: string): {
  dir: string;
  stem: string;
  suffix: string;
} {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const suffix = dot > 0 ? name.slice(dot) : '';
  return { dir: path.slice(0, slash + 1), stem, suffix };
}

/** Remove a dataset UUID that precedes the extension, if any. */
export function removeUuid(path: string): string {
  const { dir, stem, suffix } = splitName(path);
  const parts = stem.split('.');
  if (parts.length > 1 && isUuidString(parts[parts.length - 1])) {
    return dir + parts.slice(0, -1).join('.') + suffix;
  }
  return path;
}

/** Insert (or replace) the dataset UUID before the extension, as file servers name files. */
export function addUuid(path: string, uuid: string): string {
  if (!isUuidString(uuid)) {
    throw new AlfNameError(uuid, 'not a canonical UUID string');
  }
  const { dir, stem, suffix } = splitName(removeUuid(path));
  return `${dir}${stem}.${uuid}${suffix}`;
}

export { isValidFilename };
