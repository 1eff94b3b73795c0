/**
 * Pure choices behind the convert panel: which converter interfaces a session
 * can feed, and the default file names (metadata JSON, DANDI-style .nwb).
 */
import { IModalityAvailability } from '../modalities';

/** One converter interface as the convert panel offers it. */
export interface IConvertModality {
  /** The converter interface name (`--modalities`). */
  name: string;
  title: string;
  available: boolean;
  /** Why it is (not) available: the datasets that decided. */
  evidence: string;
}

/** The converter's interfaces, in the order it runs them (src/convert/interfaces). */
const INTERFACES: {
  name: string;
  title: string;
  kind: 'behavior' | 'ecephys';
}[] = [
  { name: 'trials', title: 'Trials', kind: 'behavior' },
  { name: 'wheel', title: 'Wheel', kind: 'behavior' },
  { name: 'licks', title: 'Licks', kind: 'behavior' },
  { name: 'spike_sorting', title: 'Spike sorting', kind: 'ecephys' },
  { name: 'pose', title: 'Pose estimation', kind: 'behavior' },
  { name: 'pupil', title: 'Pupil', kind: 'behavior' },
  { name: 'motion_energy', title: 'Motion energy', kind: 'behavior' },
  { name: 'passive', title: 'Passive protocol', kind: 'behavior' }
];

/**
 * The converter interfaces with their availability, from the per-modality
 * availability of the session (spike sorting is available if any probe has it).
 */
export function convertibleModalities(
  availability: IModalityAvailability[]
): IConvertModality[] {
  return INTERFACES.map(({ name, title }) => {
    if (name === 'spike_sorting') {
      const probes = availability.filter(
        m => m.name.startsWith('spikes:') && m.available
      );
      return {
        name,
        title,
        available: probes.length > 0,
        evidence:
          probes.length > 0
            ? probes.map(p => p.name.slice('spikes:'.length)).join(', ')
            : 'no spikes.times in any probe collection'
      };
    }
    const found = availability.find(m => m.name === name);
    return {
      name,
      title,
      available: found?.available ?? false,
      evidence: found?.evidence ?? 'not recognised in this session'
    };
  });
}

/** DANDI entities may not contain '_' (it separates entities) — use '-'. */
function entity(value: string): string {
  return value.replace(/[^A-Za-z0-9-]+/g, '-');
}

/**
 * The DANDI-style file name of a conversion, e.g.
 * `sub-KS074_ses-<eid>_desc-processed_behavior+ecephys.nwb`.
 */
export function dandiOutputName(
  subject: string,
  eid: string,
  modalities: string[]
): string {
  const kinds = new Set(
    INTERFACES.filter(i => modalities.includes(i.name)).map(i => i.kind)
  );
  const suffix = (['behavior', 'ecephys'] as const)
    .filter(k => kinds.has(k))
    .join('+');
  const desc = suffix ? `desc-processed_${suffix}` : 'desc-processed';
  return `sub-${entity(subject)}_ses-${eid}_${desc}.nwb`;
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
