// plotly.js's source modules ship no types; the subset used is typed in plotly.ts.
declare module 'plotly.js/lib/core';
declare module 'plotly.js/lib/scattergl';
