/**
 * The selected session's metadata as the user edits it: fetched from the
 * server, or restored from the session's metadata file when one is there (the
 * user's earlier edits survive a reload), saved shortly after each edit, with
 * an undo history. A file of another session, or one changed elsewhere, is
 * never replaced without asking.
 */
import { Contents } from '@jupyterlab/services';
import { JSONExt, JSONValue } from '@lumino/coreutils';
import * as React from 'react';

import type { INwbMetadata } from '../../convert/metadata/document';
import { getMetadata, IDataSource, sourceKey } from '../api';
import { messageOf } from '../jobs/JobsModel';
import {
  documentSession,
  DraftSave,
  readMetadataIfPresent,
  saveMetadataDraft
} from './metadataFiles';

/** Quiet time after an edit before it is written. */
export const AUTOSAVE_DELAY_MS = 700;
/** Edits that can be undone. */
const UNDO_DEPTH = 100;
/** Edits closer together than this are one undo step (typing a word). */
const UNDO_COALESCE_MS = 1000;

function sameDocument(a: INwbMetadata, b: INwbMetadata): boolean {
  return JSONExt.deepEqual(
    JSON.parse(JSON.stringify(a)) as JSONValue,
    JSON.parse(JSON.stringify(b)) as JSONValue
  );
}

/** What the draft file is doing, for the status line. */
export type DraftState =
  | { kind: 'fresh' } // from Alyx, not edited yet: nothing written
  | { kind: 'pending' }
  | { kind: 'saved'; path: string }
  | { kind: 'held'; text: string } // not saved automatically, and why
  | { kind: 'error'; text: string };

export interface IMetadataDraft {
  document: INwbMetadata | null;
  /** Why the metadata could not be built. */
  error: string | null;
  /** Alyx records the server found missing. */
  missing: string[];
  /** Set when the document was restored from the session's metadata file. */
  restoredFrom: string | null;
  state: DraftState;
  canUndo: boolean;
  /** A change made by the user: undoable, and saved shortly after. */
  edit(document: INwbMetadata): void;
  undo(): void;
  /** Drop the restored edits and start again from the Alyx records (undoable). */
  startOver(): void;
  /** A document read from `lastModified`'s file (Load): what the file now holds. */
  loaded(document: INwbMetadata, lastModified: string): void;
  /** Write now (before a conversion); `force` replaces whatever is there. */
  flush(force?: boolean): Promise<DraftSave>;
}

export function useMetadataDraft(
  contents: Contents.IManager,
  source: IDataSource,
  eid: string,
  path: string
): IMetadataDraft {
  const [document, setDocument] = React.useState<INwbMetadata | null>(null);
  const [fresh, setFresh] = React.useState<INwbMetadata | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [missing, setMissing] = React.useState<string[]>([]);
  const [restoredFrom, setRestoredFrom] = React.useState<string | null>(null);
  const [history, setHistory] = React.useState<INwbMetadata[]>([]);
  const [state, setState] = React.useState<DraftState>({ kind: 'fresh' });
  const [dirty, setDirty] = React.useState(false);
  // last_modified of each file when last read or written here (a file not in it: not seen).
  const seen = React.useRef(new Map<string, string>());

  React.useEffect(() => {
    let current = true;
    setDocument(null);
    setFresh(null);
    setError(null);
    setRestoredFrom(null);
    setHistory([]);
    setDirty(false);
    setState({ kind: 'fresh' });
    seen.current = new Map();
    const restore = readMetadataIfPresent(contents, path).catch(() => null);
    getMetadata(source, eid)
      .then(async response => {
        const saved = await restore;
        if (!current) {
          return;
        }
        setFresh(response.document);
        setMissing(
          Object.entries(response.found ?? {})
            .filter(([, found]) => found === false)
            .map(([name]) => name)
        );
        if (saved !== null && documentSession(saved.document) === eid) {
          // The user's earlier edits of this session: shown, and said so (not silently kept).
          seen.current.set(path, saved.lastModified);
          setDocument(saved.document);
          setRestoredFrom(path);
          setState({ kind: 'saved', path });
        } else {
          if (saved !== null) {
            setState({
              kind: 'held',
              text: `${path} holds ${documentSession(saved.document) ? `the metadata of session ${documentSession(saved.document)}` : 'other data'}: edits are not saved to it automatically. Choose another metadata file, or Save to replace it.`
            });
            seen.current.set(path, saved.lastModified);
          }
          setDocument(response.document);
        }
      })
      .catch(reason => {
        if (current) {
          setError(
            `Could not build the metadata of ${eid}: ${messageOf(reason)}`
          );
        }
      });
    return () => {
      current = false;
    };
    // A new session (or source) starts a new draft; a path edit does not.
  }, [eid, sourceKey(source)]);

  const write = React.useCallback(
    async (force = false): Promise<DraftSave> => {
      if (document === null) {
        return { status: 'changed' };
      }
      if (!path.trim().endsWith('.json')) {
        throw new Error(
          `${path || 'The metadata file'} is not a .json file name: give the metadata file a name ending in .json.`
        );
      }
      const known = seen.current.get(path) ?? null;
      const result = await saveMetadataDraft(
        contents,
        path,
        document,
        eid,
        known,
        force
      );
      if (result.status === 'saved') {
        seen.current.set(path, result.lastModified);
        setDirty(false);
        setState({ kind: 'saved', path });
      } else {
        setState({
          kind: 'held',
          text:
            result.status === 'foreign'
              ? `Not saved: ${path} holds ${result.session ? `the metadata of session ${result.session}` : 'other data'}. Choose another metadata file, or Save to replace it.`
              : `Not saved: ${path} was changed outside this form. Load it, or Save to replace it.`
        });
      }
      return result;
    },
    [contents, path, document, eid]
  );

  // Save shortly after the last edit (never a document the user has not touched).
  React.useEffect(() => {
    if (!dirty || document === null) {
      return;
    }
    setState({ kind: 'pending' });
    const timer = setTimeout(() => {
      write().catch(reason =>
        setState({ kind: 'error', text: `Not saved: ${messageOf(reason)}` })
      );
    }, AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
    // Not on path edits: a half-typed path is no place to write. An edit saves to the path
    // shown when it was made.
  }, [dirty, document]);

  // Keystrokes in quick succession are one undo step.
  const lastEdit = React.useRef(0);
  const edit = (next: INwbMetadata) => {
    if (document !== null && sameDocument(document, next)) {
      // The form re-reporting what it was given (e.g. on mount): not an edit.
      return;
    }
    const now = Date.now();
    if (document !== null && now - lastEdit.current > UNDO_COALESCE_MS) {
      setHistory(h => [...h.slice(-(UNDO_DEPTH - 1)), document]);
    }
    lastEdit.current = now;
    setDocument(next);
    setDirty(true);
  };

  return {
    document,
    error,
    missing,
    restoredFrom,
    state,
    canUndo: history.length > 0,
    edit,
    undo: () => {
      const previous = history[history.length - 1];
      if (previous) {
        lastEdit.current = 0;
        setHistory(h => h.slice(0, -1));
        setDocument(previous);
        setDirty(true);
      }
    },
    startOver: () => {
      if (fresh !== null) {
        edit(fresh);
        setRestoredFrom(null);
      }
    },
    loaded: (next, lastModified) => {
      if (document !== null) {
        setHistory(h => [...h.slice(-(UNDO_DEPTH - 1)), document]);
      }
      seen.current.set(path, lastModified);
      setDocument(next);
      setDirty(false);
      setState({ kind: 'saved', path });
    },
    flush: write
  };
}
