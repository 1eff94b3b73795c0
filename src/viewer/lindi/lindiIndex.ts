/**
 * A LINDI reference file system (`.lindi.json`, the `lindi` package's
 * format, after fsspec's kerchunk references): `refs` maps Zarr keys to
 * inline content (JSON objects for metadata, text, or `base64:` bytes) or
 * to `[url, offset, size]` byte ranges of another file, usually the
 * original HDF5 file. URLs may use `{{name}}` templates.
 */
import { parseMetadataJson } from '../zarr/json';

/** Where a key's bytes live. */
export type LindiRef =
  | { readonly kind: 'inline'; readonly bytes: Uint8Array }
  | {
      readonly kind: 'range';
      readonly url: string;
      readonly offset: number;
      readonly size: number;
    };

const METADATA_KEY = /(^|\/)\.z(array|attrs|group)$/;

export class LindiIndex {
  private readonly encoder = new TextEncoder();

  private constructor(
    private readonly refs: Readonly<Record<string, unknown>>,
    private readonly templates: Readonly<Record<string, string>>,
    readonly where: string
  ) {}

  /** Parse and check an index; `where` names the file in messages. */
  static parse(text: string, where: string): LindiIndex {
    const doc = parseMetadataJson(text, where) as {
      refs?: unknown;
      templates?: unknown;
    };
    if (!doc || typeof doc.refs !== 'object' || doc.refs === null) {
      throw new Error(
        `${where} has no "refs" object: it is not a LINDI file (.lindi.json from the lindi package).`
      );
    }
    const templates = (doc.templates ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(templates)) {
      if (typeof value !== 'string') {
        throw new Error(`${where}: template "${name}" is not a URL string.`);
      }
    }
    return new LindiIndex(
      doc.refs as Record<string, unknown>,
      templates as Record<string, string>,
      where
    );
  }

  /** Parsed metadata documents (`.zgroup`, `.zarray`, `.zattrs`) by key. */
  metadataDocuments(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.refs)) {
      if (!METADATA_KEY.test(key)) {
        continue;
      }
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        out[key] = value;
      } else if (typeof value === 'string') {
        const text = value.startsWith('base64:')
          ? new TextDecoder().decode(fromBase64(value.slice(7)))
          : value;
        out[key] = parseMetadataJson(text, `${this.where}: ${key}`);
      } else {
        throw new Error(
          `${this.where}: metadata key ${key} is neither inline JSON nor text.`
        );
      }
    }
    return out;
  }

  /** Where the bytes of `key` are; undefined when the key is absent. */
  ref(key: string): LindiRef | undefined {
    const value = this.refs[key];
    if (value === undefined) {
      return undefined;
    }
    if (typeof value === 'string') {
      return {
        kind: 'inline',
        bytes: value.startsWith('base64:')
          ? fromBase64(value.slice(7))
          : this.encoder.encode(value)
      };
    }
    if (Array.isArray(value)) {
      const [url, offset, size] = value;
      if (
        value.length !== 3 ||
        typeof url !== 'string' ||
        !Number.isInteger(offset) ||
        !Number.isInteger(size)
      ) {
        throw new Error(
          `${this.where}: reference ${key} is not [url, offset, size].`
        );
      }
      return { kind: 'range', url: this.expand(url), offset, size };
    }
    if (value && typeof value === 'object') {
      return {
        kind: 'inline',
        bytes: this.encoder.encode(JSON.stringify(value))
      };
    }
    throw new Error(`${this.where}: reference ${key} has an unknown form.`);
  }

  private expand(url: string): string {
    return url.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name: string) => {
      const value = this.templates[name];
      if (value === undefined) {
        throw new Error(
          `${this.where}: URL template {{${name}}} is used but not defined.`
        );
      }
      return value;
    });
  }
}

/** Decode base64 in browsers and Node alike. */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    out[i] = binary.charCodeAt(i);
  }
  return out;
}
