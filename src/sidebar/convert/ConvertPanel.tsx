import { Contents, ServerConnection } from '@jupyterlab/services';
import * as React from 'react';

import type { INwbMetadata } from '../../convert/metadata/document';
import type { IDataSource } from '../api';
import { confirmOverwrite } from '../confirmOverwrite';
import type { IJob } from '../jobs/api';
import { jobEndNote } from './jobEndNote';
import { JobsModel, messageOf } from '../jobs/JobsModel';
import { ensureFolder } from '../metadata/metadataFiles';
import { IConvertModality, IRawSwitch, parentFolder } from './convertOptions';

export interface IConvertPanelProps {
  eid: string;
  /** ONE cache folder ('' = bundled sample), or a remote Alyx. */
  source: IDataSource;
  contents: Contents.IManager;
  jobs: JobsModel;
  document: INwbMetadata;
  problemCount: number;
  metadataPath: string;
  /** Write the metadata JSON now; false when the user kept an existing file. */
  saveMetadata: () => Promise<boolean>;
  modalities: IConvertModality[];
  /** `--raw` and `--video`, from the converter's list. */
  rawSwitches: IRawSwitch[];
  selected: string[];
  onSelectedChange: (names: string[]) => void;
  output: string;
  onOutputChange: (path: string) => void;
  /** A job was started (the session workspace follows it). */
  onJobStarted?: (job: IJob) => void;
  /** Where the started job is shown, for the note ("Conversions below"). */
  jobsWhere?: string;
  /** Prefix of the element ids (a second panel on the page: the session workspace). */
  idScope?: string;
}

function isConflict(error: unknown): boolean {
  return (
    error instanceof ServerConnection.ResponseError &&
    error.response.status === 409
  );
}

