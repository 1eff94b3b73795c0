import type { IRenderMime } from '@jupyterlab/rendermime-interfaces';

/**
 * The server path (relative to the server root) of the file an output
 * names. A relative path is taken from the notebook's folder (the kernel's
 * working directory); an absolute one is asked of the server's resolver,
 * and otherwise read as relative to the server root.
 */
export async function serverPath(
  path: string,
  resolver: IRenderMime.IResolver | null
): Promise<string> {
  if (path.startsWith('/')) {
    const resolved = await resolver?.resolvePath?.(path).catch(() => null);
    if (resolved?.scope === 'server') {
      return stripRoot(resolved.path);
    }
    return stripRoot(path);
  }
  if (resolver) {
    return stripRoot(decodeURI(await resolver.resolveUrl(path)));
  }
  return stripRoot(path);
}

function stripRoot(path: string): string {
  return path.replace(/^\/+/, '');
}
