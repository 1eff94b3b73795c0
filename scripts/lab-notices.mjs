// Complete the lab extension's third-party-licenses.json, written by @jupyter/builder's
// license plugin, which leaves `extractedText` empty for a package whose licence file it does
// not recognise (h5wasm's LICENSE.txt, which carries HDF5's notice) or that ships none
// (json-schema-merge-allof: MIT in package.json and README only). Every bundled package must
// ship with its licence text: an empty one that cannot be completed fails the build.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REPORT =
  'jupyterlab_ibl_nwb/labextension/static/third-party-licenses.json';
const NOTICE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i;
const MIT = `Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.`;

function licenceText(name) {
  const root = join('node_modules', name);
  const files = readdirSync(root)
    .filter(f => NOTICE_FILE.test(f))
    .sort();
  if (files.length > 0) {
    return files
      .map(f => readFileSync(join(root, f), 'utf8').trimEnd())
      .join('\n\n');
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const author = manifest.author?.name ?? manifest.author;
  if (manifest.license === 'MIT' && typeof author === 'string' && author) {
    // The package declares MIT with its author but ships no licence file: the MIT text with
    // that copyright holder is what its licence grants.
    return `MIT License\n\nCopyright (c) ${author}\n\n${MIT}`;
  }
  throw new Error(
    `${name} is bundled into the lab extension with no licence text (${root} has no LICENSE file ` +
      'and no MIT licence with an author in package.json): add its text before shipping it.'
  );
}

if (!existsSync(REPORT)) {
  throw new Error(
    `${REPORT} is missing: run build:labextension (production) first`
  );
}
const report = JSON.parse(readFileSync(REPORT, 'utf8'));
const completed = [];
for (const entry of report.packages) {
  if (!entry.extractedText?.trim()) {
    entry.extractedText = licenceText(entry.name);
    completed.push(entry.name);
  }
}
writeFileSync(REPORT, JSON.stringify(report, null, 2) + '\n');
console.log(
  `${REPORT}: ${report.packages.length} packages, licence text added for ${completed.join(', ') || 'none'}`
);
