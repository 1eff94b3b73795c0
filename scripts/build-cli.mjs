// Bundle the `ibl2nwb` CLI into self-contained ESM files shipped in the Python package,
// so `pip install` needs no node_modules (h5wasm embeds its wasm): the CLI itself and the
// worker threads it starts next to it (read-back: src/convert/fidelity/verifyHelper.ts;
// parallel .pqt reads: src/one/node/parquetPool.ts; mtscomp decode: src/one/node/mtscompPool.ts;
// the writer's deflate and chunk copy:
// src/nwb/fast/deflate-pool.ts, src/nwb/fast/copy-thread.ts).
//
// `--entry FILE --outdir DIR` builds another CLI entry the same way (the UI tests' CLI with a
// toy modality: tests/ts/toy/toyCli.ts, `npm run build:cli:toy`); never shipped.
import { build } from 'esbuild';
import { readFileSync, chmodSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { writeNotices } from './third-party-notices.mjs';

const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8')
);
const { values: options } = parseArgs({
  options: {
    entry: { type: 'string', default: 'src/cli/bin.ts' },
    outdir: { type: 'string', default: 'jupyterlab_ibl_nwb/cli' }
  }
});
const outdir = options.outdir;
// No stale chunk of an earlier build may be packed beside the new ones.
rmSync(outdir, { recursive: true, force: true });

const { metafile } = await build({
  entryPoints: {
    ibl2nwb: options.entry,
    'verify-worker': 'src/convert/fidelity/verifyWorker.ts',
    'parquet-worker': 'src/one/node/parquetWorker.ts',
    'deflate-worker': 'src/nwb/fast/deflateWorker.ts',
    'copy-worker': 'src/nwb/fast/copyWorker.ts',
    'mtscomp-worker': 'src/one/node/mtscompWorker.ts'
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  // Code the entry points share (h5wasm with its ~4 MB embedded wasm above all) goes into
  // chunk-*.mjs files imported by each, instead of a copy in every bundle.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  metafile: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  define: { __IBL2NWB_VERSION__: JSON.stringify(pkg.version) },
  // ESM bundles of CommonJS dependencies need a `require` in scope.
  banner: {
    js: "import { createRequire as __ibl2nwbCreateRequire } from 'node:module'; const require = __ibl2nwbCreateRequire(import.meta.url);"
  },
  logLevel: 'warning'
});
chmodSync(`${outdir}/ibl2nwb.mjs`, 0o755);
const notices = writeNotices(metafile, outdir, `ibl2nwb ${pkg.version}`);
console.log(
  `built ${outdir}/ibl2nwb.mjs and its workers (v${pkg.version}); ` +
    `THIRD-PARTY-NOTICES.txt lists ${notices.length} packages`
);
