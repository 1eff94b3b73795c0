/**
 * ALF file-name grammar: parse and build
 * `[_namespace_]object.attribute[_timescale][.extra…].extension`, with the
 * optional `collection/` and `#revision#/` folders in front.
 *
 * The patterns mirror the ALF specification as ONE implements it (greedy
 * regular expressions), so that names split into the same parts here as in
 * Python `one.alf.path`; paths are POSIX strings with `/` separators.
 */
import { AlfNameError } from './errors';

/** The parts of an ALF file name; absent optional parts are `undefined`. */
export interface IAlfFileParts {
  namespace?: string;
  object: string;
  attribute: string;
  timescale?: string;
  /** Extra parts joined by `.` as in ONE (e.g. `extra.foo`). */
  extra?: string;
  extension: string;
}

/** File-name parts plus the folders between the session and the file. */
export interface IAlfRelPathParts extends IAlfFileParts {
  collection?: string;
  revision?: string;
}

/** Sub-patterns of each ALF part (ONE's defaults). */
export const ALF_PART_PATTERNS = {
  lab: '\\w+',
  subject: '[\\w.-]+',
  date: '\\d{4}-\\d{2}-\\d{2}',
  number: '\\d{1,3}',
  collection: '[\\w./-]+',
  revision: '[\\w.-]+',
  namespace: '(?<=_)[a-zA-Z0-9]+',
  object: '\\w+',
  // `_times` / `_intervals` belong to the attribute when followed by `_` or `.`;
  // `_xx_` in front is the deprecated attribute-level namespace.
  attribute: '(?:_[a-z]+_)?[a-zA-Z0-9]+(?:_times(?=[_.])|_intervals(?=[_.]))?',
  timescale: '\\w+',
  extra: '[.\\w-]+',
  extension: '\\w+'
} as const;

export type AlfPartName = keyof typeof ALF_PART_PATTERNS;

/** Part sub-patterns that callers may replace (e.g. to filter datasets). */
export type AlfPatternOverrides = Partial<Record<AlfPartName, string>>;

function group(name: AlfPartName, overrides: AlfPatternOverrides): string {
  return `(?<${name}>${overrides[name] ?? ALF_PART_PATTERNS[name]})`;
}

/** Regex source of the session part: `[lab/Subjects/]subject/date/number`. */
export function sessionSpec(overrides: AlfPatternOverrides = {}): string {
  const g = (n: AlfPartName) => group(n, overrides);
  return `(?:${g('lab')}/Subjects/)?${g('subject')}/${g('date')}/${g('number')}`;
}

/** Regex source of `[collection/][#revision#/]`. */
export function collectionSpec(overrides: AlfPatternOverrides = {}): string {
  const g = (n: AlfPartName) => group(n, overrides);
  return `(?:${g('collection')}/)?(?:#${g('revision')}#/)?`;
}

/** Optional file-name parts that a dataset filter can make mandatory. */
export interface IRequiredParts {
  namespace?: boolean;
  timescale?: boolean;
  extra?: boolean;
}

/** Regex source of a file name, anchored at the end. */
export function fileSpec(
  overrides: AlfPatternOverrides = {},
  required: IRequiredParts = {}
): string {
  const g = (n: AlfPartName) => group(n, overrides);
  const ns = `_?${g('namespace')}${required.namespace ? '' : '?'}_?`;
  const ts = `(?:_${g('timescale')})${required.timescale ? '' : '?'}`;
  const extra = `(?:\\.${g('extra')})${required.extra ? '' : '*'}`;
  return `${ns}${g('object')}\\.${g('attribute')}${ts}${extra}\\.${g('extension')}$`;
}

const FILE_RE = new RegExp(`^${fileSpec()}`);
const REL_PATH_RE = new RegExp(`^${collectionSpec()}${fileSpec()}`);

function fileParts(groups: Record<string, string | undefined>): IAlfFileParts {
  return {
    namespace: groups.namespace,
    object: groups.object as string,
    attribute: groups.attribute as string,
    timescale: groups.timescale,
    extra: groups.extra,
    extension: groups.extension as string
  };
}

/** Parse an ALF file name; `null` when it is not a valid ALF name. */
export function parseFilename(name: string): IAlfFileParts | null {
  const m = FILE_RE.exec(name);
  return m?.groups ? fileParts(m.groups) : null;
}

