/**
 * `.lindi.tar` (lindi/tar/lindi_tar.py): a tar whose first member,
 * `.tar_entry.json` (1024 bytes of JSON at byte 512), points at
 * `.tar_index.json`, which lists every member as `{n: name, o: header
 * offset, d: data offset, s: size}`; `lindi.json` is the index, and refs
 * to `./blobs/…` are byte ranges of members of the same tar.
 */

export interface ITarMember {
  readonly n: string;
  readonly d: number;
  readonly s: number;
}

/** Read `[start, end)` of the tar. */
export type TarRead = (start: number, end: number) => Uint8Array;

const ENTRY_START = 512;
const ENTRY_SIZE = 1024;

export class LindiTar {
  private constructor(
    private readonly members: ReadonlyMap<string, ITarMember>,
    readonly where: string
  ) {}

  static open(read: TarRead, where: string): LindiTar {
    const entry = parseJson(
      read(ENTRY_START, ENTRY_START + ENTRY_SIZE),
      where,
      '.tar_entry.json'
    ) as {
      index?: ITarMember;
    };
    const at = entry?.index;
    if (!at || !Number.isInteger(at.d) || !Number.isInteger(at.s)) {
      throw new Error(
        `${where} has no LINDI tar entry (.tar_entry.json at byte 512): it is not a .lindi.tar file.`
      );
    }
    const index = parseJson(
      read(at.d, at.d + at.s),
      where,
      '.tar_index.json'
    ) as {
      files?: ITarMember[];
    };
    if (!Array.isArray(index?.files)) {
      throw new Error(`${where}: .tar_index.json lists no files.`);
    }
    return new LindiTar(new Map(index.files.map(f => [f.n, f])), where);
  }

  member(name: string): ITarMember {
    const found = this.members.get(name);
    if (!found) {
      throw new Error(`${this.where} has no member ${name}.`);
    }
    return found;
  }

  /** Absolute tar bytes of `[offset, offset+size)` inside a member. */
  range(name: string, offset: number, size: number): [number, number] {
    const member = this.member(name);
    if (offset < 0 || offset + size > member.s) {
      throw new Error(
        `${this.where}: bytes ${offset}+${size} lie outside member ${name}.`
      );
    }
    return [member.d + offset, member.d + offset + size];
  }
}

function parseJson(bytes: Uint8Array, where: string, name: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes).replace(/\0+$/, ''));
  } catch {
    throw new Error(
      `${where}: ${name} is not JSON; the file is not a .lindi.tar or is damaged.`
    );
  }
}
