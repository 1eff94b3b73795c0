import { run } from '../../../src/cli/main';

/** Run the CLI in-process and collect its output and exit code. */
export async function capture(
  argv: string[],
  signal = new AbortController().signal
) {
  let out = '';
  let err = '';
  const code = await run(argv, {
    out: t => (out += t),
    err: t => (err += t),
    signal
  });
  return { code, out, err };
}