/** Modalities, output path, overwrite → save the metadata JSON, start the job. */
export function ConvertPanel(props: IConvertPanelProps): JSX.Element {
  const { modalities, selected, output, problemCount } = props;
  const [overwrite, setOverwrite] = React.useState(false);
  const [switchesOn, setSwitchesOn] = React.useState<string[]>([]);
  // A switch counts only while the session can give something for it.
  const on = (option: string) =>
    switchesOn.includes(option) &&
    props.rawSwitches.some(o => o.option === option && o.available);
  const raw = on('raw');
  const video = on('video');
  const [busy, setBusy] = React.useState(false);
  const [note, setNote] = React.useState<{
    error: boolean;
    text: string;
    jobId?: string;
  } | null>(null);

  const blocker =
    problemCount > 0
      ? 'Fix the metadata fields marked in red first.'
      : selected.length === 0
        ? 'Choose at least one modality.'
        : !output.trim().endsWith('.nwb')
          ? 'The output path must end in .nwb.'
          : null;

  // "Converting to …" is true only while the job runs: follow it to its end.
  const jobs = props.jobs;
  const noteJob = note?.jobId;
  React.useEffect(() => {
    if (!noteJob) {
      return;
    }
    const follow = () => {
      const job = jobs.jobs.find(j => j.id === noteJob);
      const ended = job ? jobEndNote(job) : null;
      if (ended) {
        setNote(ended);
      }
    };
    follow();
    jobs.changed.connect(follow);
    return () => {
      jobs.changed.disconnect(follow);
    };
  }, [jobs, noteJob]);

  const convert = async () => {
    setBusy(true);
    setNote(null);
    try {
      const saved = await props.saveMetadata();
      if (!saved) {
        setNote({
          error: true,
          text: `Not converted: ${props.metadataPath} was kept. Change the metadata file name, or load it, and convert again.`
        });
        return;
      }
      await ensureFolder(props.contents, parentFolder(output.trim()));
      const request = {
        eid: props.eid,
        cacheDir: props.source.cache,
        ...(props.source.alyx ? { alyx: props.source.alyx } : {}),
        output: output.trim(),
        metadata: props.metadataPath,
        modalities: selected,
        overwrite,
        raw,
        video
      };
      let job: IJob;
      try {
        job = await props.jobs.start(request);
      } catch (error) {
        if (
          !isConflict(error) ||
          !(await confirmOverwrite(request.output, 'an NWB file'))
        ) {
          throw error;
        }
        job = await props.jobs.start({ ...request, overwrite: true });
      }
      props.onJobStarted?.(job);
      setNote({
        error: false,
        text: `Converting to ${request.output}: see ${props.jobsWhere ?? 'Conversions below'}.`,
        jobId: job.id
      });
    } catch (error) {
      setNote({ error: true, text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  const toggle = (name: string, on: boolean) =>
    props.onSelectedChange(
      modalities
        .map(m => m.name)
        .filter(n => (n === name ? on : selected.includes(n)))
    );

  return (
    <section
      className="jp-IblNwb-section jp-IblNwb-convert"
      aria-labelledby={`jp-IblNwb-${props.idScope ?? ''}convert-title`}
    >
      <h3
        className="jp-IblNwb-sectionTitle"
        id={`jp-IblNwb-${props.idScope ?? ''}convert-title`}
      >
        Convert to NWB
      </h3>
      <form
        aria-label="Convert options"
        onSubmit={event => {
          event.preventDefault();
          if (blocker === null && !busy) {
            void convert();
          }
        }}
      >
        <fieldset className="jp-IblNwb-modalityChoice">
          <legend>Modalities</legend>
          {modalities.map(m => (
            <label
              key={m.name}
              title={m.available ? m.reason : `Not available: ${m.reason}`}
              className={m.available ? '' : 'jp-mod-missing'}
            >
              <input
                type="checkbox"
                name={`modality-${m.name}`}
                checked={selected.includes(m.name)}
                disabled={!m.available}
                onChange={e => toggle(m.name, e.target.checked)}
              />{' '}
              {m.title}
            </label>
          ))}
        </fieldset>
        <fieldset className="jp-IblNwb-modalityChoice">
          <legend>Raw data (large: only if you need it)</legend>
          {props.rawSwitches.map(option => (
            <label
              key={option.option}
              title={
                option.available
                  ? option.reason
                  : `Not available:\n${option.reason}`
              }
              className={option.available ? '' : 'jp-mod-missing'}
            >
              <input
                type="checkbox"
                name={option.option}
                checked={on(option.option)}
                disabled={!option.available}
                onChange={e =>
                  setSwitchesOn(on =>
                    e.target.checked
                      ? [...on, option.option]
                      : on.filter(o => o !== option.option)
                  )
                }
              />{' '}
              {option.title}
            </label>
          ))}
        </fieldset>
        <label className="jp-IblNwb-field">
          <span>Output file</span>
          <input
            className="jp-mod-styled"
            name="output"
            value={output}
            title="A .nwb path relative to the Jupyter root"
            onChange={e => props.onOutputChange(e.target.value)}
          />
        </label>
        <label className="jp-IblNwb-check">
          <input
            type="checkbox"
            name="overwrite"
            checked={overwrite}
            onChange={e => setOverwrite(e.target.checked)}
          />{' '}
          Replace the output if it exists
        </label>
        <button
          type="submit"
          className="jp-Button jp-mod-styled jp-mod-accept"
          disabled={busy || blocker !== null}
          title={blocker ?? 'Save the metadata JSON and convert on the server'}
        >
          {busy ? 'Starting…' : 'Convert'}
        </button>
        {blocker !== null && <p className="jp-IblNwb-hint">{blocker}</p>}
      </form>
      {note !== null && (
        <p
          className={note.error ? 'jp-IblNwb-error' : 'jp-IblNwb-hint'}
          role={note.error ? 'alert' : 'status'}
          data-testid="convert-note"
          data-job-id={note.jobId}
        >
          {note.text}
        </p>
      )}
    </section>
  );
}
