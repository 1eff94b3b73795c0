/** The notebook output MIME type written by `jupyterlab_ibl_nwb.display.NWBView`. */
export const NWB_VIEW_MIME = 'application/x-nwb-view+json';

/** What `NWBView(...)` puts in the output: a server file, a URL, or a DANDI asset. */
export type INwbViewData = (
  | {
      /** The file: relative to the notebook's folder, or absolute. */
      readonly path: string;
      /** The object to show first, e.g. `/units`. */
      readonly objectPath: string;
    }
  | { readonly url: string; readonly objectPath: string }
  | {
      readonly dandi: {
        readonly dandiset: string;
        readonly path: string;
        /** null: the newest published version, else the draft. */
        readonly version: string | null;
        /** null: the lab's "DANDI API base URL" setting. */
        readonly apiUrl: string | null;
      };
      readonly objectPath: string;
    }
) & {
  /** The view to show first (`view=`: an id or a tab label), if not the object's first. */
  readonly view?: string;
};

/** Check the output's JSON: what to open and the object path, or why it is unusable. */
export function parseViewData(
  data: unknown
): INwbViewData | { reason: string } {
  if (typeof data !== 'object' || data === null) {
    return { reason: 'the output holds no object' };
  }
  const fields = data as Record<string, unknown>;
  const { path, url, dandiset, object_path: objectPath, view } = fields;
  if (objectPath !== undefined && typeof objectPath !== 'string') {
    return { reason: 'object_path is not a string' };
  }
  if (view !== undefined && (typeof view !== 'string' || view.trim() === '')) {
    return { reason: 'view is not a view name' };
  }
  const shown = view === undefined ? {} : { view: view.trim() };
  const object = objectPath || '/';
  const start = object.startsWith('/') ? object : `/${object}`;
  if (dandiset !== undefined) {
    const { version, api_url: apiUrl } = fields;
    if (typeof dandiset !== 'string' || !/^\d{6}$/.test(dandiset)) {
      return { reason: 'dandiset is not a 6-digit DANDI id' };
    }
    if (typeof path !== 'string' || path === '') {
      return { reason: 'the output has no asset path in the dandiset' };
    }
    if (version !== undefined && typeof version !== 'string') {
      return { reason: 'version is not a string' };
    }
    if (apiUrl !== undefined && typeof apiUrl !== 'string') {
      return { reason: 'api_url is not a string' };
    }
    return {
      dandi: {
        dandiset,
        path,
        version: version ?? null,
        apiUrl: apiUrl ?? null
      },
      objectPath: start,
      ...shown
    };
  }
  if (url !== undefined) {
    if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
      return { reason: 'url is not an http(s) URL' };
    }
    return { url, objectPath: start, ...shown };
  }
  if (typeof path !== 'string' || path === '') {
    return { reason: 'the output has no file path' };
  }
  return { path, objectPath: start, ...shown };
}
