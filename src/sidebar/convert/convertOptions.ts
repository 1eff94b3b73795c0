/**
 * Pure choices behind the convert panel, all read from the converter's own list of the
 * session's modalities (`info --json`'s `interfaces`): the processed ones to choose by name
 * (`--modalities`), the raw switches (`--raw`, `--video`), and the default file names
 * (metadata JSON, DANDI-style .nwb).
 */
import type { IModalityAvailability } from '../../convert/modalityInfo';
import { dandiKinds, dandiOutputPath } from '../../convert/outputName';

/** One processed modality as the convert panel offers it (`--modalities`). */
export type IConvertModality = IModalityAvailability;

/** The modalities chosen by name (`--modalities`), in the order the converter runs them. */
export function convertibleModalities(
  interfaces: IModalityAvailability[]
): IConvertModality[] {
  return interfaces.filter(i => i.askedBy === 'modalities');
}

/** A raw-data switch of a conversion and the modalities it asks for. */
export interface IRawSwitch {
  option: 'raw' | 'video';
  /** The titles of its modalities. */
  title: string;
  /** Some of its modalities can be written (the converter skips the others with a reason). */
  available: boolean;
  /** Each modality's reason, `name: reason`, one per line. */
  reason: string;
}

/** `--raw` (every raw ephys modality) and `--video`, when the catalogue has them. */
export function rawSwitches(interfaces: IModalityAvailability[]): IRawSwitch[] {
  return (['raw', 'video'] as const).flatMap(option => {
    const members = interfaces.filter(i => i.askedBy === option);
    return members.length === 0
      ? []
      : [
          {
            option,
            title: members.map(m => m.title).join(', '),
            available: members.some(m => m.available),
            reason: members.map(m => `${m.name}: ${m.reason}`).join('\n')
          }
        ];
  });
}

/**
 * The DANDI-style path of a conversion in the output folder, e.g.
 * `sub-KS074/sub-KS074_ses-<eid>_desc-processed_behavior+ecephys.nwb` (the
 * one naming rule, `src/convert/outputName.ts`).
 */
export function dandiOutputName(
  subject: string,
  eid: string,
  modalities: string[],
  interfaces: IModalityAvailability[]
): string {
  return dandiOutputPath(subject, eid, dandiKinds(interfaces, modalities));
}

/** `<subject>_<date>_<number>.metadata.json`, number zero-padded like ALF. */
export function metadataFileName(session: {
  subject: string;
  date: string;
  number: number | null;
}): string {
  const number = String(session.number ?? 1).padStart(3, '0');
  return `${session.subject}_${session.date}_${number}.metadata.json`;
}

/** Join a folder (relative to the server root, '' = root) and a name. */
export function joinPath(folder: string, name: string): string {
  const clean = folder.trim().replace(/^\/+|\/+$/g, '');
  return clean ? `${clean}/${name}` : name;
}

/** The folder part of a root-relative path ('' for a file at the root). */
export function parentFolder(path: string): string {
  const index = path.lastIndexOf('/');
  return index < 0 ? '' : path.slice(0, index);
}

/** The file name of a root-relative path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
