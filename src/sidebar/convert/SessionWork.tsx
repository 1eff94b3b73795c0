import { Contents } from '@jupyterlab/services';
import * as React from 'react';

import { metadataProblems } from '../../convert/metadata/validate';
import { IDataSource, ISessionInfo, sourceKey } from '../api';
import { confirmOverwrite } from '../confirmOverwrite';
import type { IJob } from '../jobs/api';
import { JobsModel } from '../jobs/JobsModel';
import { MetadataSection } from '../metadata/MetadataSection';
import { useMetadataDraft } from '../metadata/useMetadataDraft';
import { ConvertPanel } from './ConvertPanel';
import {
  convertibleModalities,
  dandiOutputName,
  rawSwitches,
  joinPath,
  metadataFileName
} from './convertOptions';

export interface ISessionWorkProps {
  info: ISessionInfo;
  /** Where the session comes from (local cache or remote Alyx). */
  source: IDataSource;
  /** Where metadata JSON and .nwb files go by default (settings). */
  outputDir: string;
  contents: Contents.IManager;
  jobs: JobsModel;
  /** A conversion of this session was started here. */
  onJobStarted?: (job: IJob) => void;
  /** Where the started job is shown (the convert note names it). */
  jobsWhere?: string;
  /** Prefix of the element ids (the session workspace's form beside the sidebar's). */
  idScope?: string;
}

/**
 * The selected session's metadata (fetched from the server, editable) and
 * convert options; the edited document is shared by both.
 */
export function SessionWork(props: ISessionWorkProps): JSX.Element {
  const { info, source, outputDir } = props;
  const { session } = info;
  const modalities = React.useMemo(
    () => convertibleModalities(info.interfaces),
    [info]
  );
  const switches = React.useMemo(() => rawSwitches(info.interfaces), [info]);
  const available = modalities.filter(m => m.available).map(m => m.name);
  const [metadataPath, setMetadataPath] = React.useState(() =>
    joinPath(outputDir, metadataFileName(session))
  );
  const draft = useMetadataDraft(
    props.contents,
    source,
    session.eid,
    metadataPath
  );
  const document = draft.document;
  const [selected, setSelected] = React.useState<string[]>(available);
  const [output, setOutput] = React.useState('');
  const [outputEdited, setOutputEdited] = React.useState(false);

  React.useEffect(() => {
    setSelected(available);
    setOutputEdited(false);
    setMetadataPath(joinPath(outputDir, metadataFileName(session)));
  }, [session.eid, sourceKey(source)]);

  /** Save the metadata for a conversion: at once, asking before replacing what the user did not see. */
  const saveForConversion = async (): Promise<boolean> => {
    const result = await draft.flush();
    if (result.status === 'saved') {
      return true;
    }
    const what =
      result.status === 'foreign'
        ? result.session
          ? `the metadata of session ${result.session}`
          : 'other data'
        : 'metadata changed outside this form';
    if (!(await confirmOverwrite(metadataPath, what))) {
      return false;
    }
    return (await draft.flush(true)).status === 'saved';
  };

  React.useEffect(() => {
    if (!outputEdited) {
      setOutput(
        joinPath(
          outputDir,
          dandiOutputName(
            session.subject,
            session.eid,
            selected,
            info.interfaces
          )
        )
      );
    }
  }, [selected, outputDir, session.eid, outputEdited, info]);

  const problems = React.useMemo(
    () => (document === null ? [] : metadataProblems(document)),
    [document]
  );

  if (draft.error !== null) {
    return (
      <section className="jp-IblNwb-section">
        <p className="jp-IblNwb-error" role="alert">
          {draft.error}
        </p>
      </section>
    );
  }
  if (document === null) {
    return (
      <section className="jp-IblNwb-section">
        <p className="jp-IblNwb-hint" role="status">
          Building the NWB metadata from the Alyx records…
        </p>
      </section>
    );
  }
  return (
    <>
      <MetadataSection
        eid={session.eid}
        contents={props.contents}
        document={document}
        problems={problems}
        missingRecords={draft.missing}
        path={metadataPath}
        onPathChange={setMetadataPath}
        draft={draft}
        idScope={props.idScope}
      />
      <ConvertPanel
        eid={session.eid}
        source={source}
        contents={props.contents}
        jobs={props.jobs}
        document={document}
        problemCount={problems.length}
        metadataPath={metadataPath}
        saveMetadata={saveForConversion}
        modalities={modalities}
        rawSwitches={switches}
        selected={selected}
        onSelectedChange={setSelected}
        output={output}
        onOutputChange={path => {
          setOutputEdited(true);
          setOutput(path);
        }}
        onJobStarted={props.onJobStarted}
        jobsWhere={props.jobsWhere}
        idScope={props.idScope}
      />
    </>
  );
}
