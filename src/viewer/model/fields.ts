import { formatValue } from './text';
import type { INeurodataNode } from './tree';

/** Attributes that type an object rather than describe it. */
const BOOKKEEPING = new Set([
  'neurodata_type',
  'namespace',
  'object_id',
  'data_type'
]);

/** Values a field shows whole at most (larger datasets are linked instead). */
export const SMALL_FIELD_VALUES = 64;

/** What a container's fields view lists. */
export interface IContainerFields {
  /** Attribute name and its value as text. */
  readonly attributes: [string, string][];
  /** Small datasets, read and shown whole (a Subject's age, a site's location). */
  readonly values: INeurodataNode[];
  /** Members to open: groups, links and large datasets. */
  readonly members: INeurodataNode[];
}

const valueCount = (node: INeurodataNode): number =>
  (node.shape ?? [0]).reduce((a, b) => a * b, 1);

/**
 * The fields of any NWB container, as nwbwidgets' field view lists them:
 * its own attributes, the values of its small datasets, and its members.
 */
export function containerFields(node: INeurodataNode): IContainerFields {
  const attributes = Object.entries(node.attrs)
    .filter(([name]) => !BOOKKEEPING.has(name))
    .map(([name, value]): [string, string] => [name, formatValue(value)]);
  const small = (c: INeurodataNode) =>
    c.kind === 'dataset' &&
    !c.softLink &&
    c.shape !== null &&
    c.shape !== undefined &&
    valueCount(c) <= SMALL_FIELD_VALUES;
  return {
    attributes,
    values: node.children.filter(small),
    members: node.children.filter(c => !small(c))
  };
}
