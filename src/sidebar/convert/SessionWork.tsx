import { Contents } from '@jupyterlab/services';
import * as React from 'react';

import type { INwbMetadata } from '../../convert/metadata/document';
import { metadataProblems } from '../../convert/metadata/validate';
import { getMetadata, IDataSource, ISessionInfo, sourceKey } from '../api';
import { JobsModel, messageOf } from '../jobs/JobsModel';
import { MetadataSection } from '../metadata/MetadataSection';
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
  const [document, setDocument] = React.useState<INwbMetadata | null>(null);
  const [missing, setMissing] = React.useState<string[]>([]);
  const [error, setError] = React.useState<string | null>(null);
  const [metadataPath, setMetadataPath] = React.useState('');
  const [selected, setSelected] = React.useState<string[]>(available);
  const [output, setOutput] = React.useState('');
  const [outputEdited, setOutputEdited] = React.useState(false);

  React.useEffect(() => {
    let current = true;
    setDocument(null);
    setError(null);
    setSelected(available);
    setOutputEdited(false);
    setMetadataPath(joinPath(outputDir, metadataFileName(session)));
    getMetadata(source, session.eid)
      .then(response => {
        if (current) {
          setDocument(response.document);
          setMissing(
            Object.entries(response.found ?? {})
              .filter(([, found]) => found === false)
              .map(([name]) => name)
          );
        }
      })
      .catch(reason => {
        if (current) {
          setError(
            `Could not build the metadata of ${session.eid}: ${messageOf(reason)}`
          );
        }
      });
    return () => {
      current = false;
    };
  }, [session.eid, sourceKey(source)]);

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

  if (error !== null) {
    return (
      <section className="jp-IblNwb-section">
        <p className="jp-IblNwb-error" role="alert">
          {error}
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
        missingRecords={missing}
        path={metadataPath}
        onPathChange={setMetadataPath}
        onDocument={setDocument}
      />
      <ConvertPanel
        eid={session.eid}
        source={source}
        contents={props.contents}
        jobs={props.jobs}
        document={document}
        problemCount={problems.length}
        metadataPath={metadataPath}
        modalities={modalities}
        rawSwitches={switches}
        selected={selected}
        onSelectedChange={setSelected}
        output={output}
        onOutputChange={path => {
          setOutputEdited(true);
          setOutput(path);
        }}
      />
    </>
  );
}
