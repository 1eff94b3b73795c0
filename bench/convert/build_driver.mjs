// Bundle bench/convert/convert_session.ts like the CLI (scripts/build-cli.mjs: ESM, node20, the read-back and
// parquet workers beside it), so hash_cost.py times what `ibl2nwb convert` runs, not tsx's on-the-fly loader.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
);
const outdir = process.argv[2] ?? 'bench/out/hash-cost';

await build({
  entryPoints: {
    convert_session: 'bench/convert/convert_session.ts',
    'verify-worker': 'src/convert/fidelity/verifyWorker.ts',
    'parquet-worker': 'src/one/node/parquetWorker.ts',
    'mtscomp-worker': 'src/one/node/mtscompWorker.ts'
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  define: { __IBL2NWB_VERSION__: JSON.stringify(pkg.version) },
  banner: {
    js: "import { createRequire as __ibl2nwbCreateRequire } from 'node:module'; const require = __ibl2nwbCreateRequire(import.meta.url);"
  },
  logLevel: 'warning'
});
