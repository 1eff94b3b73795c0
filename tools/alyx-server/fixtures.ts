/**
 * The real recorded Alyx responses (ONE's REST-cache fixtures, `[response,
 * expiry]` files named by the SHA-1 of the request path) and the Alyx API
 * schema documents. A request whose path hashes to a fixture name gets that
 * recorded response verbatim; the records also join the database so that list
 * endpoints can filter and page them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { IAlyxDatabase } from './database';

export interface IRecordedResponses {
  /** SHA-1 of the request path → recorded JSON response. */
  bySha1: Map<string, unknown>;
  /** `/api/schema` (OpenAPI 3) and `/docs` (CoreAPI) documents, raw text. */
  openApi: string | null;
  coreApi: string | null;
}

export const REST_FIXTURES = 'ONE/one/tests/fixtures/rest_responses';

/**
 * Recorded responses that would send a real ONE client to the outside world:
 * `aws_cortexlab` carries S3 credentials, and ONE would then try to reach S3.
 */
const EXCLUDED = new Set(['dcce48259bb929661f60a02a48563f70aa6185b3']);

export function loadRecordedResponses(
  fixturesDir: string,
  db: IAlyxDatabase
): IRecordedResponses {
  const dir = join(fixturesDir, REST_FIXTURES);
  const recorded: IRecordedResponses = {
    bySha1: new Map(),
    openApi: null,
    coreApi: null
  };
  if (!existsSync(dir)) {
    return recorded;
  }
  for (const name of readdirSync(dir)) {
    const text = readFileSync(join(dir, name), 'utf8');
    if (name === 'openapiv3.json') {
      recorded.openApi = text;
      continue;
    }
    if (name === 'coreapi.json') {
      recorded.coreApi = text;
      continue;
    }
    if (!/^[0-9a-f]{40}$/.test(name) || EXCLUDED.has(name)) {
      continue;
    }
    const [response] = JSON.parse(text) as [unknown, string];
    recorded.bySha1.set(name, response);
    addRecords(db, response);
  }
  return recorded;
}

/** File each recorded record under its endpoint, recognised by its fields. */
function addRecords(db: IAlyxDatabase, response: unknown): void {
  const body = response as Record<string, any>;
  const records: Record<string, any>[] = Array.isArray(body?.results)
    ? body.results
    : [body];
  for (const r of records) {
    if ('file_records' in r) {
      db.datasets.set(String(r.url).slice(-36), r);
    } else if ('session_info' in r) {
      db.insertions.set(r.id, r);
    } else if ('filename_pattern' in r) {
      db.datasetTypes.set(r.name, r);
    } else if ('institution' in r) {
      db.labs.set(r.name, r);
    } else if ('globus_is_personal' in r) {
      db.dataRepositories.set(r.name, r);
    } else if ('created_datetime' in r && 'description' in r) {
      db.revisions.set(r.name, r);
    }
  }
}
