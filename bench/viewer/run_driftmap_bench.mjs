// Run driftmap_bench.ts as an ES module: the worker code imports h5wasm, which
// is ESM-only, so the bench is bundled with esbuild (h5wasm left external).
//   node bench/viewer/run_driftmap_bench.mjs FILE.nwb [--cols N] [--rows N]
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Inside node_modules so the bundle resolves h5wasm from the project.
const out = fileURLToPath(
  new URL('../../node_modules/.cache/driftmap-bench/bench.mjs', import.meta.url)
);
await build({
  entryPoints: [fileURLToPath(new URL('./driftmap_bench.ts', import.meta.url))],
  bundle: true,
  platform: 'node',
  format: 'esm',
  external: ['h5wasm'],
  outfile: out,
  logLevel: 'warning'
});
await import(pathToFileURL(out).href);
