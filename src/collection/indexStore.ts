/**
 * The index cache: one IndexedDB record per file (its stamp and summary),
 * in the browser, so re-opening a collection of hundreds of sessions reads
 * nothing from the files that did not change. IndexedDB rather than the
 * JupyterLab state DB: summaries carry a region per unit (tens of KB per
 * session), too much for the workspace file the state DB is saved in.
 */
import type { ICachedSummary } from './refreshPlan';

const DB_NAME = 'jupyterlab-ibl-nwb-collection';
const STORE = 'summaries';
/** Folder → the paths it held when last indexed (to find removed files). */
const FOLDERS = 'folders';
/** Bump when `ISessionSummary` changes shape: older records are dropped. */
const VERSION = 1;

export interface IIndexStore {
  getAll(paths: readonly string[]): Promise<ICachedSummary[]>;
  put(entries: readonly ICachedSummary[]): Promise<void>;
  remove(paths: readonly string[]): Promise<void>;
  members(folder: string): Promise<string[]>;
  setMembers(folder: string, paths: readonly string[]): Promise<void>;
}

/** An IndexedDB store, or a memory store where IndexedDB is unavailable. */
export function openIndexStore(): IIndexStore {
  return typeof indexedDB === 'undefined'
    ? new MemoryIndexStore()
    : new IdbIndexStore();
}

export class MemoryIndexStore implements IIndexStore {
  private readonly entries = new Map<string, ICachedSummary>();
  private readonly folders = new Map<string, string[]>();
  async members(folder: string): Promise<string[]> {
    return this.folders.get(folder) ?? [];
  }
  async setMembers(folder: string, paths: readonly string[]): Promise<void> {
    this.folders.set(folder, [...paths]);
  }
  async getAll(paths: readonly string[]): Promise<ICachedSummary[]> {
    return paths
      .map(p => this.entries.get(p))
      .filter((e): e is ICachedSummary => !!e);
  }
  async put(entries: readonly ICachedSummary[]): Promise<void> {
    entries.forEach(e => this.entries.set(e.stamp.path, e));
  }
  async remove(paths: readonly string[]): Promise<void> {
    paths.forEach(p => this.entries.delete(p));
  }
}

class IdbIndexStore implements IIndexStore {
  private db: Promise<IDBDatabase> | null = null;

  async getAll(paths: readonly string[]): Promise<ICachedSummary[]> {
    const store = await this.store('readonly');
    const found = await Promise.all(
      paths.map(p => done<ICachedSummary | undefined>(store.get(p)))
    );
    return found.filter((e): e is ICachedSummary => !!e);
  }

  async members(folder: string): Promise<string[]> {
    const store = await this.store('readonly', FOLDERS);
    return (await done<string[] | undefined>(store.get(folder))) ?? [];
  }

  async setMembers(folder: string, paths: readonly string[]): Promise<void> {
    const store = await this.store('readwrite', FOLDERS);
    await done(store.put([...paths], folder));
  }

  async put(entries: readonly ICachedSummary[]): Promise<void> {
    const store = await this.store('readwrite');
    await Promise.all(entries.map(e => done(store.put(e, e.stamp.path))));
  }

  async remove(paths: readonly string[]): Promise<void> {
    const store = await this.store('readwrite');
    await Promise.all(paths.map(p => done(store.delete(p))));
  }

  private async store(
    mode: IDBTransactionMode,
    name = STORE
  ): Promise<IDBObjectStore> {
    if (!this.db) {
      this.db = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, VERSION);
        request.onupgradeneeded = () => {
          const db = request.result;
          for (const store of [STORE, FOLDERS]) {
            if (db.objectStoreNames.contains(store)) {
              db.deleteObjectStore(store);
            }
            db.createObjectStore(store);
          }
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    return (await this.db).transaction(name, mode).objectStore(name);
  }
}

function done<T>(request: IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result as T);
    request.onerror = () => reject(request.error);
  });
}
