/**
 * Where an ImageSeries' external_file is. NWB: a relative path is relative
 * to the folder of the NWB file. A file under the Jupyter root is served by
 * Jupyter's `/files/`, so the movie must be under that root too: a path
 * that climbs out of it (`../..`) or an absolute path elsewhere is refused
 * with a message, never guessed. A file opened by URL resolves its movies
 * against that URL, as a browser resolves a link.
 */
import type { IFileLocation } from '../views/registry';

/** Where the NWB file was opened from (the panel's target, reduced to what is needed here). */
export type FileLocation = IFileLocation;

/** A movie under the Jupyter root (a server path) or at a URL, or why it cannot be played. */
export type MovieLocation =
  | { readonly kind: 'server'; readonly path: string }
  | { readonly kind: 'url'; readonly url: string }
  | { readonly reason: string };

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** `a/./b/../c` → `c`-style normalisation; null when `..` climbs above the start. */
function normalise(parts: string[]): string[] | null {
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') {
      continue;
    }
    if (part === '..') {
      if (out.length === 0) {
        return null;
      }
      out.pop();
    } else {
      out.push(part);
    }
  }
  return out;
}

/**
 * Resolve one external_file entry.
 * @param serverRoot the Jupyter root's absolute path when known (PageConfig
 *   `serverRoot`), so an absolute entry inside it can still be served.
 */
export function resolveMovie(
  file: FileLocation,
  entry: string,
  serverRoot?: string
): MovieLocation {
  const name = entry.trim();
  if (!name) {
    return { reason: 'its external_file entry is empty' };
  }
  if (URL_SCHEME.test(name)) {
    return { kind: 'url', url: name };
  }
  if (file.kind === 'url') {
    try {
      return { kind: 'url', url: new URL(name, file.url).href };
    } catch {
      return { reason: `${name} is not a path relative to ${file.url}` };
    }
  }
  // Files written on Windows may separate folders with backslashes.
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[a-z]:\//i.test(slashed)) {
    const root = serverRoot?.replace(/\\/g, '/').replace(/\/+$/, '');
    if (root && slashed.startsWith(root + '/')) {
      const inside = normalise(slashed.slice(root.length + 1).split('/'));
      if (inside) {
        return { kind: 'server', path: inside.join('/') };
      }
    }
    return {
      reason: `its movie ${name} is an absolute path outside the Jupyter root${root ? ` (${root})` : ''}, which Jupyter does not serve; write external_file relative to the NWB file, or start Jupyter in a folder that holds both`
    };
  }
  const folder = file.path.split('/').slice(0, -1);
  const resolved = normalise([...folder, ...slashed.split('/')]);
  if (resolved === null) {
    return {
      reason: `its movie ${name} (relative to ${folder.join('/') || 'the Jupyter root'}) leads out of the Jupyter root, which Jupyter does not serve; put the movie beside the NWB file, or start Jupyter in a folder that holds both`
    };
  }
  return { kind: 'server', path: resolved.join('/') };
}
