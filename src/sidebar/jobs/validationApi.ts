/** The server's validation routes: validate an .nwb under the root, follow it. */
import { requestAPI } from '../../server';
import type { IValidation } from './validation';

/**
 * Validate `path` (relative to the server root). The server answers the new
 * record (queued or running), the running one of the same file, or one with
 * status "unavailable" that says what to install; a bad path throws its message.
 */
export function startValidation(path: string): Promise<IValidation> {
  return requestAPI<IValidation>('validations', {
    method: 'POST',
    body: JSON.stringify({ path })
  });
}

/** The record with its findings. */
export function getValidation(id: string): Promise<IValidation> {
  return requestAPI<IValidation>(`validations/${id}`);
}
