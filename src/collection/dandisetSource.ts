/**
 * A dandiset version (or a folder of it) as a collection source: assets
 * listed by the DANDI API, each opened by HTTP range requests through the
 * worker (nothing downloaded, nothing written under the Jupyter root).
 */
import type { GetJson } from '../viewer/remote/dandiApi';
import type { NwbTarget } from '../viewer/widget/target';
import type { ICollectionSource } from './collectionSource';
import {
  collectionKey,
  listDandisetAssets,
  stampOf,
  type IDandisetAsset,
  type IDandisetCollectionRef
} from './dandisetListing';

export interface IDandisetSource extends ICollectionSource {
  readonly ref: IDandisetCollectionRef;
  /** The asset behind a listed stamp path. */
  assetOf(path: string): IDandisetAsset | undefined;
}

export function dandisetSource(
  ref: IDandisetCollectionRef,
  getJson: GetJson,
  /** The worker's target for an asset (download URL, proxy fallback). */
  targetOfAsset: (
    ref: IDandisetCollectionRef,
    asset: IDandisetAsset
  ) => NwbTarget
): IDandisetSource {
  const byPath = new Map<string, IDandisetAsset>();
  const where = `${ref.dandiset}/${ref.version}${ref.prefix ? `/${ref.prefix}` : ''}`;
  return {
    ref,
    key: collectionKey(ref),
    title: `DANDI ${where}`,
    shortTitle: `DANDI ${where}`,
    emptyMessage: `DANDI ${where} holds no .nwb assets.`,
    async list() {
      const assets = await listDandisetAssets(ref, getJson);
      byPath.clear();
      return assets.map(asset => {
        const stamp = stampOf(ref, asset);
        byPath.set(stamp.path, asset);
        return stamp;
      });
    },
    assetOf: path => byPath.get(path),
    targetOf(path) {
      const asset = byPath.get(path);
      if (!asset) {
        throw new Error(
          `${path} is not in the listing of DANDI ${where}: press Refresh`
        );
      }
      return targetOfAsset(ref, asset);
    }
  };
}
