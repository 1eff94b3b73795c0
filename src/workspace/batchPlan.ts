/**
 * The pure rules of a batch: shared metadata defaults laid over each session's
 * Alyx-built document, the modalities each session converts (the shared choice
 * minus what it cannot give), and its output name (the one naming rule).
 */
import type { INwbMetadata } from '../convert/metadata/document';
import type { IModalityAvailability } from '../convert/modalityInfo';
import {
  convertibleModalities,
  dandiOutputName,
  joinPath
} from '../sidebar/convert/convertOptions';

/** NWBFile fields set once for every session of a batch; empty = each session's own. */
export interface ISharedDefaults {
  experimenter: string;
  institution: string;
  lab: string;
  experiment_description: string;
  keywords: string;
}

export const EMPTY_DEFAULTS: ISharedDefaults = {
  experimenter: '',
  institution: '',
  lab: '',
  experiment_description: '',
  keywords: ''
};

/**
 * A ';'-separated list as its trimmed, non-empty items (not ',': NWB writes a
 * person as "Last, First").
 */
export function listOf(text: string): string[] {
  return text
    .split(';')
    .map(item => item.trim())
    .filter(Boolean);
}

/** `document` with each non-empty shared default in place of the session's value (a copy). */
export function withSharedDefaults(
  document: INwbMetadata,
  shared: ISharedDefaults
): INwbMetadata {
  const nwb = { ...document.NWBFile };
  if (listOf(shared.experimenter).length > 0) {
    nwb.experimenter = listOf(shared.experimenter);
  }
  if (listOf(shared.keywords).length > 0) {
    nwb.keywords = listOf(shared.keywords);
  }
  for (const key of ['institution', 'lab', 'experiment_description'] as const) {
    if (shared[key].trim()) {
      nwb[key] = shared[key].trim();
    }
  }
  return { ...document, NWBFile: nwb };
}

/** The chosen modalities this session can give, in the converter's order. */
export function sessionModalities(
  interfaces: IModalityAvailability[],
  chosen: readonly string[]
): string[] {
  return convertibleModalities(interfaces)
    .filter(m => m.available && chosen.includes(m.name))
    .map(m => m.name);
}

/** Every modality any session of the batch can give (the shared choice's options). */
export function batchModalityChoices(
  sessions: IModalityAvailability[][]
): IModalityAvailability[] {
  const seen = new Map<string, IModalityAvailability>();
  for (const interfaces of sessions) {
    for (const m of convertibleModalities(interfaces)) {
      const known = seen.get(m.name);
      if (!known || (!known.available && m.available)) {
        seen.set(m.name, m);
      }
    }
  }
  return [...seen.values()];
}

/** The session's .nwb in the output folder, named by the one rule. */
export function batchOutputPath(
  outputDir: string,
  subject: string,
  eid: string,
  modalities: string[],
  interfaces: IModalityAvailability[]
): string {
  return joinPath(
    outputDir,
    dandiOutputName(subject, eid, modalities, interfaces)
  );
}
