/**
 * The one naming rule for converted files, used by every entry point (the
 * sidebar, the file browser's "Convert to NWB…" and `ibl2nwb batch`): DANDI
 * 000409's layout, `sub-<subject>/sub-<subject>_ses-<eid>_desc-processed_<kinds>.nwb`.
 * Pure: the browser imports it.
 */
import type { DandiModality, IModalityAvailability } from './modalityInfo';

/** DANDI's order of the data kinds in a file name. */
const KIND_ORDER: readonly DandiModality[] = ['behavior', 'ecephys', 'image'];

/** A DANDI entity value: '_' separates entities and '/' folders, so only letters, digits and '-'. */
export function dandiEntity(value: string): string {
  return value.replace(/[^A-Za-z0-9-]+/g, '-');
}

/** The data kinds of the chosen modalities, in DANDI's order. */
export function dandiKinds(
  interfaces: readonly IModalityAvailability[],
  chosen: readonly string[]
): DandiModality[] {
  const kinds = new Set(
    interfaces.filter(i => chosen.includes(i.name)).map(i => i.dandi)
  );
  return KIND_ORDER.filter(kind => kinds.has(kind));
}

/**
 * `sub-<subject>/sub-<subject>_ses-<session>_desc-processed[_<kinds>].nwb`,
 * relative to the output folder. `session` is the eid (it keeps names unique
 * and is what DANDI 000409 uses).
 */
export function dandiOutputPath(
  subject: string,
  session: string,
  kinds: readonly DandiModality[]
): string {
  const sub = `sub-${dandiEntity(subject)}`;
  const suffix = KIND_ORDER.filter(kind => kinds.includes(kind)).join('+');
  const desc = suffix ? `desc-processed_${suffix}` : 'desc-processed';
  return `${sub}/${sub}_ses-${dandiEntity(session)}_${desc}.nwb`;
}
