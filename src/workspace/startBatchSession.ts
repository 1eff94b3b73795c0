/**
 * Start one session of a batch through the server's job queue (POST /jobs, as
 * the session workspace does): its metadata (the user's own file, or Alyx with
 * the shared defaults), checked and saved, then the job. Every refusal is an
 * Error whose message says what to do; nothing is replaced without the user's
 * word (an existing file of another session stops this session).
 */
import { Contents, ServerConnection } from '@jupyterlab/services';

import type { INwbMetadata } from '../convert/metadata/document';
import { metadataProblems } from '../convert/metadata/validate';
import { getMetadata, IDataSource } from '../sidebar/api';
import { parentFolder } from '../sidebar/convert/convertOptions';
import type { IJob } from '../sidebar/jobs/api';
import type { JobsModel } from '../sidebar/jobs/JobsModel';
import {
  documentSession,
  ensureFolder,
  readMetadataIfPresent,
  saveMetadataDraft
} from '../sidebar/metadata/metadataFiles';
import { ISharedDefaults, withSharedDefaults } from './batchPlan';

export interface IBatchSessionPlan {
  eid: string;
  source: IDataSource;
  metadataPath: string;
  /** Use the session's own metadata file as it is (its per-session overrides). */
  useOwnFile: boolean;
  modalities: string[];
  output: string;
  overwrite: boolean;
}

export async function startBatchSession(
  plan: IBatchSessionPlan,
  shared: ISharedDefaults,
  contents: Contents.IManager,
  jobs: JobsModel
): Promise<IJob> {
  if (plan.modalities.length === 0) {
    throw new Error(
      'None of the chosen modalities is available in this session: choose others, or leave it out.'
    );
  }
  const existing = await readMetadataIfPresent(contents, plan.metadataPath);
  const existingSession =
    existing === null ? null : documentSession(existing.document);
  if (existing !== null && existingSession !== plan.eid) {
    throw new Error(
      `${plan.metadataPath} holds ${existingSession ? `the metadata of session ${existingSession}` : 'other data'}: move it away or open this session's workspace to choose another metadata file.`
    );
  }
  let document: INwbMetadata;
  if (existing !== null && plan.useOwnFile) {
    document = existing.document;
  } else {
    const built = await getMetadata(plan.source, plan.eid);
    document = withSharedDefaults(built.document, shared);
  }
  const problems = metadataProblems(document);
  if (problems.length > 0) {
    const first = problems[0];
    throw new Error(
      `The metadata has ${problems.length} field${problems.length === 1 ? '' : 's'} to fix (first: ${first.path || '/'} ${first.message}): open the session's workspace to fix them.`
    );
  }
  if (!(existing !== null && plan.useOwnFile)) {
    // The user chose Alyx + shared defaults over the session's own file (shown in its row).
    const saved = await saveMetadataDraft(
      contents,
      plan.metadataPath,
      document,
      plan.eid,
      existing?.lastModified ?? null,
      existing !== null
    );
    if (saved.status !== 'saved') {
      throw new Error(
        `${plan.metadataPath} changed while the batch started: look at it, then start the batch again.`
      );
    }
  }
  await ensureFolder(contents, parentFolder(plan.output));
  try {
    return await jobs.start({
      eid: plan.eid,
      cacheDir: plan.source.cache,
      ...(plan.source.alyx ? { alyx: plan.source.alyx } : {}),
      output: plan.output,
      metadata: plan.metadataPath,
      modalities: plan.modalities,
      overwrite: plan.overwrite
    });
  } catch (error) {
    if (
      error instanceof ServerConnection.ResponseError &&
      error.response.status === 409
    ) {
      throw new Error(
        `${plan.output} already exists: tick "Replace existing outputs" to convert it again.`
      );
    }
    throw error;
  }
}
