/** The notebook output MIME type written by `jupyterlab_ibl_nwb.display.NWBView`. */
export const NWB_VIEW_MIME = 'application/x-nwb-view+json';

/** What `NWBView(path, object_path)` puts in the output. */
export interface INwbViewData {
  /** The file: relative to the notebook's folder, or absolute. */
  readonly path: string;
  /** The object to show first, e.g. `/units`. */
  readonly objectPath: string;
}

/** Check the output's JSON: the path and object path, or why it is unusable. */
export function parseViewData(
  data: unknown
): INwbViewData | { reason: string } {
  if (typeof data !== 'object' || data === null) {
    return { reason: 'the output holds no object' };
  }
  const { path, object_path: objectPath } = data as Record<string, unknown>;
  if (typeof path !== 'string' || path === '') {
    return { reason: 'the output has no file path' };
  }
  if (objectPath !== undefined && typeof objectPath !== 'string') {
    return { reason: 'object_path is not a string' };
  }
  const object = objectPath || '/';
  return {
    path,
    objectPath: object.startsWith('/') ? object : `/${object}`
  };
}
