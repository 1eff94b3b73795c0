/**
 * A parsed filter applied to a table's rows.
 *
 * Values: numbers compare with numbers, text with quoted text (a mix is an
 * error naming the column, not a silent "nothing matches"). Missing
 * numbers (NaN) follow IEEE and pandas: every comparison with NaN is false
 * except `!=`, which is true; `x == nan` / `x != nan` test for NaN
 * itself. `contains`, `startswith`, `endswith` are case-sensitive text
 * tests. `under` matches a brain region at any level of the Allen tree
 * (`x under "HPF"`); on region columns (the `region` column) `==`, `!=`
 * and `in` match at any level too.
 */
import type { FilterNode, ITestNode, TestOp, Value } from './parse';
import type { RegionTree } from './regionTree';
import { FilterError } from './tokens';

export interface IFilterColumn {
  readonly values: readonly (number | string)[];
  readonly numeric: boolean;
  /** Brain-region acronyms: `==`, `!=`, `in` match at any level. */
  readonly regions?: boolean;
}

/** The columns a filter may name, read when first named. */
export interface IColumnSource {
  readonly rows: number;
  /** Every name a filter may use (for "unknown column" errors). */
  names(): readonly string[];
  column(name: string): Promise<IFilterColumn | undefined>;
}

type RowTest = (row: number) => boolean;

/** The rows (0-based) of `source` that pass `tree`. */
export async function evaluateFilter(
  tree: FilterNode,
  source: IColumnSource,
  regions: () => Promise<RegionTree>
): Promise<Set<number>> {
  const test = await compile(tree, source, regions);
  const kept = new Set<number>();
  for (let row = 0; row < source.rows; row++) {
    if (test(row)) {
      kept.add(row);
    }
  }
  return kept;
}

async function compile(
  node: FilterNode,
  source: IColumnSource,
  regions: () => Promise<RegionTree>
): Promise<RowTest> {
  if (node.kind === 'not') {
    const inner = await compile(node.operand, source, regions);
    return row => !inner(row);
  }
  if (node.kind === 'and' || node.kind === 'or') {
    const left = await compile(node.left, source, regions);
    const right = await compile(node.right, source, regions);
    return node.kind === 'and'
      ? row => left(row) && right(row)
      : row => left(row) || right(row);
  }
  const column = await source.column(node.column);
  if (!column) {
    const known = source.names();
    throw new FilterError(
      `unknown column "${node.column}" (columns: ${known.slice(0, 30).join(', ')}${known.length > 30 ? ', …' : ''})`,
      node.pos
    );
  }
  const hierarchical =
    node.op === 'under' ||
    (column.regions && ['==', '!=', 'in'].includes(node.op));
  if (hierarchical) {
    return regionTest(node, column, await regions());
  }
  const mismatch = node.values.find(
    v => typeof v !== (column.numeric ? 'number' : 'string')
  );
  if (mismatch !== undefined) {
    throw new FilterError(
      column.numeric
        ? `column "${node.column}" holds numbers: compare it with a number, not ${JSON.stringify(mismatch)}`
        : `column "${node.column}" holds text: put ${String(mismatch)} in quotes`,
      node.pos
    );
  }
  const values = column.values;
  const match = valueTest(node.op, node.values, node.column, node.pos);
  return row => match(values[row]);
}

function valueTest(
  op: TestOp,
  operands: readonly Value[],
  name: string,
  pos: number
): (value: number | string) => boolean {
  const [b] = operands;
  const isNaNValue = typeof b === 'number' && Number.isNaN(b);
  switch (op) {
    case '==':
      return isNaNValue ? a => Number.isNaN(a) : a => a === b;
    case '!=':
      return isNaNValue ? a => !Number.isNaN(a) : a => a !== b;
    case '<':
      return a => a < b;
    case '<=':
      return a => a <= b;
    case '>':
      return a => a > b;
    case '>=':
      return a => a >= b;
    case 'in': {
      const set = new Set(operands);
      const nan = operands.some(v => typeof v === 'number' && isNaN(v));
      return a => set.has(a) || (nan && Number.isNaN(a));
    }
  }
  if (typeof b !== 'string') {
    throw new FilterError(`${op} takes quoted text, not ${String(b)}`, pos);
  }
  const text = (a: number | string) => {
    if (typeof a !== 'string') {
      throw new FilterError(
        `column "${name}" holds numbers: ${op} tests text`,
        pos
      );
    }
    return a;
  };
  switch (op) {
    case 'contains':
      return a => text(a).includes(b);
    case 'startswith':
      return a => text(a).startsWith(b);
    default:
      return a => text(a).endsWith(b);
  }
}

/** `==`/`in`/`under` (and `!=`) on regions: a row matches inside any named region. */
function regionTest(
  node: ITestNode,
  column: IFilterColumn,
  tree: RegionTree
): RowTest {
  const present = new Set(column.values.map(String));
  for (const region of node.values) {
    if (typeof region !== 'string') {
      throw new FilterError(
        `brain regions are quoted acronyms ("CA1"), not ${String(region)}`,
        node.pos
      );
    }
    if (!tree.has(region) && !present.has(region)) {
      // Not silently "no unit": a typo, or a name this file does not use.
      throw new FilterError(
        `"${region}" is not an Allen brain region and no row of ${node.column} has it`,
        node.pos
      );
    }
  }
  // Decide once per distinct value: a units table has few regions.
  const verdict = new Map<string, boolean>();
  for (const value of present) {
    verdict.set(
      value,
      node.values.some(r => value === r || tree.within(value, r as string))
    );
  }
  const values = column.values;
  const negate = node.op === '!=';
  return row => verdict.get(String(values[row])) !== negate;
}
