/**
 * The "Copy code" and "Insert into notebook" buttons of a viewer tab, and
 * the code shown under them (what was copied or inserted, so the user sees
 * it and can copy it by hand where the clipboard is blocked).
 */
import { Clipboard } from '@jupyterlab/apputils';

import { button } from '../views/controls';
import { h } from '../views/dom';
import { codeRequest, type ICodeSource } from './codeRequest';
import { activeNotebook, folderOf } from './notebookTarget';
import { codeFor } from './snippets';

export class CodeActions {
  readonly buttons: HTMLElement[];
  /** The last code made, with a line saying where it went. */
  readonly preview = h('div', {
    class: 'jp-NwbViewer-codePreview',
    'data-testid': 'nwb-code',
    hidden: true
  });

  constructor(private readonly source: () => ICodeSource | null) {
    const copy = button(
      'Copy code',
      'Copy the NWBView(...) call and pynwb code that load this object, window and filter'
    );
    const insert = button(
      'Insert into notebook',
      'Add that code as a new cell below the active cell of the notebook you last used'
    );
    copy.onclick = () => void this.copy();
    insert.onclick = () => void this.insert();
    this.buttons = [copy, insert];
  }

  /** Copy the code for what the tab shows; resolves to what the user is told. */
  async copy(): Promise<string> {
    // Paths relative to the notebook last in front, if any (else to the Jupyter root).
    const notebook = activeNotebook();
    const code = await this.code(
      notebook ? folderOf(notebook.path) : undefined
    );
    if (code === null) {
      return this.say('Nothing to copy: open an object first.');
    }
    Clipboard.copyToSystem(code);
    return this.say('Copied to the clipboard:', code);
  }

  /** Insert the code into the active notebook, or say to open one. */
  async insert(): Promise<string> {
    const notebook = activeNotebook();
    if (!notebook) {
      return this.say(
        'No notebook is open: open or create a notebook, then choose "Insert into notebook" again.'
      );
    }
    const code = await this.code(folderOf(notebook.path));
    if (code === null) {
      return this.say('Nothing to insert: open an object first.');
    }
    notebook.insertBelow(code);
    return this.say(`Inserted into ${notebook.path}:`, code);
  }

  private async code(notebookDir?: string): Promise<string | null> {
    const source = this.source();
    if (!source) {
      return null;
    }
    try {
      return codeFor(await codeRequest(source, notebookDir));
    } catch (error) {
      this.say(
        `Could not make code for ${source.node.path}: ${error instanceof Error ? error.message : String(error)}`
      );
      throw error;
    }
  }

  private say(text: string, code?: string): string {
    const close = button('✕', 'Hide the code');
    close.onclick = () => {
      this.preview.hidden = true;
    };
    this.preview.replaceChildren(
      h('div', { class: 'jp-NwbViewer-codeSay' }, text, close),
      ...(code ? [h('pre', { class: 'jp-NwbViewer-code' }, code)] : [])
    );
    this.preview.hidden = false;
    return text;
  }
}