/** Parse an ALF file name or throw `AlfNameError`. */
export function parseFilenameStrict(name: string): IAlfFileParts {
  const parts = parseFilename(name);
  if (!parts) {
    throw new AlfNameError(name, 'not a valid ALF file name');
  }
  return parts;
}

export function isValidFilename(name: string): boolean {
  return FILE_RE.test(name);
}

/** Parse `[collection/][#revision#/]filename` (a dataset's `rel_path`). */
export function parseRelPath(relPath: string): IAlfRelPathParts | null {
  const m = REL_PATH_RE.exec(relPath);
  if (!m?.groups) {
    return null;
  }
  return {
    collection: m.groups.collection,
    revision: m.groups.revision,
    ...fileParts(m.groups)
  };
}

/** Split a rel_path into its folder parts and file name without regex backtracking. */
export function splitRelPath(relPath: string): {
  collection: string;
  revision: string;
  filename: string;
} {
  const slash = relPath.lastIndexOf('/');
  const filename = relPath.slice(slash + 1);
  let folders = slash < 0 ? '' : relPath.slice(0, slash);
  let revision = '';
  const last = folders.slice(folders.lastIndexOf('/') + 1);
  if (last.length > 2 && last.startsWith('#') && last.endsWith('#')) {
    revision = last.slice(1, -1);
    folders = folders.slice(0, Math.max(0, folders.length - last.length - 1));
  }
  return { collection: folders, revision, filename };
}

/** Convert to lower camel case keeping all-caps acronyms (ONE's `_dromedary`). */
export function dromedary(text: string): string {
  if (!text) {
    return text;
  }
  const isAcronym = (w: string) => /^[A-Z]+s?$/.test(w);
  const [first, ...others] = text.split(/[_\s]/);
  if (others.length === 0) {
    return first.charAt(0).toLowerCase() + first.slice(1);
  }
  const head = isAcronym(first) ? first : first.toLowerCase();
  const tail = others.map(w =>
    isAcronym(w) ? w : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()
  );
  return [head, ...tail].join('');
}

/** Parts accepted by `formatFilename`; timescale and extra may be lists. */
export interface IAlfNameInput {
  object: string;
  attribute: string;
  extension: string;
  namespace?: string;
  timescale?: string | string[];
  extra?: string | string[];
}

/** Build an ALF file name like ONE's `to_alf` (camel-cases the parts). */
export function formatFilename(input: IAlfNameInput): string {
  const { object, attribute, namespace } = input;
  const extension = input.extension.replace(/^\./, '');
  const label = `${object}.${attribute}`;
  if (!extension) {
    throw new AlfNameError(label, 'an extension is required');
  }
  const plain = [object, attribute, namespace, extension];
  if (typeof input.timescale === 'string') {
    plain.push(input.timescale);
  }
  if (plain.some(p => p !== undefined && p.includes('.'))) {
    throw new AlfNameError(label, 'ALF parts must not contain a period');
  }
  if (namespace?.includes('_')) {
    throw new AlfNameError(label, 'the namespace must not contain underscores');
  }
  if (object.startsWith('_')) {
    throw new AlfNameError(
      label,
      'the object must not start with "_"; pass a namespace instead'
    );
  }
  const scales = (
    typeof input.timescale === 'string'
      ? [input.timescale]
      : (input.timescale ?? [])
  )
    .filter(s => s)
    .map(dromedary);
  const suffix = /_(times|timestamps|intervals)$/.exec(attribute);
  const cut = suffix ? suffix.index : attribute.length;
  const attr = dromedary(attribute.slice(0, cut)) + attribute.slice(cut);
  const extras = !input.extra
    ? []
    : typeof input.extra === 'string'
      ? input.extra.split('.')
      : input.extra;
  const head = (namespace ? `_${namespace}_` : '') + dromedary(object);
  const tail = attr + (scales.length ? `_${scales.join('_')}` : '');
  return [head, tail, ...extras, extension].join('.');
}

/** Join collection, revision and file name into a dataset rel_path. */
export function formatRelPath(
  filename: string,
  collection = '',
  revision = ''
): string {
  const parts = [collection, revision ? `#${revision}#` : '', filename];
  return parts.filter(p => p).join('/');
}
