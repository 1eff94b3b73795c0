/**
 * Read an ALF dataset's bytes by extension, like ONE's `load_file_content`:
 * `.npy` → array, `.pqt`/`.csv`/`.tsv`/`.ssv` → table, `.json` → value,
 * `.jsonable` → list, `.yaml` → value. Other formats (`.bin`, `.cbin`, video)
 * are not loaded: the caller gets `{ kind: 'file' }` and streams them itself.
 */
import { parse as parseYaml } from 'yaml';

import { CorruptFileError } from './errors';
import { decodeNpy, INdArray, squeezeColumn } from './npy';
import { ITable, readTable } from './tables';

export type FileContent =
  | { kind: 'empty' }
  | { kind: 'array'; array: INdArray }
  | { kind: 'table'; table: ITable }
  | { kind: 'json'; value: unknown }
  | { kind: 'file'; extension: string };

const NAN = '\u0000NaN';
const POS_INF = '\u0000Infinity';
const NEG_INF = '\u0000-Infinity';

/** Replace Python's bare NaN / Infinity tokens (outside strings) by sentinel strings. */
function protectNonFinite(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, token => {
    if (token.startsWith('"')) {
      return token;
    }
    return JSON.stringify(
      token === 'NaN' ? NAN : token === 'Infinity' ? POS_INF : NEG_INF
    );
  });
}

function revive(_key: string, value: unknown): unknown {
  if (value === NAN) {
    return NaN;
  }
  if (value === POS_INF) {
    return Infinity;
  }
  return value === NEG_INF ? -Infinity : value;
}

/** JSON as Python's `json` writes it, which may contain NaN and ±Infinity. */
export function parsePythonJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(protectNonFinite(text), revive);
    } catch (err) {
      throw new CorruptFileError(
        path,
        `invalid JSON (${(err as Error).message})`
      );
    }
  }
}

/** `.jsonable`: one JSON document per line. */
export function parseJsonable(text: string, path: string): unknown[] {
  return text
    .split(/\r?\n/)
    .filter(line => line.trim() !== '')
    .map((line, i) => parsePythonJson(line, `${path} (line ${i + 1})`));
}

/** The lower-case extension of a file name (`a.b.npy` → `npy`). */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** Decode a dataset file from its bytes according to its extension. */
export async function loadFileContent(
  path: string,
  bytes: Uint8Array
): Promise<FileContent> {
  if (bytes.length === 0) {
    return { kind: 'empty' };
  }
  const ext = extensionOf(path);
  const text = () => new TextDecoder().decode(bytes);
  switch (ext) {
    case 'npy':
      return { kind: 'array', array: squeezeColumn(decodeNpy(bytes, path)) };
    case 'pqt':
    case 'parquet':
    case 'csv':
    case 'tsv':
    case 'htsv':
    case 'ssv':
      return { kind: 'table', table: await readTable(path, bytes) };
    case 'json':
      return { kind: 'json', value: parsePythonJson(text(), path) };
    case 'jsonable':
      return { kind: 'json', value: parseJsonable(text(), path) };
    case 'yaml':
    case 'yml':
      try {
        return { kind: 'json', value: parseYaml(text()) };
      } catch (err) {
        throw new CorruptFileError(
          path,
          `invalid YAML (${(err as Error).message})`
        );
      }
    default:
      return { kind: 'file', extension: ext };
  }
}
