import { Contents, ServerConnection } from '@jupyterlab/services';
import { describe, expect, it, vi } from 'vitest';

import type { INwbMetadata } from '../../../src/convert/metadata/document';
import {
  documentSession,
  ensureFolder,
  loadMetadataFile,
  readMetadataIfPresent,
  saveMetadataDraft,
  saveMetadataFile
} from '../../../src/sidebar/metadata/metadataFiles';

/**
 * The part of the Contents API the sidebar uses, over a Map, answering like
 * Jupyter's file manager: 404 for missing paths, and no file without its folder.
 */
class MemoryContents {
  entries = new Map<
    string,
    { type: string; content?: string; modified?: string }
  >([['', { type: 'directory' }]]);
  private clock = 0;
  /** Counted writes (to see that an unchanged document is not written again). */
  writes = 0;

  /** A change made outside the sidebar (another editor, a script). */
  writeElsewhere(path: string, content: string) {
    this.entries.set(path, {
      type: 'file',
      content,
      modified: `t${++this.clock}`
    });
  }
  /** Paths asked for that were not there (each a 404 the browser logs as an error). */
  notFound: string[] = [];

  private model(path: string): Contents.IModel {
    const entry = this.entries.get(path)!;
    return {
      path,
      name: path.split('/').pop() ?? '',
      type: entry.type,
      last_modified: entry.modified ?? 't0'
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
    this.writes += 1;
    const modified = `t${++this.clock}`;
    this.entries.set(path, {
      type: model.type ?? 'file',
      content: model.content as string | undefined,
      modified
    });
    return {
      path,
      type: model.type,
      last_modified: modified
    } as Contents.IModel;
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

const sessionDoc = (eid: string, description: string) =>
  ({
    schema_version: 1,
    NWBFile: { session_id: eid, session_description: description },
    Ibl: { eid }
  }) as unknown as INwbMetadata;

describe('saveMetadataDraft (edits saved as they are made)', () => {
  it('writes a new file, then keeps writing the file it wrote', async () => {
    const { memory, contents } = setup();
    const first = await saveMetadataDraft(
      contents,
      'nwb/s.json',
      sessionDoc('e1', 'a'),
      'e1',
      null
    );
    expect(first.status).toBe('saved');
    const seen = (first as { lastModified: string }).lastModified;
    const second = await saveMetadataDraft(
      contents,
      'nwb/s.json',
      sessionDoc('e1', 'b'),
      'e1',
      seen
    );
    expect(second.status).toBe('saved');
    expect(
      JSON.parse(memory.entries.get('nwb/s.json')!.content!).NWBFile
        .session_description
    ).toBe('b');
  });

  it('never replaces a file changed elsewhere since it was seen', async () => {
    const { memory, contents } = setup();
    const first = await saveMetadataDraft(
      contents,
      's.json',
      sessionDoc('e1', 'a'),
      'e1',
      null
    );
    const seen = (first as { lastModified: string }).lastModified;
    memory.writeElsewhere(
      's.json',
      JSON.stringify(sessionDoc('e1', 'by hand'))
    );
    const held = await saveMetadataDraft(
      contents,
      's.json',
      sessionDoc('e1', 'b'),
      'e1',
      seen
    );
    expect(held).toEqual({ status: 'changed' });
    expect(
      JSON.parse(memory.entries.get('s.json')!.content!).NWBFile
        .session_description
    ).toBe('by hand');
    // Replaced only when the user says so.
    expect(
      (
        await saveMetadataDraft(
          contents,
          's.json',
          sessionDoc('e1', 'b'),
          'e1',
          seen,
          true
        )
      ).status
    ).toBe('saved');
    expect(
      JSON.parse(memory.entries.get('s.json')!.content!).NWBFile
        .session_description
    ).toBe('b');
  });

  it("never replaces another session's metadata, or a file that is not metadata", async () => {
    const { memory, contents } = setup();
    memory.writeElsewhere(
      'other.json',
      JSON.stringify(sessionDoc('e2', 'theirs'))
    );
    expect(
      await saveMetadataDraft(
        contents,
        'other.json',
        sessionDoc('e1', 'mine'),
        'e1',
        null
      )
    ).toEqual({ status: 'foreign', session: 'e2' });
    memory.writeElsewhere('notes.json', '{ not json');
    expect(
      await saveMetadataDraft(
        contents,
        'notes.json',
        sessionDoc('e1', 'mine'),
        'e1',
        null
      )
    ).toEqual({ status: 'foreign', session: null });
    expect(
      JSON.parse(memory.entries.get('other.json')!.content!).NWBFile
        .session_description
    ).toBe('theirs');
  });

  it('a file this session has not seen is not replaced either, even of the same session', async () => {
    const { memory, contents } = setup();
    memory.writeElsewhere('s.json', JSON.stringify(sessionDoc('e1', 'older')));
    expect(
      await saveMetadataDraft(
        contents,
        's.json',
        sessionDoc('e1', 'new'),
        'e1',
        null
      )
    ).toEqual({ status: 'changed' });
  });

  it('does not write what the file already holds', async () => {
    const { memory, contents } = setup();
    memory.writeElsewhere('s.json', JSON.stringify(sessionDoc('e1', 'same')));
    const writes = memory.writes;
    expect(
      (
        await saveMetadataDraft(
          contents,
          's.json',
          sessionDoc('e1', 'same'),
          'e1',
          null
        )
      ).status
    ).toBe('saved');
    expect(memory.writes).toBe(writes);
  });

  it('reads a present file with its time, and says none for a missing one', async () => {
    const { memory, contents } = setup();
    expect(await readMetadataIfPresent(contents, 'nope/s.json')).toBeNull();
    memory.writeElsewhere('s.json', JSON.stringify(sessionDoc('e1', 'x')));
    const found = await readMetadataIfPresent(contents, 's.json');
    expect(documentSession(found!.document)).toBe('e1');
    expect(found!.lastModified).toBe(memory.entries.get('s.json')!.modified);
    expect(memory.notFound).toEqual([]);
  });
});
