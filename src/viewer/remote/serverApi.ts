/**
 * The Jupyter server's DANDI routes (jupyterlab_ibl_nwb/dandi_proxy.py):
 * the proxy that fetches for the browser, the allow-list it checks, and the
 * API key it keeps (the key itself never comes back to the browser).
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import { API_NAMESPACE, requestAPI } from '../../server';
import { DandiApiError, type GetJson } from './dandiApi';

/** The absolute proxy URL that serves `url`'s bytes. */
export function proxyUrlOf(url: string): string {
  const settings = ServerConnection.makeSettings();
  const route = URLExt.join(settings.baseUrl, API_NAMESPACE, 'dandi', 'proxy');
  return `${new URL(route, window.location.href).href}?url=${encodeURIComponent(url)}`;
}

/** Headers a worker needs for the proxy (the token, when the server uses one). */
export function proxyHeaders(): Record<string, string> {
  const { token } = ServerConnection.makeSettings();
  return token ? { Authorization: `token ${token}` } : {};
}

/** Tell the server the user opened this URL / uses this API base (see dandi_access.py). */
export async function allow(
  what: { url: string } | { api: string }
): Promise<void> {
  await requestAPI('dandi/allow', {
    method: 'POST',
    body: JSON.stringify(what)
  });
}

/** JSON of a DANDI API URL through the proxy (the server adds the API key). */
export const getJsonViaProxy: GetJson = async url => {
  const settings = ServerConnection.makeSettings();
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(
      proxyUrlOf(url),
      {},
      settings
    );
  } catch (error) {
    throw new DandiApiError(
      url,
      0,
      `the Jupyter server did not answer (${String(error)})`
    );
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const fields = (body ?? {}) as Record<string, unknown>;
    const detail =
      typeof fields.message === 'string'
        ? fields.message
        : typeof fields.detail === 'string'
          ? fields.detail
          : text.slice(0, 200);
    const hint =
      response.status === 401 || response.status === 403
        ? ' (embargoed data? set your DANDI API key in the DANDI browser)'
        : '';
    throw new DandiApiError(url, response.status, `${detail}${hint}`);
  }
  if (body === null) {
    throw new DandiApiError(url, response.status, 'the answer is not JSON');
  }
  return body;
};

/** Whether the server keeps an API key for this API base. */
export async function keyStatus(api: string): Promise<boolean> {
  const answer = await requestAPI<{ hasKey: boolean }>(
    `dandi/key?api=${encodeURIComponent(api)}`
  );
  return answer.hasKey === true;
}

export async function saveKey(api: string, key: string): Promise<void> {
  await requestAPI('dandi/key', {
    method: 'PUT',
    body: JSON.stringify({ api, key })
  });
}

export async function forgetKey(api: string): Promise<void> {
  await requestAPI(`dandi/key?api=${encodeURIComponent(api)}`, {
    method: 'DELETE'
  });
}
