/**
 * What `ibl2nwb info` says of each modality of the catalogue, from the session's dataset
 * records alone (nothing read or downloaded), by asking each interface's own
 * `availability()`: the same question the converter asks before writing it. The sidebar and
 * the file-browser dialog show this list as it is (they have no rules of their own).
 */
import type { IDatasetRecord } from '../one/cache';
import { parseQc } from '../one/qc';
import type { IDatasetSummary } from '../one/sessionSummary';
import { Catalogue, ELECTRODES } from './catalogue';
import type { IDatasetNeed } from './modality';
import type { IModalityAvailability } from './modalityInfo';
import { DatasetIndex } from './session/datasetIndex';
import type { ISessionInterface, ISessionPlan } from './session/context';

/** How many dataset paths a reason names before "and N more". */
const NAMED = 4;

/** The recorded datasets an interface would read. */
function recorded(plan: ISessionPlan, needs: IDatasetNeed[]): string[] {
  const paths = needs.flatMap(need =>
    `${need.collection}/${need.name}`.includes('*')
      ? plan.data.index.glob(need.collection, need.name).map(d => d.relPath)
      : [plan.data.index.find(need.collection, need.name)?.relPath ?? []].flat()
  );
  return [...new Set(paths)].sort();
}

function datasetsReason(paths: string[]): string {
  if (paths.length === 0) {
    return 'no dataset needed';
  }
  const named = paths.slice(0, NAMED).join(', ');
  const more = paths.length - NAMED;
  return more > 0 ? `${named} and ${more} more` : named;
}

function judge(
  modality: ISessionInterface,
  plan: ISessionPlan
): { available: boolean; reason: string } {
  const verdict = modality.availability(plan);
  if (!verdict.available) {
    return { available: false, reason: verdict.reason };
  }
  return {
    available: true,
    reason: datasetsReason(recorded(plan, modality.datasets(plan)))
  };
}

/** The catalogue's modalities for a session with these dataset records. */
export function catalogueAvailability(
  catalogue: Catalogue,
  eid: string,
  records: IDatasetRecord[]
): IModalityAvailability[] {
  const plan: ISessionPlan = {
    eid,
    data: { index: new DatasetIndex(records) }
  };
  const electrodes = catalogue.find(e => e.modality.name === ELECTRODES);
  const electrodesVerdict = electrodes && judge(electrodes.modality, plan);
  return catalogue.map(({ modality, askedBy, dandi }) => {
    let verdict = judge(modality, plan);
    // Raw ephys series reference the electrodes table: without it they cannot be written
    // (the converter's ready() check, which needs the run).
    if (
      askedBy === 'raw' &&
      verdict.available &&
      electrodesVerdict &&
      !electrodesVerdict.available
    ) {
      verdict = {
        available: false,
        reason: `it needs the probes' electrodes table, and ${electrodesVerdict.reason}`
      };
    }
    return {
      name: modality.name,
      title: modality.title,
      kind: modality.kind,
      ...verdict,
      askedBy,
      dandi
    };
  });
}

/** The dataset rows `info` lists (local cache or Alyx), as the records availability reads. */
export function recordsOfSummaries(
  eid: string,
  datasets: IDatasetSummary[]
): IDatasetRecord[] {
  return datasets.map(d => ({
    eid,
    id: d.rel_path,
    relPath: d.rel_path,
    fileSize: d.file_size,
    hash: null,
    exists: d.exists,
    qc: parseQc(d.qc)
  }));
}
