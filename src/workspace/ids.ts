/** Command ids and restore arguments of the session and batch workspaces (main-area tabs). */
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

import { PACKAGE_NAME } from '../tokens';

export namespace WorkspaceCommandIDs {
  /** Args: `{ eid, cache, alyx? }`. */
  export const openSession = `${PACKAGE_NAME}:open-session-workspace`;
  /** Args: `{ cache, alyx?, sessions: [{ eid, subject, date, number }] }`. */
  export const openBatch = `${PACKAGE_NAME}:open-batch-workspace`;
  /** Convert the current session workspace's session (Accel Enter in the tab). */
  export const convert = `${PACKAGE_NAME}:workspace-convert`;
}

/** What a session workspace is about; also its layout-restorer arguments. */
export interface ISessionWorkspaceArgs extends ReadonlyPartialJSONObject {
  eid: string;
  cache: string;
  alyx?: string;
}

/** One session of a batch, as the sidebar listed it. */
export interface IBatchSessionArgs extends ReadonlyPartialJSONObject {
  eid: string;
  subject: string;
  date: string;
  number: number;
}

export interface IBatchWorkspaceArgs extends ReadonlyPartialJSONObject {
  cache: string;
  alyx?: string;
  sessions: IBatchSessionArgs[];
}
