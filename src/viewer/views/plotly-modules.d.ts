// plotly.js-cartesian-dist-min ships no types; the subset used is typed in plotly.ts.
declare module 'plotly.js-cartesian-dist-min';
