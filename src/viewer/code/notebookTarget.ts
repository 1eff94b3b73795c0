/**
 * Where "Insert into notebook" puts its cell: the notebook the user last
 * worked in (a new code cell below its active cell). The plugin tells this
 * module how to find it (`setNotebookFinder`), so views and panels need no
 * notebook dependency; without a notebook the action says to open one.
 */

export interface INotebookTarget {
  /** The notebook's path from the server root (its folder anchors relative file paths). */
  readonly path: string;
  /** Add `code` as a new code cell below the active cell and select it. */
  insertBelow(code: string): void;
}

let finder: (() => INotebookTarget | null) | null = null;

export function setNotebookFinder(find: () => INotebookTarget | null): void {
  finder = find;
}

export function activeNotebook(): INotebookTarget | null {
  return finder?.() ?? null;
}

/** The folder of a notebook path ('' at the root). */
export function folderOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}
