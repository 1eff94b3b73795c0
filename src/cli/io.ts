import type { Catalogue } from '../convert/catalogue';

/** Where a CLI command writes, and how it is told to stop (Ctrl-C / SIGTERM). */
export interface ICliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  signal: AbortSignal;
  /**
   * The modalities commands choose from (default: the converter's catalogue). Only tests set
   * it, to run the real commands with a toy modality added.
   */
  catalogue?: Catalogue;
}

/** A command-line mistake: printed with a pointer to the command's help, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command: string
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Print one JSON line (the `--json` protocol the server extension reads). */
export function jsonLine(io: ICliIO, value: unknown): void {
  io.out(JSON.stringify(value) + '\n');
}

/** Left-aligned text columns for human output. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) =>
    Math.max(h.length, ...rows.map(r => (r[i] ?? '').length))
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}
