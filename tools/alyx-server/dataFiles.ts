/**
 * The data-server route: files of the served cache folders under their server
 * names (dataset UUID in the name), optional HTTP Basic auth, and byte ranges
 * (`Range: bytes=a-[b]` → 206) so that clients can resume.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { IAlyxDatabase } from './database';
import { Fault, sendWithFaults } from './faults';

export async function serveDataFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  injected: Fault[],
  db: IAlyxDatabase,
  dataAuth?: { username: string; password: string }
): Promise<void> {
  if (dataAuth) {
    const expected = Buffer.from(
      `${dataAuth.username}:${dataAuth.password}`
    ).toString('base64');
    if (req.headers.authorization !== `Basic ${expected}`) {
      res.setHeader('WWW-Authenticate', 'Basic realm="data"');
      return sendWithFaults(
        res,
        injected,
        401,
        { 'Content-Type': 'text/plain' },
        new TextEncoder().encode('Unauthorized')
      );
    }
  }
  const local = db.files.get(path);
  const bytes = local ? await readFile(local).catch(() => null) : null;
  if (!bytes) {
    return sendWithFaults(
      res,
      injected,
      404,
      { 'Content-Type': 'text/plain' },
      new TextEncoder().encode(`Not found: ${path}`)
    );
  }
  // The `ignoreRange` fault plays a server that always sends the whole file.
  const ignore = injected.some(x => x.kind === 'ignoreRange');
  const range = ignore
    ? null
    : /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  const headers = {
    'Content-Type': 'application/octet-stream',
    'Accept-Ranges': 'bytes'
  };
  if (!range) {
    return sendWithFaults(res, injected, 200, headers, bytes);
  }
  const start = Number(range[1]);
  const end = range[2]
    ? Math.min(Number(range[2]), bytes.length - 1)
    : bytes.length - 1;
  if (start >= bytes.length || end < start) {
    return sendWithFaults(
      res,
      injected,
      416,
      { 'Content-Range': `bytes */${bytes.length}` },
      new Uint8Array()
    );
  }
  const partHeaders = {
    ...headers,
    'Content-Range': `bytes ${start}-${end}/${bytes.length}`
  };
  return sendWithFaults(
    res,
    injected,
    206,
    partHeaders,
    bytes.subarray(start, end + 1)
  );
}
