// Merged by @jupyter/builder into its rspack config.
// rspack's minifier re-escapes h5wasm's embedded wasm and doubles its size (4 MB -> 8 MB);
// h5wasm and plotly ship minified already, so minification buys nothing.
module.exports = {
  optimization: { minimize: false }
};
