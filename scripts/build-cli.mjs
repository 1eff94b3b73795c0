// Bundle the `ibl2nwb` CLI into one self-contained ESM file shipped in the Python
// package, so `pip install` needs no node_modules (h5wasm embeds its wasm).
import { build } from 'esbuild';
import { readFileSync, chmodSync } from 'node:fs';

const pkg = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8')
);
const outfile = 'jupyterlab_ibl_nwb/cli/ibl2nwb.mjs';

await build({
  entryPoints: ['src/cli/bin.ts'],
  outfile,
  bundle: true,
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
chmodSync(outfile, 0o755);
console.log(`built ${outfile} (v${pkg.version})`);
