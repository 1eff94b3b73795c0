/**
 * CLI: build the quirks corpus, one folder per case, and a manifest the tests read.
 *
 *   tsx src/one/generate/quirks/main.ts --out DIR --seed S [--case NAME ...]
 *   tsx src/one/generate/quirks/main.ts --list        (the case names, one a line)
 *
 * DIR/manifest.json: [{ name, issue, describe, expect, build }] with absolute paths.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { QUIRK_CASES } from './index';

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      seed: { type: 'string', default: '19' },
      case: { type: 'string', multiple: true },
      list: { type: 'boolean' }
    }
  });
  if (values.list) {
    process.stdout.write(QUIRK_CASES.map(c => `${c.name}\n`).join(''));
    return 0;
  }
  const seed = Number(values.seed);
  if (!values.out || !Number.isInteger(seed)) {
    process.stderr.write(
      'usage: main.ts --out DIR --seed S [--case NAME ...]\n'
    );
    return 2;
  }
  const names = new Set(QUIRK_CASES.map(c => c.name));
  if (names.size !== QUIRK_CASES.length) {
    process.stderr.write('two quirk cases share a name\n');
    return 1;
  }
  const unknown = (values.case ?? []).filter(n => !names.has(n));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown case(s): ${unknown.join(', ')}; known: ${[...names].join(', ')}\n`
    );
    return 2;
  }
  const root = path.resolve(values.out);
  const manifest = [];
  for (const quirk of QUIRK_CASES) {
    if (values.case && !values.case.includes(quirk.name)) {
      continue;
    }
    const dir = path.join(root, quirk.name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const build = await quirk.build(dir, seed);
    manifest.push({
      name: quirk.name,
      issue: quirk.issue,
      describe: quirk.describe,
      expect: quirk.expect,
      build
    });
    process.stdout.write(`${quirk.name}\n`);
  }
  fs.writeFileSync(
    path.join(root, 'manifest.json'),
    JSON.stringify(manifest, null, 2) + '\n'
  );
  return 0;
}

if (
  process.argv[1] &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  main(process.argv.slice(2)).then(
    code => (process.exitCode = code),
    (err: unknown) => {
      process.stderr.write(
        `${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`
      );
      process.exitCode = 1;
    }
  );
}
