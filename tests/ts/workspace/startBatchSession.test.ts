/**
 * One session of a batch: its metadata is the user's own file when there is one
 * (kept unless the user unticks it, then replaced on their word), Alyx + the shared
 * defaults otherwise; a file of another session is never replaced; an incomplete
 * document starts no job. The document comes from the real `ibl2nwb metadata` on
 * the bundled sample.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { Contents, ServerConnection } from '@jupyterlab/services';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { INwbMetadata } from '../../../src/convert/metadata/document';
import type { IJobRequest } from '../../../src/sidebar/jobs/api';
import type { JobsModel } from '../../../src/sidebar/jobs/JobsModel';
import { EMPTY_DEFAULTS } from '../../../src/workspace/batchPlan';
import { startBatchSession } from '../../../src/workspace/startBatchSession';
import { capture } from '../cli/capture';

const EID = '2b7095e9-77a5-4f93-95f7-e22949bffc4e';
const OTHER = '949e5d42-ac82-42e6-a5d7-0de34bbc7bc1';
const SAMPLE = resolve(__dirname, '../../../demo/one-cache');
const dir = mkdtempSync(join(tmpdir(), 'batch-session-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let alyxDocument: INwbMetadata;
vi.mock('../../../src/sidebar/api', async original => ({
  ...(await original<object>()),
  getMetadata: async () => ({
    document: JSON.parse(JSON.stringify(alyxDocument)),
    problems: []
  })
}));

beforeAll(async () => {
  const file = join(dir, 'm.json');
  const { code, err } = await capture([
    'metadata',
    EID,
    '--cache',
    SAMPLE,
    '-o',
    file
  ]);
  expect(code, err).toBe(0);
  alyxDocument = JSON.parse(readFileSync(file, 'utf8'));
});

/** Jupyter's contents API over a Map: folders list their children, 404 for a missing path. */
function memoryContents(files: Record<string, unknown> = {}) {
  const entries = new Map<string, { content: string; modified: string }>();
  const folders = new Set<string>(['']);
  let clock = 0;
  const addFolders = (path: string) => {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      folders.add(parts.slice(0, i).join('/'));
    }
  };
  for (const [path, value] of Object.entries(files)) {
    entries.set(path, { content: JSON.stringify(value), modified: 't0' });
    addFolders(path);
  }
  const model = (path: string) =>
    folders.has(path)
      ? {
          path,
          name: path.split('/').pop(),
          type: 'directory',
          last_modified: 't0'
        }
      : {
          path,
          name: path.split('/').pop(),
          type: 'file',
          last_modified: entries.get(path)?.modified
        };
  const api = {
    entries,
    async get(path: string, options: Contents.IFetchOptions = {}) {
      if (folders.has(path)) {
        const prefix = path ? `${path}/` : '';
        const children = [...folders, ...entries.keys()].filter(
          p =>
            p.startsWith(prefix) &&
            p !== path &&
            !p.slice(prefix.length).includes('/')
        );
        return { ...model(path), content: children.map(model) };
      }
      const entry = entries.get(path);
      if (!entry) {
        throw new ServerConnection.ResponseError(
          new Response('', { status: 404 }),
          `No such file: ${path}`
        );
      }
      return {
        ...model(path),
        format: 'text',
        content: options.content === false ? null : entry.content
      };
    },
    async save(path: string, value: Partial<Contents.IModel>) {
      addFolders(path);
      if (value.type === 'directory') {
        folders.add(path);
        return model(path);
      }
      entries.set(path, {
        content: String(value.content),
        modified: `t${++clock}`
      });
      return model(path);
    }
  };
  return api;
}

function fakeJobs() {
  const started: IJobRequest[] = [];
  const jobs = {
    started,
    start: async (request: IJobRequest) => {
      started.push(request);
      return {
        id: `job${started.length}`,
        status: 'queued',
        output: request.output
      };
    }
  };
  return jobs;
}

const PLAN = {
  eid: EID,
  source: { cache: '' },
  metadataPath: 'nwb/KS074_2021-11-17_001.metadata.json',
  useOwnFile: true,
  modalities: ['trials'],
  output: `nwb/sub-KS074/sub-KS074_ses-${EID}_desc-processed_behavior.nwb`,
  overwrite: false
};

