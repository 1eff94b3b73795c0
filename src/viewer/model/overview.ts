import type { IH5Source } from './source';
import { asText, formatValue } from './text';
import { findNode, type INeurodataNode } from './tree';

export interface IDeviceSummary {
  readonly name: string;
  readonly description?: string;
  readonly manufacturer?: string;
}

/** What the overview card shows about a session. */
export interface INwbOverview {
  readonly nwbVersion?: string;
  readonly identifier?: string;
  readonly sessionDescription?: string;
  readonly sessionStartTime?: string;
  /** Other `/general` fields: experimenter, lab, institution, session_id, … */
  readonly general: Record<string, string>;
  /** `/general/subject` fields: subject_id, species, sex, age, … */
  readonly subject: Record<string, string>;
  readonly devices: IDeviceSummary[];
}

/** Small metadata datasets only: a text field is never more than a few items. */
const MAX_FIELD_ITEMS = 64;

/** Read the session metadata from the crawled tree (a handful of small reads). */
export async function readOverview(
  source: IH5Source,
  root: INeurodataNode
): Promise<INwbOverview> {
  const field = async (path: string): Promise<string | undefined> => {
    const node = findNode(root, path);
    if (!node || node.kind !== 'dataset' || node.softLink || !isSmall(node)) {
      return undefined;
    }
    try {
      const value = await source.read(node.path);
      return asText(value) ?? formatList(value);
    } catch {
      return undefined;
    }
  };
  const fields = async (groupPath: string): Promise<Record<string, string>> => {
    const out: Record<string, string> = {};
    const group = findNode(root, groupPath);
    for (const child of group?.children ?? []) {
      if (child.kind === 'dataset') {
        const value = await field(child.path);
        if (value !== undefined && value !== '') {
          out[child.name] = value;
        }
      }
    }
    return out;
  };
  const devices = (findNode(root, '/general/devices')?.children ?? [])
    .filter(d => d.kind === 'group' && d.neurodataType)
    .map(d => ({
      name: d.name,
      description: asText(d.attrs.description),
      manufacturer: asText(d.attrs.manufacturer)
    }));
  return {
    nwbVersion: asText(root.attrs.nwb_version),
    identifier: await field('/identifier'),
    sessionDescription: await field('/session_description'),
    sessionStartTime: await field('/session_start_time'),
    general: await fields('/general'),
    subject: await fields('/general/subject'),
    devices
  };
}

function isSmall(node: INeurodataNode): boolean {
  const shape = node.shape ?? [];
  return shape.reduce((n, d) => n * d, 1) <= MAX_FIELD_ITEMS;
}

function formatList(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    return value.map(v => formatValue(v)).join(', ');
  }
  return value === null || value === undefined ? undefined : formatValue(value);
}
