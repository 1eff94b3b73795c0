import type { INeurodataNode } from '../model/tree';

/** What an IndexSeries' values index into. */
export type IndexTarget =
  /** NWB ≥ 2.5: images of an `Images` container, in its `order_of_images`. */
  | { kind: 'images'; images: string; orderPath?: string }
  /** NWB < 2.5 (deprecated): frames of an ImageSeries. */
  | { kind: 'frames'; series: string }
  | { kind: 'none'; reason: string };

const linkTarget = (node: INeurodataNode, name: string) => {
  const link = node.children.find(c => c.name === name);
  return link?.softLink ?? (link?.kind === 'group' ? link.path : undefined);
};

/** The object an IndexSeries points at, from its `indexed_images` or `indexed_timeseries` link. */
export function indexTarget(
  series: INeurodataNode,
  findImages: (path: string) => INeurodataNode | undefined
): IndexTarget {
  const images = linkTarget(series, 'indexed_images');
  if (images) {
    const container = findImages(images);
    const order = container?.children.find(c => c.name === 'order_of_images');
    return { kind: 'images', images, orderPath: order?.path };
  }
  const frames = linkTarget(series, 'indexed_timeseries');
  if (frames) {
    return { kind: 'frames', series: frames };
  }
  return {
    kind: 'none',
    reason: 'it links neither indexed_images nor indexed_timeseries'
  };
}

/**
 * The image an index value stands for: the `index`-th reference of
 * `order_of_images`. Without that list HDF5 keeps no order of a group's
 * members (they list by name), so an index cannot be matched to an image:
 * say so rather than guess.
 */
export function imageAt(
  index: number,
  order: readonly (string | null)[] | null,
  images: string
): { path: string } | { reason: string } {
  if (!order) {
    return {
      reason: `${images} has no order_of_images, so the file does not say which image index ${index} is; pick its images in the tree`
    };
  }
  if (!Number.isInteger(index) || index < 0 || index >= order.length) {
    return {
      reason: `index ${index} is outside the ${order.length} images of ${images}`
    };
  }
  const path = order[index];
  return path
    ? { path }
    : { reason: `order_of_images[${index}] of ${images} points nowhere` };
}

/** The sample nearest time `t` of sorted sample times (-1 when there is none). */
export function nearestSample(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0) {
    return -1;
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo > 0 && t - times[lo - 1] <= times[lo] - t ? lo - 1 : lo;
}
