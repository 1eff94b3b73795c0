/**
 * Which interfaces of the catalogue a conversion runs, and which of them the user asked for,
 * from its options: `--modalities` names processed ones (all by default), `--raw` asks for
 * every raw ephys interface, `--video` for the videos, and `--split` writes the release's two
 * files (`processed`: the processed modalities alone; `raw`: electrodes and the raw data).
 */
import { Catalogue, ELECTRODES, SPIKE_SORTING } from './catalogue';
import type { ISessionInterface } from './session/context';

export interface IPlanOptions {
  /** Processed interface names (--modalities); default all. */
  modalities?: string[];
  /** Every raw ephys interface (--raw). */
  raw?: boolean;
  /** The raw videos (--video). */
  video?: boolean;
  /** One of the release's two files; default: everything in one file. */
  file?: 'processed' | 'raw';
}

export interface IConversionPlan {
  /** In the catalogue's order. */
  interfaces: ISessionInterface[];
  /** Asked for by name: one that cannot be written fails the run (exit 3). */
  required: string[];
  /** Asked for as a group (--raw): fails only when none of the group can be written. */
  requiredAny: string[][];
}

/** The processed modalities chosen by name (unknown names are a usage error). */
function processedModalities(
  catalogue: Catalogue,
  modalities: string[] | undefined
): ISessionInterface[] {
  const processed = catalogue
    .filter(e => e.askedBy === 'modalities')
    .map(e => e.modality);
  if (!modalities) {
    return processed;
  }
  const known = processed.map(i => i.name);
  const unknown = modalities.filter(m => !known.includes(m));
  if (unknown.length > 0) {
    throw new Error(
      `unknown modality ${unknown.join(', ')}; choose from ${known.join(', ')}`
    );
  }
  return processed.filter(i => modalities.includes(i.name));
}

/** The raw interfaces a switch asks for (`--raw`, `--video`). */
function askedWith(
  catalogue: Catalogue,
  askedBy: 'raw' | 'video',
  on: boolean | undefined
): ISessionInterface[] {
  return on
    ? catalogue.filter(e => e.askedBy === askedBy).map(e => e.modality)
    : [];
}

/** In the catalogue's order (raw series after the electrodes table they reference). */
function inCatalogueOrder(
  catalogue: Catalogue,
  chosen: ISessionInterface[]
): ISessionInterface[] {
  return catalogue.map(e => e.modality).filter(i => chosen.includes(i));
}

/**
 * What goes in the file. One file: the chosen modalities, then the raw data asked for (raw
 * series reference the electrodes rows: without spike sorting, the electrodes table is
 * written alone). The release's two files: `processed` is the processed modalities alone;
 * `raw` is the probes' electrodes and the raw data asked for.
 */
export function planConversion(
  catalogue: Catalogue,
  options: IPlanOptions
): IConversionPlan {
  const electrodes = catalogue.find(e => e.modality.name === ELECTRODES);
  const raw = askedWith(catalogue, 'raw', options.raw);
  const video = askedWith(catalogue, 'video', options.video);
  const needsElectrodes = (i: ISessionInterface) =>
    catalogue.find(e => e.modality === i)?.needs === 'electrodes';
  let interfaces: ISessionInterface[];
  switch (options.file) {
    case 'processed':
      interfaces = processedModalities(catalogue, options.modalities);
      break;
    case 'raw':
      // The release writes the electrodes and their localization in both files.
      interfaces = [
        ...(electrodes ? [electrodes.modality] : []),
        ...processedModalities(catalogue, options.modalities).filter(
          needsElectrodes
        ),
        ...raw,
        ...video
      ];
      break;
    default: {
      const chosen = processedModalities(catalogue, options.modalities);
      const withElectrodes =
        [...chosen, ...raw].some(needsElectrodes) &&
        electrodes &&
        !chosen.some(i => i.name === SPIKE_SORTING);
      interfaces = [
        ...chosen,
        ...(withElectrodes ? [electrodes.modality] : []),
        ...raw,
        ...video
      ];
    }
  }
  interfaces = inCatalogueOrder(catalogue, interfaces);
  const names = (list: ISessionInterface[]) => list.map(i => i.name);
  const rawFileToo = options.file !== 'processed';
  return {
    interfaces,
    required: options.file === 'raw' ? [] : (options.modalities ?? []),
    requiredAny: rawFileToo
      ? [names(raw), names(video)].filter(g => g.length > 0)
      : []
  };
}
