/**
 * The words of a filter expression. Hand-written on purpose: a filter is
 * text the user types (or a restored tab replays), so it is read as data,
 * never handed to `eval` or `Function`.
 */

export type TokenKind =
  | 'name'
  | 'number'
  | 'string'
  | 'op'
  | 'keyword'
  | '('
  | ')'
  | '['
  | ']'
  | ','
  | 'end';

export interface IToken {
  readonly kind: TokenKind;
  /** The name, operator or keyword (lower-cased); the string's or number's value as text. */
  readonly text: string;
  /** 0-based offset in the expression (error messages say position + 1). */
  readonly pos: number;
}

/** Words with a meaning of their own (a column so named goes in backticks). */
export const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'contains',
  'startswith',
  'endswith',
  'under',
  'true',
  'false',
  'nan'
]);

/** A mistake in the expression at `pos` (0-based). */
export class FilterError extends Error {
  constructor(
    readonly detail: string,
    readonly pos: number
  ) {
    super(`${detail} at position ${pos + 1}`);
    this.name = 'FilterError';
  }
}

const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '='];
const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_.]/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/;

export function tokenize(text: string): IToken[] {
  const tokens: IToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if ('()[],'.includes(c)) {
      tokens.push({ kind: c as TokenKind, text: c, pos: i });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const [value, end] = quoted(text, i, c);
      tokens.push({ kind: 'string', text: value, pos: i });
      i = end;
      continue;
    }
    if (c === '`') {
      // A column whose name is not a plain word (spaces, dashes).
      const close = text.indexOf('`', i + 1);
      if (close < 0) {
        throw new FilterError('unclosed ` (backtick)', i);
      }
      tokens.push({ kind: 'name', text: text.slice(i + 1, close), pos: i });
      i = close + 1;
      continue;
    }
    const number = NUMBER.exec(text.slice(i));
    // A sign starts a number only where a value is expected (after an operator, "[" or ",").
    const signOk =
      !'+-'.includes(c) ||
      ['op', '[', ','].includes(tokens[tokens.length - 1]?.kind ?? '');
    if (number && signOk) {
      tokens.push({ kind: 'number', text: number[0], pos: i });
      i += number[0].length;
      continue;
    }
    const op = OPERATORS.find(o => text.startsWith(o, i));
    if (op) {
      // `=` alone is read as `==` (what people type in a search box).
      tokens.push({ kind: 'op', text: op === '=' ? '==' : op, pos: i });
      i += op.length;
      continue;
    }
    if (NAME_START.test(c)) {
      let end = i + 1;
      while (end < text.length && NAME_PART.test(text[end])) {
        end++;
      }
      const word = text.slice(i, end);
      const lower = word.toLowerCase();
      tokens.push(
        KEYWORDS.has(lower)
          ? { kind: 'keyword', text: lower, pos: i }
          : { kind: 'name', text: word, pos: i }
      );
      i = end;
      continue;
    }
    throw new FilterError(`unexpected character "${c}"`, i);
  }
  tokens.push({ kind: 'end', text: '', pos: text.length });
  return tokens;
}

/** A quoted string from `start` (the quote) with \\ escapes; returns [value, index after]. */
function quoted(text: string, start: number, quote: string): [string, number] {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      value += text[i + 1];
      i += 2;
    } else if (c === quote) {
      return [value, i + 1];
    } else {
      value += c;
      i++;
    }
  }
  throw new FilterError(`unclosed ${quote} (string)`, start);
}
