/**
 * A parsed filter as a pandas `DataFrame.query` string (engine="python"),
 * over a frame whose columns are named as in the filter. Same answers as
 * evaluate.ts: comparisons with NaN follow IEEE in both, `== nan` becomes
 * `x != x`, and region tests at any level become `in` lists of the
 * column's own values that lie inside the named regions.
 */
import type { IColumnSource } from '../filter/evaluate';
import type { FilterNode, Value } from '../filter/parse';
import type { RegionTree } from '../filter/regionTree';

export async function pandasQuery(
  node: FilterNode,
  columns: IColumnSource,
  tree: () => Promise<RegionTree>
): Promise<string> {
  if (node.kind === 'not') {
    return `not (${await pandasQuery(node.operand, columns, tree)})`;
  }
  if (node.kind === 'and' || node.kind === 'or') {
    const left = await pandasQuery(node.left, columns, tree);
    const right = await pandasQuery(node.right, columns, tree);
    return `(${left}) ${node.kind} (${right})`;
  }
  const name = `\`${node.column}\``;
  const column = await columns.column(node.column);
  const regional =
    node.op === 'under' ||
    (column?.regions && ['==', '!=', 'in'].includes(node.op));
  if (regional && column) {
    const regions = await tree();
    const present = [...new Set(column.values.map(String))].sort();
    const inside = present.filter(v =>
      node.values.some(r => v === r || regions.within(v, String(r)))
    );
    return `${name} ${node.op === '!=' ? 'not in' : 'in'} ${list(inside)}`;
  }
  const [value] = node.values;
  const isNaNValue = typeof value === 'number' && Number.isNaN(value);
  switch (node.op) {
    case 'contains':
      return `${name}.str.contains(${literal(value)}, regex=False)`;
    case 'startswith':
    case 'endswith':
      return `${name}.str.${node.op}(${literal(value)})`;
    case 'in': {
      const finite = node.values.filter(
        v => !(typeof v === 'number' && Number.isNaN(v))
      );
      const test = `${name} in ${list(finite)}`;
      return finite.length < node.values.length
        ? `(${test}) or (${name} != ${name})`
        : test;
    }
    case '==':
      return isNaNValue ? `${name} != ${name}` : `${name} == ${literal(value)}`;
    case '!=':
      return isNaNValue ? `${name} == ${name}` : `${name} != ${literal(value)}`;
    default:
      return `${name} ${node.op} ${literal(value)}`;
  }
}

function list(values: readonly Value[]): string {
  return `[${values.map(literal).join(', ')}]`;
}

function literal(value: Value): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (Number.isNaN(value)) {
    return 'nan';
  }
  return Number.isFinite(value)
    ? String(value)
    : value > 0
      ? '1e999'
      : '-1e999';
}
