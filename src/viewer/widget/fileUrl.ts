import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/**
 * The absolute `/files/` URL of a server file and the headers the worker
 * must send. A worker has no XSRF cookie handling of its own, so the token
 * (when the server uses one) is passed explicitly; GETs need no XSRF.
 */
export function fileRequest(localPath: string): {
  url: string;
  headers: Record<string, string>;
} {
  const settings = ServerConnection.makeSettings();
  const relative = URLExt.join(
    settings.baseUrl,
    'files',
    URLExt.encodeParts(localPath)
  );
  const url = new URL(relative, window.location.href).href;
  const headers: Record<string, string> = settings.token
    ? { Authorization: `token ${settings.token}` }
    : {};
  return { url, headers };
}
