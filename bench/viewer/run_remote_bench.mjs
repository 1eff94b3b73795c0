// Run remote_bench.ts as an ES module (bundled with esbuild, h5wasm left
// external, as run_bench.mjs does). See remote_bench.ts for what it measures.
//   node bench/viewer/run_remote_bench.mjs [--format hdf5|lindi|zarr] [--latency-ms 20] FILE...
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = fileURLToPath(
  new URL('../../node_modules/.cache/viewer-bench/remote.mjs', import.meta.url)
);
await build({
  entryPoints: [fileURLToPath(new URL('./remote_bench.ts', import.meta.url))],
  bundle: true,
  platform: 'node',
  format: 'esm',
  external: ['h5wasm', 'zarrita'],
  outfile: out,
  logLevel: 'warning'
});
process.env.BENCH_DIR = here;
await import(pathToFileURL(out).href);
