/**
 * Filter expressions → a small tree. Grammar (keywords in any case):
 *
 *   expr    := and ('or' and)*
 *   and     := unary ('and' unary)*
 *   unary   := 'not' unary | '(' expr ')' | test
 *   test    := column op value                   op: == != < <= > >=  (= means ==)
 *            | column ['not'] 'in' '[' value (',' value)* ']'
 *            | column ['not'] (contains | startswith | endswith | under) value
 *   column  := word (letters, digits, _ and .) | `any text`
 *   value   := number | 'text' | "text" | true | false | nan
 *
 * `not` binds tighter than `and`, which binds tighter than `or`, as in
 * Python and pandas. Nothing is ever evaluated as code.
 */
import { FilterError, tokenize, type IToken } from './tokens';

export type Value = number | string;

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type TestOp =
  CompareOp | 'in' | 'contains' | 'startswith' | 'endswith' | 'under';

export interface ITestNode {
  readonly kind: 'test';
  readonly column: string;
  /** Where the column is named (0-based), for "unknown column" errors. */
  readonly pos: number;
  readonly op: TestOp;
  /** One value, or the list of `in`. */
  readonly values: readonly Value[];
}

export type FilterNode =
  | {
      readonly kind: 'and';
      readonly left: FilterNode;
      readonly right: FilterNode;
    }
  | {
      readonly kind: 'or';
      readonly left: FilterNode;
      readonly right: FilterNode;
    }
  | { readonly kind: 'not'; readonly operand: FilterNode }
  | ITestNode;

const TESTS = new Set(['in', 'contains', 'startswith', 'endswith', 'under']);

export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let at = 0;
  const peek = (): IToken => tokens[at];
  const next = (): IToken => tokens[at++];
  const isWord = (word: string) =>
    peek().kind === 'keyword' && peek().text === word;
  const expect = (kind: IToken['kind'], what: string): IToken => {
    const token = next();
    if (token.kind !== kind) {
      throw new FilterError(
        `expected ${what}, found ${describe(token)}`,
        token.pos
      );
    }
    return token;
  };

  const value = (): Value => {
    const token = next();
    if (token.kind === 'number') {
      return Number(token.text);
    }
    if (token.kind === 'string') {
      return token.text;
    }
    if (token.kind === 'keyword' && token.text === 'true') {
      return 1;
    }
    if (token.kind === 'keyword' && token.text === 'false') {
      return 0;
    }
    if (token.kind === 'keyword' && token.text === 'nan') {
      return NaN;
    }
    throw new FilterError(
      `expected a number or a quoted string, found ${describe(token)}`,
      token.pos
    );
  };

  const test = (): FilterNode => {
    const column = next();
    if (column.kind !== 'name') {
      throw new FilterError(
        `expected a column name, found ${describe(column)}`,
        column.pos
      );
    }
    const negated = isWord('not');
    if (negated) {
      next();
    }
    const op = next();
    let node: FilterNode;
    if (!negated && op.kind === 'op') {
      node = {
        kind: 'test',
        column: column.text,
        pos: column.pos,
        op: op.text as CompareOp,
        values: [value()]
      };
    } else if (op.kind === 'keyword' && op.text === 'in') {
      expect('[', '"[" to start the list of `in`');
      const values = [value()];
      while (peek().kind === ',') {
        next();
        values.push(value());
      }
      expect(']', '"]" or "," in the list');
      node = {
        kind: 'test',
        column: column.text,
        pos: column.pos,
        op: 'in',
        values
      };
    } else if (op.kind === 'keyword' && TESTS.has(op.text)) {
      const operand = value();
      node = {
        kind: 'test',
        column: column.text,
        pos: column.pos,
        op: op.text as TestOp,
        values: [operand]
      };
    } else {
      throw new FilterError(
        `expected ${negated ? 'in, contains, startswith, endswith or under' : 'a comparison (==, !=, <, <=, >, >=, in, contains, startswith, endswith, under)'} after ${column.text}, found ${describe(op)}`,
        op.pos
      );
    }
    return negated ? { kind: 'not', operand: node } : node;
  };

  const unary = (): FilterNode => {
    if (isWord('not')) {
      next();
      return { kind: 'not', operand: unary() };
    }
    if (peek().kind === '(') {
      next();
      const inner = or();
      expect(')', '")"');
      return inner;
    }
    return test();
  };
  const and = (): FilterNode => {
    let left = unary();
    while (isWord('and')) {
      next();
      left = { kind: 'and', left, right: unary() };
    }
    return left;
  };
  const or = (): FilterNode => {
    let left = and();
    while (isWord('or')) {
      next();
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };

  if (peek().kind === 'end') {
    throw new FilterError('the filter is empty', 0);
  }
  const tree = or();
  if (peek().kind !== 'end') {
    throw new FilterError(
      `expected and, or or the end, found ${describe(peek())}`,
      peek().pos
    );
  }
  return tree;
}

/** The columns an expression names, each with where it is first named. */
export function columnsOf(node: FilterNode, into = new Map<string, number>()) {
  if (node.kind === 'test') {
    if (!into.has(node.column)) {
      into.set(node.column, node.pos);
    }
  } else if (node.kind === 'not') {
    columnsOf(node.operand, into);
  } else {
    columnsOf(node.left, into);
    columnsOf(node.right, into);
  }
  return into;
}

function describe(token: IToken): string {
  switch (token.kind) {
    case 'end':
      return 'the end';
    case 'string':
      return `"${token.text}"`;
    default:
      return `"${token.text}"`;
  }
}
