/**
 * A minimal Python unpickler for the object arrays hdmf-zarr writes with
 * numcodecs' Pickle codec (its default object codec): a pickled numpy
 * object array of strings, numbers and `hdmf_zarr.utils.ZarrReference`
 * dicts. It never executes anything: a global becomes a named stub, a call
 * a record of its arguments, and `reviveNumpy` turns the few shapes numpy
 * and hdmf-zarr produce back into plain values.
 */

/** A Python object the unpickler could not turn into a JS value itself. */
export class PyObject {
  /** Items set by SETITEM(S) (dict subclasses such as ZarrReference). */
  readonly items = new Map<unknown, unknown>();
  state: unknown = undefined;
  constructor(
    /** `module.name` of the class or function. */
    readonly cls: string,
    readonly args: unknown[]
  ) {}
}

/** A global named by the pickle (a class or a function), never imported. */
export class PyGlobal {
  constructor(readonly name: string) {}
}

const MARK = Symbol('mark');

export class UnpickleError extends Error {}

/** Decode pickle bytes (protocols 2 to 5) into JS values and `PyObject`s. */
export function unpickle(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = new TextDecoder();
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let pos = 0;
  const need = (n: number) => {
    if (pos + n > bytes.length) {
      throw new UnpickleError('pickle data ends early');
    }
  };
  const u8 = () => (need(1), bytes[pos++]);
  const u16 = () => (need(2), (pos += 2), view.getUint16(pos - 2, true));
  const i32 = () => (need(4), (pos += 4), view.getInt32(pos - 4, true));
  const u32 = () => (need(4), (pos += 4), view.getUint32(pos - 4, true));
  const u64 = () => (
    need(8),
    (pos += 8),
    Number(view.getBigUint64(pos - 8, true))
  );
  const take = (n: number) => (
    need(n),
    (pos += n),
    bytes.subarray(pos - n, pos)
  );
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) {
      throw new UnpickleError('pickle text line has no end');
    }
    const out = text.decode(bytes.subarray(pos, end));
    pos = end + 1;
    return out;
  };
  const popMark = (): unknown[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) {
      throw new UnpickleError('pickle MARK missing');
    }
    const items = stack.splice(at);
    items.shift();
    return items;
  };
  const top = () => stack[stack.length - 1];
  const setItems = (target: unknown, pairs: unknown[]) => {
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      if (target instanceof Map) {
        target.set(pairs[i], pairs[i + 1]);
      } else if (target instanceof PyObject) {
        target.items.set(pairs[i], pairs[i + 1]);
      } else {
        throw new UnpickleError('SETITEM on a value that is not a dict');
      }
    }
  };
  const call = (fn: unknown, args: unknown): PyObject => {
    const name = fn instanceof PyGlobal ? fn.name : String(fn);
    return new PyObject(name, Array.isArray(args) ? args : [args]);
  };
  const long = (raw: Uint8Array): number | bigint => {
    let value = 0n;
    for (let i = raw.length - 1; i >= 0; i--) {
      value = (value << 8n) | BigInt(raw[i]);
    }
    if (raw.length && raw[raw.length - 1] & 0x80) {
      value -= 1n << BigInt(8 * raw.length);
    }
    return Number.isSafeInteger(Number(value)) ? Number(value) : value;
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        u8();
        break;
      case 0x95: // FRAME
        u64();
        break;
      case 0x2e: // STOP
        return stack.pop();
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x30: // POP
        stack.pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x8a: // LONG1
        stack.push(long(take(u8())));
        break;
      case 0x8b: // LONG4
        stack.push(long(take(u32())));
        break;
      case 0x49: {
        // INT (text): I01/I00 are booleans in protocol 0
        const value = line();
        stack.push(
          value === '01' ? true : value === '00' ? false : Number(value)
        );
        break;
      }
      case 0x4c: // LONG (text)
        stack.push(Number(line().replace(/L$/, '')));
        break;
      case 0x47: // BINFLOAT (big-endian)
        need(8);
        pos += 8;
        stack.push(view.getFloat64(pos - 8, false));
        break;
      case 0x46: // FLOAT (text)
        stack.push(Number(line()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text.decode(take(u8())));
        break;
      case 0x58: // BINUNICODE
        stack.push(text.decode(take(u32())));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(text.decode(take(u64())));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()).slice());
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()).slice());
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        stack.push(take(u64()).slice());
        break;
      case 0x55: // SHORT_BINSTRING (Python 2 str)
        stack.push(new TextDecoder('latin1').decode(take(u8())));
        break;
      case 0x54: // BINSTRING
        stack.push(new TextDecoder('latin1').decode(take(i32())));
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x61: {
        // APPEND
        const value = stack.pop();
        (top() as unknown[]).push(value);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        (top() as unknown[]).push(...items);
        break;
      }
      case 0x6c: // LIST
        stack.push(popMark());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x74: // TUPLE
        stack.push(popMark());
        break;
      case 0x85: // TUPLE1
        stack.push([stack.pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = stack.pop();
        const a = stack.pop();
        stack.push([a, b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = stack.pop();
        const b = stack.pop();
        const a = stack.pop();
        stack.push([a, b, c]);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x64: {
        // DICT
        const dict = new Map();
        setItems(dict, popMark());
        stack.push(dict);
        break;
      }
      case 0x73: {
        // SETITEM
        const value = stack.pop();
        const key = stack.pop();
        setItems(top(), [key, value]);
        break;
      }
      case 0x75: {
        // SETITEMS
        const pairs = popMark();
        setItems(top(), pairs);
        break;
      }
      case 0x8f: // EMPTY_SET
        stack.push([]);
        break;
      case 0x90: {
        // ADDITEMS
        const items = popMark();
        (top() as unknown[]).push(...items);
        break;
      }
      case 0x91: // FROZENSET
        stack.push(popMark());
        break;
      case 0x63: {
        // GLOBAL
        const module = line();
        stack.push(new PyGlobal(`${module}.${line()}`));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = stack.pop();
        const module = stack.pop();
        stack.push(new PyGlobal(`${String(module)}.${String(name)}`));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = stack.pop();
        stack.push(call(stack.pop(), args));
        break;
      }
      case 0x81: {
        // NEWOBJ
        const args = stack.pop();
        stack.push(call(stack.pop(), args));
        break;
      }
      case 0x92: {
        // NEWOBJ_EX
        stack.pop();
        const args = stack.pop();
        stack.push(call(stack.pop(), args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = stack.pop();
        const target = top();
        if (target instanceof PyObject) {
          target.state = state;
        }
        break;
      }
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x70: // PUT
        memo.set(Number(line()), top());
        break;
      case 0x68: // BINGET
        stack.push(memo.get(u8()));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(memo.get(u32()));
        break;
      case 0x67: // GET
        stack.push(memo.get(Number(line())));
        break;
      default:
        throw new UnpickleError(
          `unsupported pickle opcode 0x${op.toString(16)} at byte ${pos - 1}`
        );
    }
  }
}

/** A numpy object array out of a pickle: its shape and flat values. */
export interface IRevivedArray {
  readonly shape: number[];
  readonly values: unknown[];
}

const RECONSTRUCT = /^numpy\.(_?core\.)?multiarray\._reconstruct$/;

/**
 * The shape and values of a pickled numpy array whose elements are Python
 * objects (numpy pickles those as a list in the BUILD state), with dict
 * subclasses (ZarrReference) as plain objects and tuples (rows of a
 * structured array) as arrays.
 */
export function reviveNumpy(value: unknown): IRevivedArray {
  if (!(value instanceof PyObject) || !RECONSTRUCT.test(value.cls)) {
    throw new UnpickleError('the pickle does not hold a numpy array');
  }
  const state = value.state as unknown[] | undefined;
  const shape = state?.[1];
  const data = state?.[4];
  if (!Array.isArray(shape) || !Array.isArray(data)) {
    throw new UnpickleError(
      'the pickled numpy array holds raw bytes, not Python objects'
    );
  }
  return { shape: shape.map(Number), values: data.map(plain) };
}

/** Maps and dict-like objects as plain objects, recursively. */
export function plain(value: unknown): unknown {
  if (value instanceof Map) {
    return Object.fromEntries(
      [...value].map(([k, v]) => [String(k), plain(v)])
    );
  }
  if (value instanceof PyObject) {
    if (value.items.size) {
      return plain(value.items);
    }
    return { __class__: value.cls, args: value.args.map(plain) };
  }
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  return value;
}
