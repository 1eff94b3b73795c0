import { Contents, ServerConnection } from '@jupyterlab/services';
import { describe, expect, it, vi } from 'vitest';

import type { INwbMetadata } from '../../../src/convert/metadata/document';
import {
  ensureFolder,
  loadMetadataFile,
  saveMetadataFile
} from '../../../src/sidebar/metadata/metadataFiles';

/**
 * The part of the Contents API the sidebar uses, over a Map, answering like
 * Jupyter's file manager: 404 for missing paths, and no file without its folder.
 */
class MemoryContents {
  entries = new Map<string, { type: string; content?: string }>([
    ['', { type: 'directory' }]
  ]);
  /** Paths asked for that were not there (each a 404 the browser logs as an error). */
  notFound: string[] = [];

  private model(path: string): Contents.IModel {
    const entry = this.entries.get(path)!;
    return {
      path,
      name: path.split('/').pop() ?? '',
      type: entry.type
    } as Contents.IModel;
  }

  async get(path: string, options: Contents.IFetchOptions = {}) {
    const entry = this.entries.get(path);
    if (!entry) {
      this.notFound.push(path);
      throw new ServerConnection.ResponseError(
        new Response('', { status: 404 }),
        `No such file or directory: ${path}`
      );
    }
    if (entry.type === 'directory') {
      const prefix = path ? `${path}/` : '';
      const children = [...this.entries.keys()].filter(
        key =>
          key !== '' &&
          key.startsWith(prefix) &&
          !key.slice(prefix.length).includes('/')
      );
      return {
        ...this.model(path),
        content: options.content ? children.map(c => this.model(c)) : null
      } as Contents.IModel;
    }
    return {
      ...this.model(path),
      content: options.content ? (entry.content ?? null) : null
    } as Contents.IModel;
  }

  async save(path: string, model: Partial<Contents.IModel>) {
    const parent = path.includes('/')
      ? path.slice(0, path.lastIndexOf('/'))
      : '';
    if (parent && this.entries.get(parent)?.type !== 'directory') {
      throw new ServerConnection.ResponseError(
        new Response('', { status: 500 }),
        `No such directory: ${parent}`
      );
    }
    this.entries.set(path, {
      type: model.type ?? 'file',
      content: model.content as string | undefined
    });
    return { path, type: model.type } as Contents.IModel;
  }
}

const doc = (description: string) =>
  ({
    schema_version: 1,
    NWBFile: { session_description: description }
  }) as unknown as INwbMetadata;

function setup() {
  const memory = new MemoryContents();
  return { memory, contents: memory as unknown as Contents.IManager };
}

describe('saveMetadataFile', () => {
  it('creates missing folders and writes pretty JSON', async () => {
    const { memory, contents } = setup();
    const confirm = vi.fn(async () => true);
    expect(
      await saveMetadataFile(contents, 'nwb/a/m.json', doc('x'), confirm)
    ).toBe(true);
    expect(memory.entries.get('nwb')?.type).toBe('directory');
    expect(memory.entries.get('nwb/a')?.type).toBe('directory');
    expect(JSON.parse(memory.entries.get('nwb/a/m.json')!.content!)).toEqual(
      doc('x')
    );
    expect(confirm).not.toHaveBeenCalled();
  });

  it('finds out what is missing without asking for it (no 404 logged in the browser)', async () => {
    const { memory, contents } = setup();
    await saveMetadataFile(
      contents,
      'nwb/a/m.json',
      doc('x'),
      async () => true
    );
    await saveMetadataFile(
      contents,
      'nwb/b/m.json',
      doc('y'),
      async () => true
    );
    await ensureFolder(contents, 'nwb/c/d');
    expect(memory.notFound).toEqual([]);
    expect(memory.entries.get('nwb/c/d')?.type).toBe('directory');
  });

  it('refuses a folder path that runs through a file', async () => {
    const { contents } = setup();
    await saveMetadataFile(contents, 'f.json', doc('x'), async () => true);
    await expect(ensureFolder(contents, 'f.json/sub')).rejects.toThrow(
      /f.json is a file, not a folder/
    );
  });

  it('does not ask when the file already holds the same metadata', async () => {
    const { contents } = setup();
    await saveMetadataFile(contents, 'm.json', doc('x'), async () => true);
    const confirm = vi.fn(async () => false);
    expect(await saveMetadataFile(contents, 'm.json', doc('x'), confirm)).toBe(
      true
    );
    expect(confirm).not.toHaveBeenCalled();
  });

  it('never replaces different metadata without asking', async () => {
    const { memory, contents } = setup();
    await saveMetadataFile(contents, 'm.json', doc('old'), async () => true);
    const decline = vi.fn(async () => false);
    expect(
      await saveMetadataFile(contents, 'm.json', doc('new'), decline)
    ).toBe(false);
    expect(decline).toHaveBeenCalledWith('m.json');
    expect(memory.entries.get('m.json')!.content).toContain('old');

    const accept = vi.fn(async () => true);
    expect(await saveMetadataFile(contents, 'm.json', doc('new'), accept)).toBe(
      true
    );
    expect(memory.entries.get('m.json')!.content).toContain('new');
  });

  it('refuses to write over a folder', async () => {
    const { contents } = setup();
    await ensureFolder(contents, 'nwb');
    await expect(
      saveMetadataFile(contents, 'nwb', doc('x'), async () => true)
    ).rejects.toThrow('is a folder');
  });
});

describe('loadMetadataFile', () => {
  it('returns the document and its schema problems', async () => {
    const { contents } = setup();
    await saveMetadataFile(contents, 'm.json', doc('x'), async () => true);
    const loaded = await loadMetadataFile(contents, 'm.json');
    expect(loaded.document).toEqual(doc('x'));
    expect(loaded.problems.map(p => p.path)).toContain('/Subject');
  });

  it('says what to do with a file that is not JSON', async () => {
    const { memory, contents } = setup();
    memory.entries.set('m.json', { type: 'file', content: '{oops' });
    await expect(loadMetadataFile(contents, 'm.json')).rejects.toThrow(
      /m\.json is not JSON .*ibl2nwb metadata/
    );
  });
});
