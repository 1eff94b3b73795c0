/**
 * The one plotly.js the viewer ships, built by JupyterLab's webpack from
 * plotly.js's sources: the core (which brings the SVG `scatter` trace and
 * the layout components: axes, shapes, legend, hover, modebar) and the
 * WebGL `scattergl` trace for rasters too large for SVG. Nothing else: the
 * viewer draws no other trace type. Imported only by plotly.ts, lazily.
 */
import Plotly from 'plotly.js/lib/core';
import scattergl from 'plotly.js/lib/scattergl';

Plotly.register([scattergl]);

export default Plotly;
