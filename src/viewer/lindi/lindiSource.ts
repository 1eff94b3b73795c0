import type { H5Slice, IH5Source } from '../model/source';
import {
  joinPath,
  type IZarrNode,
  type ZarrCatalogue
} from '../zarr/catalogue';
import {
  compoundFacts,
  numpyToH5,
  REFERENCE,
  VLEN_STRING
} from '../zarr/h5Notation';
import { booleansAsNumbers } from '../zarr/hdmfZarrSource';
import type { IKeyStore } from '../zarr/store';
import {
  ZarrTreeSource,
  type IArrayFacts,
  type ILinkFacts
} from '../zarr/zarrTreeSource';

/** lindi's bookkeeping attributes (LindiH5pyAttributes hides the same ones). */
const SPECIAL = new Set([
  '_SCALAR',
  '_COMPOUND_DTYPE',
  '_REFERENCE',
  '_EXTERNAL_ARRAY_LINK',
  '_SOFT_LINK'
]);

/** Opens the HDF5 file an external array link points at (once per URL). */
export type ExternalHdf5Opener = (url: string) => Promise<IH5Source>;

/**
 * `IH5Source` over a LINDI file: a Zarr v2 view of an HDF5 file made by the
 * `lindi` package. Its conventions (lindi/conversion/*.py): `_SCALAR` for
 * HDF5 scalars stored as `[1]`, `_SOFT_LINK` on a placeholder group,
 * `{"_REFERENCE": {path, …}}` for object references, `_COMPOUND_DTYPE` for
 * compound rows stored as JSON, NaN/Infinity as strings in attributes, and
 * `_EXTERNAL_ARRAY_LINK` for datasets with more than 1000 chunks, whose
 * data is read from the HDF5 file itself.
 */
export class LindiSource extends ZarrTreeSource {
  private readonly facts = new Map<string, Promise<IArrayFacts>>();

  constructor(
    catalogue: ZarrCatalogue,
    store: IKeyStore,
    filename: string,
    size: number,
    private readonly openExternal: ExternalHdf5Opener
  ) {
    super(catalogue, store, filename, size);
  }

  protected linkOf(parent: IZarrNode, name: string): ILinkFacts | null {
    const child = this.catalogue.node(joinPath(parent.path, name));
    const link = child?.attrs._SOFT_LINK as { path?: unknown } | undefined;
    return typeof link?.path === 'string' ? { softLink: link.path } : null;
  }

  protected linkNames(): string[] {
    return [];
  }

  protected attributes(node: IZarrNode): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(node.attrs)) {
      if (!SPECIAL.has(name)) {
        out[name] = attributeValue(value);
      }
    }
    return out;
  }

  protected arrayFacts(node: IZarrNode): Promise<IArrayFacts> {
    let facts = this.facts.get(node.path);
    if (!facts) {
      facts = this.describe(node);
      this.facts.set(node.path, facts);
    }
    return facts;
  }

  protected referenceOf(value: unknown): { path: string | null } | undefined {
    const ref = (value as { _REFERENCE?: { path?: unknown } } | null)
      ?._REFERENCE;
    if (!ref || typeof ref !== 'object') {
      return undefined;
    }
    return { path: typeof ref.path === 'string' ? ref.path : null };
  }

  protected readElsewhere(
    node: IZarrNode,
    slice: H5Slice | undefined
  ): Promise<unknown> | null {
    const link = node.attrs._EXTERNAL_ARRAY_LINK as
      { link_type?: unknown; url?: unknown; name?: unknown } | undefined;
    if (!link) {
      return null;
    }
    if (link.link_type !== 'hdf5_dataset' || typeof link.url !== 'string') {
      return Promise.reject(
        new Error(
          `its external array link (${JSON.stringify(link)}) is not an HDF5 dataset link`
        )
      );
    }
    const name = typeof link.name === 'string' ? link.name : node.path;
    const path = name.startsWith('/') ? name : `/${name}`;
    return this.openExternal(link.url).then(file => file.read(path, slice));
  }

  private async describe(node: IZarrNode): Promise<IArrayFacts> {
    const zarray = node.zarray!;
    const scalar = node.attrs._SCALAR === true;
    if (Array.isArray(node.attrs._COMPOUND_DTYPE)) {
      return { scalar, type: compoundFacts(0), elements: 'compound' };
    }
    const dtype = String(zarray.dtype);
    if (dtype === '|O') {
      // Strings and references are both JSON objects in LINDI; the data
      // (always inline for object arrays) tells which.
      const first = await this.firstElement(node);
      return this.referenceOf(first)
        ? { scalar, type: REFERENCE, elements: 'reference' }
        : { scalar, type: VLEN_STRING, elements: 'plain' };
    }
    if (scalar && /^[<>|]?U\d+$/.test(dtype)) {
      // A variable-length HDF5 string scalar, stored as a numpy unicode value.
      return { scalar, type: VLEN_STRING, elements: 'plain' };
    }
    const type = numpyToH5(dtype) ?? {
      dtype: 'unknown',
      typeClass: 'unknown',
      itemSize: 0
    };
    return { scalar, type, elements: 'plain' };
  }
}

/** lindi writes non-finite floats as these strings (and forbids them as text). */
const NON_FINITE: Record<string, number> = {
  NaN: NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity
};

function attributeValue(value: unknown): unknown {
  const ref = (value as { _REFERENCE?: { path?: unknown } } | null)?._REFERENCE;
  if (ref && typeof ref === 'object') {
    // h5wasm reads a scalar reference attribute as a one-element array.
    return [{ reference: typeof ref.path === 'string' ? ref.path : null }];
  }
  return booleansAsNumbers(decodeNonFinite(value));
}

function decodeNonFinite(value: unknown): unknown {
  if (typeof value === 'string' && value in NON_FINITE) {
    return NON_FINITE[value];
  }
  if (Array.isArray(value)) {
    return value.map(decodeNonFinite);
  }
  return value;
}
