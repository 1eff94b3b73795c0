import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

/** The URL namespace of the server extension's routes. */
export const API_NAMESPACE = 'jupyterlab-ibl-nwb';

/** What the server extension reports about itself. */
export interface IServerStatus {
  version: string;
  cli: string | null;
  node: string | null;
}

/**
 * Call a route of the server extension and return its JSON body.
 * Throws a `ServerConnection.ResponseError` that names the route on failure.
 */
export async function requestAPI<T>(
  endPoint: string,
  init: RequestInit = {}
): Promise<T> {
  const settings = ServerConnection.makeSettings();
  const url = URLExt.join(settings.baseUrl, API_NAMESPACE, endPoint);
  let response: Response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch (error) {
    throw new ServerConnection.NetworkError(error as TypeError);
  }
  const body = await response.text();
  const data = body.length > 0 ? JSON.parse(body) : null;
  if (!response.ok) {
    const message =
      (data && typeof data.message === 'string' && data.message) ||
      `The IBL → NWB server route ${endPoint} answered ${response.status}.`;
    throw new ServerConnection.ResponseError(response, message);
  }
  return data as T;
}
