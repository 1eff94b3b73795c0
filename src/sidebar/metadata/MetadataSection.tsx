import { Contents } from '@jupyterlab/services';
import * as React from 'react';

import type { INwbMetadata } from '../../convert/metadata/document';
import type { IMetadataProblem } from '../../convert/metadata/validate';
import { confirmOverwrite } from '../confirmOverwrite';
import { messageOf } from '../jobs/JobsModel';
import { MetadataForm } from './MetadataForm';
import { problemsOutsideSections } from './formSections';
import { parentFolder } from '../convert/convertOptions';
import {
  documentSession,
  listJsonFiles,
  readMetadataIfPresent
} from './metadataFiles';
import type { DraftState, IMetadataDraft } from './useMetadataDraft';

export interface IMetadataSectionProps {
  eid: string;
  contents: Contents.IManager;
  document: INwbMetadata;
  problems: IMetadataProblem[];
  /** Alyx records the server found offline (missing ones leave fields empty). */
  missingRecords: string[];
  /** The metadata JSON path, relative to the server root. */
  path: string;
  onPathChange: (path: string) => void;
  /** The edited document's life: edits, undo, autosave, restore. */
  draft: IMetadataDraft;
  /** Prefix of the element ids (a second form on the page: the session workspace). */
  idScope?: string;
}

/** The autosave's status line. */
function draftStatus(state: DraftState): string {
  switch (state.kind) {
    case 'fresh':
      return 'From the Alyx records; your edits are saved as you make them.';
    case 'pending':
      return 'Saving…';
    case 'saved':
      return `Edits saved to ${state.path}.`;
    case 'held':
    case 'error':
      return state.text;
  }
}

/** Edit the session's NWB metadata; save it to / load it from a JSON file. */
export function MetadataSection(props: IMetadataSectionProps): JSX.Element {
  const { eid, contents, document, problems, path } = props;
  const scope = props.idScope ?? '';
  const [note, setNote] = React.useState<{
    error: boolean;
    text: string;
  } | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [choices, setChoices] = React.useState<string[]>([]);

  // Suggest the .json files next to the current path (shown by the input's list).
  const suggest = () =>
    listJsonFiles(contents, parentFolder(path))
      .then(setChoices)
      .catch(() => setChoices([]));

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setNote(null);
    try {
      setNote({ error: false, text: await action() });
    } catch (error) {
      setNote({ error: true, text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  const { draft } = props;
  const save = () =>
    run(async () => {
      let result = await draft.flush();
      if (
        result.status !== 'saved' &&
        (await confirmOverwrite(
          path,
          result.status === 'foreign'
            ? 'other metadata'
            : 'metadata changed outside this form'
        ))
      ) {
        result = await draft.flush(true);
      }
      return result.status === 'saved'
        ? `Saved ${path}.`
        : `Not saved: ${path} was kept. Choose another file name to save a copy.`;
    });

  const load = () =>
    run(async () => {
      const loaded = await readMetadataIfPresent(contents, path);
      if (loaded === null) {
        throw new Error(
          `There is no file at ${path}: choose a metadata JSON file to load.`
        );
      }
      draft.loaded(loaded.document, loaded.lastModified);
      const other = documentSession(loaded.document);
      return other && other !== eid
        ? `Loaded ${path}, but it describes session ${other}, not the selected one: check it before converting.`
        : `Loaded ${path}.`;
    });

  const outside = problemsOutsideSections(problems);
  return (
    <section
      className="jp-IblNwb-section jp-IblNwb-metadata"
      aria-labelledby={`jp-IblNwb-${scope}metadata-title`}
    >
      <h3
        className="jp-IblNwb-sectionTitle"
        id={`jp-IblNwb-${scope}metadata-title`}
      >
        NWB metadata
      </h3>
      {props.missingRecords.length > 0 && (
        <p className="jp-IblNwb-hint">
          No Alyx {props.missingRecords.join(', ')} record in this cache: fill
          in the empty fields yourself.
        </p>
      )}
      <p
        className={problems.length ? 'jp-IblNwb-error' : 'jp-IblNwb-hint'}
        data-testid="metadata-status"
        data-problems={problems.length}
      >
        {problems.length === 0
          ? 'The metadata is complete and valid.'
          : `${problems.length} field${problems.length === 1 ? '' : 's'} to fix before converting (marked in red below).`}
      </p>
      {outside.length > 0 && (
        <ul className="jp-IblNwb-error">
          {outside.map(p => (
            <li key={p.path}>
              {p.path || '/'} {p.message}
            </li>
          ))}
        </ul>
      )}
      {draft.restoredFrom !== null && (
        <p
          className="jp-IblNwb-hint"
          role="status"
          data-testid="metadata-restored"
        >
          Your earlier edits of this session were restored from{' '}
          {draft.restoredFrom}.{' '}
          <button
            type="button"
            className="jp-Button jp-mod-styled jp-mod-minimal jp-IblNwb-linkButton"
            onClick={() => draft.startOver()}
          >
            Start over from Alyx
          </button>
        </p>
      )}
      <MetadataForm
        document={document}
        problems={problems}
        onChange={draft.edit}
        idScope={scope}
      />
      <p
        className={
          draft.state.kind === 'held' || draft.state.kind === 'error'
            ? 'jp-IblNwb-error'
            : 'jp-IblNwb-hint'
        }
        role="status"
        data-testid="metadata-autosave"
        data-state={draft.state.kind}
      >
        {draftStatus(draft.state)}
      </p>
      <form
        className="jp-IblNwb-fileRow"
        aria-label="Metadata file"
        onSubmit={event => {
          event.preventDefault();
          void save();
        }}
      >
        <label className="jp-IblNwb-field">
          <span>Metadata file</span>
          <input
            className="jp-mod-styled"
            name="metadataPath"
            value={path}
            list={`jp-IblNwb-${scope}metadataFiles`}
            title="A .json path relative to the Jupyter root; Enter saves"
            onFocus={() => void suggest()}
            onChange={e => props.onPathChange(e.target.value)}
          />
          <datalist id={`jp-IblNwb-${scope}metadataFiles`}>
            {choices.map(choice => (
              <option key={choice} value={choice} />
            ))}
          </datalist>
        </label>
        <div className="jp-IblNwb-actions">
          <button
            type="submit"
            className="jp-Button jp-mod-styled"
            disabled={busy}
          >
            Save
          </button>
          <button
            type="button"
            className="jp-Button jp-mod-styled"
            disabled={busy}
            onClick={() => void load()}
          >
            Load
          </button>
          <button
            type="button"
            className="jp-Button jp-mod-styled"
            disabled={busy || !draft.canUndo}
            title="Undo the last change to the metadata"
            onClick={() => draft.undo()}
          >
            Undo
          </button>
        </div>
      </form>
      {note !== null && (
        <p
          className={note.error ? 'jp-IblNwb-error' : 'jp-IblNwb-hint'}
          role={note.error ? 'alert' : 'status'}
          data-testid="metadata-note"
        >
          {note.text}
        </p>
      )}
    </section>
  );
}