const saved = (contents: ReturnType<typeof memoryContents>) =>
  JSON.parse(contents.entries.get(PLAN.metadataPath)?.content ?? 'null');

describe('startBatchSession', () => {
  it('without a file: Alyx + the shared defaults, saved, then the job', async () => {
    const contents = memoryContents();
    const jobs = fakeJobs();
    await startBatchSession(
      PLAN,
      { ...EMPTY_DEFAULTS, lab: 'sharedlab' },
      contents as unknown as Contents.IManager,
      jobs as unknown as JobsModel
    );
    expect(saved(contents).NWBFile.lab).toBe('sharedlab');
    expect(saved(contents).Ibl.eid).toBe(EID);
    expect(jobs.started).toEqual([
      expect.objectContaining({
        eid: EID,
        metadata: PLAN.metadataPath,
        modalities: ['trials'],
        output: PLAN.output
      })
    ]);
  });

  it('keeps the session’s own file as it is (its overrides)', async () => {
    const own = {
      ...alyxDocument,
      NWBFile: { ...alyxDocument.NWBFile, lab: 'my own lab' }
    };
    const contents = memoryContents({ [PLAN.metadataPath]: own });
    const jobs = fakeJobs();
    await startBatchSession(
      PLAN,
      { ...EMPTY_DEFAULTS, lab: 'sharedlab' },
      contents as unknown as Contents.IManager,
      jobs as unknown as JobsModel
    );
    expect(saved(contents).NWBFile.lab).toBe('my own lab');
    expect(jobs.started).toHaveLength(1);
  });

  it('replaces the own file only when the user unticked it', async () => {
    const own = {
      ...alyxDocument,
      NWBFile: { ...alyxDocument.NWBFile, lab: 'my own lab' }
    };
    const contents = memoryContents({ [PLAN.metadataPath]: own });
    await startBatchSession(
      { ...PLAN, useOwnFile: false },
      { ...EMPTY_DEFAULTS, lab: 'sharedlab' },
      contents as unknown as Contents.IManager,
      fakeJobs() as unknown as JobsModel
    );
    expect(saved(contents).NWBFile.lab).toBe('sharedlab');
  });

  it('never replaces another session’s file, and starts nothing', async () => {
    const other = {
      ...alyxDocument,
      Ibl: { ...alyxDocument.Ibl, eid: OTHER },
      NWBFile: { ...alyxDocument.NWBFile, session_id: OTHER }
    };
    const contents = memoryContents({ [PLAN.metadataPath]: other });
    const jobs = fakeJobs();
    for (const useOwnFile of [true, false]) {
      await expect(
        startBatchSession(
          { ...PLAN, useOwnFile },
          EMPTY_DEFAULTS,
          contents as unknown as Contents.IManager,
          jobs as unknown as JobsModel
        )
      ).rejects.toThrow(`the metadata of session ${OTHER}`);
    }
    expect(saved(contents).Ibl.eid).toBe(OTHER);
    expect(jobs.started).toEqual([]);
  });

  it('an incomplete document starts no job and names the field', async () => {
    const own = {
      ...alyxDocument,
      NWBFile: { ...alyxDocument.NWBFile, session_start_time: '' }
    };
    const contents = memoryContents({ [PLAN.metadataPath]: own });
    const jobs = fakeJobs();
    await expect(
      startBatchSession(
        PLAN,
        EMPTY_DEFAULTS,
        contents as unknown as Contents.IManager,
        jobs as unknown as JobsModel
      )
    ).rejects.toThrow('session_start_time');
    expect(jobs.started).toEqual([]);
  });

  it('a session that can give none of the chosen modalities is refused', async () => {
    await expect(
      startBatchSession(
        { ...PLAN, modalities: [] },
        EMPTY_DEFAULTS,
        memoryContents() as unknown as Contents.IManager,
        fakeJobs() as unknown as JobsModel
      )
    ).rejects.toThrow('None of the chosen modalities');
  });
});
