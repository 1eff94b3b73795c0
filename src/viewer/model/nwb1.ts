import type { IH5Entry, IH5Source } from './source';
import { asText, asTextList } from './text';

/**
 * NWB 1.x (2015-2017, api-python / MatNWB 1) differs from NWB 2: the
 * version is a root *dataset* `nwb_version` ("NWB-1.0.5"), every time
 * series is `neurodata_type="TimeSeries"` with its real type at the end of
 * an `ancestry` attribute (["TimeSeries", "ElectricalSeries"]), and
 * modules, interfaces and epochs are "Module", "Interface", "Epoch" groups
 * of a layout NWB 2 replaced. Time series keep NWB 2's data / timestamps /
 * starting_time@rate layout, so they can be plotted; the rest cannot.
 */

/** The NWB 1.x version string of a file, or undefined for NWB 2 files. */
export async function nwb1Version(
  source: IH5Source,
  root: IH5Entry,
  rootNames: string[]
): Promise<string | undefined> {
  if (asText(root.attrs.nwb_version) || !rootNames.includes('nwb_version')) {
    return undefined;
  }
  try {
    const version = asText(await source.read('/nwb_version'));
    return version && /^(NWB-)?1\./i.test(version) ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The NWB 2 type and ancestry (most specific first) of an NWB 1.x group,
 * from its `ancestry` attribute; undefined when it carries none.
 */
export function nwb1Typing(
  attrs: Readonly<Record<string, unknown>>
): { type: string; ancestry: string[] } | undefined {
  const ancestry = asTextList(attrs.ancestry);
  if (ancestry.length === 0) {
    return undefined;
  }
  const chain = [...ancestry].reverse();
  return { type: chain[0], ancestry: chain };
}

/** What the viewer says it cannot show of an NWB 1.x file. */
export const NWB1_LIMITS =
  'its time series are shown with their NWB 2 views; NWB 1.x modules, interfaces, epochs and other groups are listed with their HDF5 contents only, as NWB 1.x has no cached specification to read them by';
