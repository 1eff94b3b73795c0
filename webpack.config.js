// Merged by @jupyter/builder into its rspack config.
// rspack's minifier re-escapes h5wasm's embedded wasm and doubles its size (4 MB -> 8 MB), and h5wasm
// ships minified already: it gets a chunk of its own, named so the minifier can leave it out. The rest
// is minified, plotly above all (src/viewer/views/plotlyBundle.ts, built from plotly.js's sources:
// 3.9 MB as written, ~1.3 MB minified).
const { SwcJsMinimizerRspackPlugin } = require('@rspack/core');

module.exports = {
  resolve: {
    alias: {
      // plotly's registry requires maplibre's stylesheet (83 KB) when a map trace is registered;
      // the viewer registers none, so the file would be bundled for nothing.
      'maplibre-gl/dist/maplibre-gl.css': false
    }
  },
  optimization: {
    splitChunks: {
      cacheGroups: {
        h5wasm: {
          test: /[\\/]node_modules[\\/]h5wasm[\\/]/,
          name: 'h5wasm',
          chunks: 'all',
          enforce: true
        }
      }
    },
    minimize: true,
    minimizer: [new SwcJsMinimizerRspackPlugin({ exclude: /^h5wasm\./ })]
  }
};
