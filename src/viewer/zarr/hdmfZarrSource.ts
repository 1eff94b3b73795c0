import type { IZarrNode } from './catalogue';
import {
  compoundFacts,
  numpyToH5,
  REFERENCE,
  VLEN_STRING,
  type IH5TypeFacts
} from './h5Notation';
import {
  ZarrTreeSource,
  type IArrayFacts,
  type ILinkFacts
} from './zarrTreeSource';

/** hdmf-zarr's bookkeeping attributes: how it stores HDF5 facts, not attributes of the data. */
const HIDDEN_ATTRIBUTES = new Set([
  'zarr_dtype',
  'zarr_link',
  // xarray's dimension names, which hdmf-zarr adds from the schema's dims;
  // HDF5 files written by pynwb carry no such attribute.
  '_ARRAY_DIMENSIONS'
]);

/** HDF5 ASCII variable-length strings (`A`), which hdmf-zarr stores as `vlen-bytes`. */
const VLEN_ASCII: IH5TypeFacts = { ...VLEN_STRING, dtype: 'A' };

interface IZarrLink {
  name: string;
  source?: string;
  path: string;
}

/**
 * `IH5Source` over a `.nwb.zarr` store written by hdmf-zarr
 * (https://hdmf-zarr.readthedocs.io/en/latest/storage.html):
 * links in a group's `zarr_link` attribute, object references as
 * `{source, path, object_id}`, the HDF5 type in `zarr_dtype` (`scalar` for
 * HDF5 scalars stored with shape `[1]`), the spec location in `.specloc`.
 */
export class HdmfZarrSource extends ZarrTreeSource {
  protected linkOf(parent: IZarrNode, name: string): ILinkFacts | null {
    const link = links(parent).find(l => l.name === name);
    if (!link) {
      return null;
    }
    return isThisFile(link.source)
      ? { softLink: absolute(link.path) }
      : {
          externalLink: { file: String(link.source), path: absolute(link.path) }
        };
  }

  protected linkNames(group: IZarrNode): string[] {
    return links(group).map(l => l.name);
  }

  protected attributes(node: IZarrNode): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(node.attrs)) {
      if (HIDDEN_ATTRIBUTES.has(name)) {
        continue;
      }
      if (name === '.specloc' && typeof value === 'string') {
        // HDF5 keeps an object reference to the cached specifications.
        out[name] = [{ reference: absolute(value) }];
        continue;
      }
      out[name] = attributeValue(value);
    }
    return out;
  }

  protected arrayFacts(node: IZarrNode): IArrayFacts {
    const zarray = node.zarray!;
    const declared = node.attrs.zarr_dtype;
    if (Array.isArray(declared) || Array.isArray(zarray.dtype)) {
      return { scalar: false, type: compoundFacts(0), elements: 'compound' };
    }
    if (declared === 'object') {
      return { scalar: false, type: REFERENCE, elements: 'reference' };
    }
    const scalar = declared === 'scalar';
    const type = typeOf(zarray.dtype as string, zarray.filters, declared);
    return { scalar, type, elements: 'plain' };
  }

  protected referenceOf(value: unknown): { path: string | null } | undefined {
    if (!value || typeof value !== 'object' || !('path' in value)) {
      return undefined;
    }
    const path = (value as { path?: unknown }).path;
    return { path: typeof path === 'string' ? absolute(path) : null };
  }
}

function links(node: IZarrNode): IZarrLink[] {
  const declared = node.attrs.zarr_link;
  return Array.isArray(declared)
    ? declared.filter(
        (l): l is IZarrLink =>
          !!l && typeof l.name === 'string' && typeof l.path === 'string'
      )
    : [];
}

/** hdmf-zarr writes `.` (or nothing) for a link inside the same store. */
function isThisFile(source: unknown): boolean {
  return (
    source === undefined || source === null || source === '.' || source === './'
  );
}

function absolute(path: string): string {
  return path.startsWith('/') ? path : `/${path}`;
}

function typeOf(
  dtype: string,
  filters: readonly { id: string }[] | null,
  declared: unknown
): IH5TypeFacts {
  if (dtype === '|O') {
    const codec = filters?.[0]?.id;
    if (
      codec === 'vlen-bytes' ||
      declared === 'bytes' ||
      declared === 'ascii'
    ) {
      return VLEN_ASCII;
    }
    return VLEN_STRING;
  }
  return (
    numpyToH5(dtype) ?? { dtype: 'unknown', typeClass: 'unknown', itemSize: 0 }
  );
}

/**
 * An attribute value as h5wasm returns it: references (`{zarr_dtype:
 * 'object', value}`) as `[{reference}]` (h5wasm reads a scalar reference
 * attribute as a one-element array), booleans as h5py's 0/1 enum.
 */
function attributeValue(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const tagged = value as { zarr_dtype?: unknown; value?: unknown };
    if (tagged.zarr_dtype === 'object') {
      const targets = Array.isArray(tagged.value)
        ? tagged.value
        : [tagged.value];
      return targets.map(t => ({
        reference:
          t &&
          typeof t === 'object' &&
          typeof (t as { path?: unknown }).path === 'string'
            ? absolute((t as { path: string }).path)
            : null
      }));
    }
  }
  return booleansAsNumbers(value);
}

export function booleansAsNumbers(value: unknown): unknown {
  if (typeof value === 'boolean') {
    return value ? 1 : 0;
  }
  if (Array.isArray(value)) {
    return value.map(booleansAsNumbers);
  }
  return value;
}
