/**
 * A small Alyx server on 127.0.0.1 for tests: token login, the REST read
 * endpoints ONE uses (recorded fixture responses verbatim, plus ONE cache
 * folders turned into records), DRF paging, a data-file route with Range
 * support, and fault injection per route.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse
} from 'node:http';
import type { AddressInfo } from 'node:net';

import { readCacheFolder } from './cacheFolder';
import {
  addCacheFolder,
  AlyxRecord,
  emptyDatabase,
  IAlyxDatabase
} from './database';
import { Fault, FaultTable, sendWithFaults } from './faults';
import { IRecordedResponses, loadRecordedResponses } from './fixtures';
import { serveDataFile } from './dataFiles';
import { filterList, page, UnsupportedFilterError } from './queries';
import { detailOf, listOf, tableOf } from './views';

export interface IAlyxServerOptions {
  /** user name → password. */
  users: Record<string, string>;
  /** ONE cache folders whose sessions and files are served. */
  cacheFolders?: string[];
  /** The shared fixtures folder (for the recorded responses); `null` to serve none. */
  fixturesDir?: string | null;
  port?: number;
  /** Default page size (Alyx deployments use 250). */
  pageSize?: number;
  /** URL path of the data server root (default `/public`, like openalyx's file server). */
  dataPath?: string;
  /** Require HTTP Basic credentials on the data route. */
  dataAuth?: { username: string; password: string };
  /** Status for an unknown token: Alyx answers 403 "Invalid token." (DRF alone: 401). */
  invalidTokenStatus?: number;
}

export interface IRequestLogEntry {
  method: string;
  path: string;
  query: string;
  range: string | null;
  authorization: string | null;
}

export interface IAlyxServer {
  url: string;
  /** Root of the data server, e.g. `http://127.0.0.1:1234/public`. */
  dataUrl: string;
  port: number;
  db: IAlyxDatabase;
  faults: FaultTable;
  requests: IRequestLogEntry[];
  /** Invalidate every token (as if they expired). */
  expireTokens(): void;
  close(): Promise<void>;
}

const JSON_TYPE = { 'Content-Type': 'application/json' };

export async function startAlyxServer(
  options: IAlyxServerOptions
): Promise<IAlyxServer> {
  const faults = new FaultTable();
  const requests: IRequestLogEntry[] = [];
  const tokens = new Map<string, string>();
  const db = emptyDatabase();
  let recorded: IRecordedResponses = {
    bySha1: new Map(),
    openApi: null,
    coreApi: null
  };
  const dataPath = options.dataPath ?? '/public';
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(error => {
      if (!res.headersSent) {
        send(res, [], 500, { detail: String(error), status_code: 500 });
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>(resolve =>
    server.listen(options.port ?? 0, '127.0.0.1', resolve)
  );
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const dataUrl = `${url}${dataPath}`;
  if (options.fixturesDir) {
    recorded = loadRecordedResponses(options.fixturesDir, db);
  }
  for (const folder of options.cacheFolders ?? []) {
    addCacheFolder(db, await readCacheFolder(folder), url, dataUrl);
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse
  ): Promise<void> {
    const parsed = new URL(req.url ?? '/', url);
    const path = decodeURIComponent(parsed.pathname);
    const method = req.method ?? 'GET';
    requests.push({
      method,
      path,
      query: parsed.search,
      range: req.headers.range ?? null,
      authorization: req.headers.authorization ?? null
    });
    const injected = faults.take(method, path);
    if (path.startsWith(`${dataPath}/`)) {
      return serveDataFile(req, res, path, injected, db, options.dataAuth);
    }
    if (method === 'POST' && path === '/auth-token') {
      return login(req, res, injected);
    }
    const auth = /^Token\s+(\S+)$/.exec(req.headers.authorization ?? '');
    if (!auth) {
      return send(res, injected, 403, {
        detail: 'Authentication credentials were not provided.'
      });
    }
    if (!tokens.has(auth[1])) {
      return send(res, injected, options.invalidTokenStatus ?? 403, {
        detail: 'Invalid token.'
      });
    }
    if (method !== 'GET') {
      return send(res, injected, 403, {
        detail: 'You do not have permission to perform this action.'
      });
    }
    const request = `${parsed.pathname}${parsed.search}`;
    const verbatim = recorded.bySha1.get(
      createHash('sha1').update(request).digest('hex')
    );
    if (verbatim !== undefined) {
      return send(res, injected, 200, verbatim);
    }
    if (path === '/api/schema' || path === '/docs') {
      const doc = path === '/docs' ? recorded.coreApi : recorded.openApi;
      return doc
        ? sendWithFaults(
            res,
            injected,
            200,
            JSON_TYPE,
            new TextEncoder().encode(doc)
          )
        : send(res, injected, 404, { detail: 'Not found.' });
    }
    return rest(res, injected, path, parsed.searchParams);
  }

  function rest(
    res: ServerResponse,
    injected: Fault[],
    path: string,
    params: URLSearchParams
  ): Promise<void> {
    const [, endpoint, id, extra] = path.split('/');
    const table = tableOf(db, endpoint);
    if (endpoint === 'files' && !id) {
      // ONE asks for file records after an md5 mismatch; the test server keeps none.
      return send(
        res,
        injected,
        200,
        page([], params, url, path, options.pageSize ?? 250)
      );
    }
    if (!table || extra !== undefined) {
      return send(res, injected, 404, { detail: 'Not found.' });
    }
    if (id) {
      const record = table.get(id);
      return record
        ? send(res, injected, 200, detailOf(db, endpoint, record))
        : send(res, injected, 404, { detail: 'Not found.' });
    }
    let records: AlyxRecord[];
    try {
      records = filterList(db, endpoint, listOf(endpoint, table), params);
    } catch (error) {
      if (error instanceof UnsupportedFilterError) {
        return send(res, injected, 400, {
          detail: `The test server does not support ${error.message}`
        });
      }
      throw error;
    }
    return send(
      res,
      injected,
      200,
      page(records, params, url, path, options.pageSize ?? 250)
    );
  }

  async function login(
    req: IncomingMessage,
    res: ServerResponse,
    injected: Fault[]
  ): Promise<void> {
    const body = await readBody(req);
    const type = req.headers['content-type'] ?? '';
    let fields: Record<string, string> = {};
    try {
      fields = type.includes('json')
        ? JSON.parse(body)
        : Object.fromEntries(new URLSearchParams(body));
    } catch {
      fields = {};
    }
    const { username, password } = fields;
    if (
      !username ||
      options.users[username] === undefined ||
      options.users[username] !== password
    ) {
      return send(res, injected, 400, {
        non_field_errors: ['Unable to log in with provided credentials.']
      });
    }
    // DRF keeps one token per user until it is revoked.
    let token = [...tokens.entries()].find(
      ([, user]) => user === username
    )?.[0];
    if (!token) {
      token = randomBytes(20).toString('hex');
      tokens.set(token, username);
    }
    return send(res, injected, 200, { token });
  }

  return {
    url,
    dataUrl,
    port,
    db,
    faults,
    requests,
    expireTokens: () => tokens.clear(),
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

function send(
  res: ServerResponse,
  injected: Fault[],
  status: number,
  body: unknown
): Promise<void> {
  return sendWithFaults(
    res,
    injected,
    status,
    JSON_TYPE,
    new TextEncoder().encode(JSON.stringify(body))
  );
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
