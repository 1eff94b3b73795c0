// Third-party notices for an esbuild bundle: every npm package whose code went into it
// (from the metafile's inputs), with its name, version, licence and the full text of its
// licence/notice files as the package ships them (h5wasm's includes HDF5's notice, which
// must be kept intact). A bundled package with no licence file fails the build: shipping
// its code without its notice is not an option.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const NOTICE_FILE = /^(licen[cs]e|copying|notice|authors)([.-].*)?$/i;

/** `node_modules/@scope/name` or `node_modules/name` (the innermost one) of a bundled file, or null. */
export function packageRootOf(input) {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) {
    return null;
  }
  const length = parts[at + 1]?.startsWith('@') ? 3 : 2;
  return parts.slice(0, at + length).join('/');
}

function licenceOf(manifest) {
  const { license, licenses } = manifest;
  if (typeof license === 'string') {
    return license;
  }
  if (license?.type) {
    return license.type;
  }
  if (Array.isArray(licenses)) {
    return licenses.map(l => l.type ?? l).join(' OR ');
  }
  return 'UNKNOWN';
}

/** One entry per bundled package, sorted by name. */
export function bundledPackages(metafile) {
  const roots = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const root = packageRootOf(input);
    if (root) {
      roots.add(root);
    }
  }
  return [...roots]
    .map(root => {
      const manifest = JSON.parse(
        readFileSync(join(root, 'package.json'), 'utf8')
      );
      const files = readdirSync(root)
        .filter(name => NOTICE_FILE.test(name))
        .sort();
      if (files.length === 0) {
        throw new Error(
          `${manifest.name} is bundled into the CLI but ${root} has no LICENSE/NOTICE file: ` +
            'add its licence text to the package (patches/) before shipping it.'
        );
      }
      return {
        name: manifest.name,
        version: manifest.version,
        license: licenceOf(manifest),
        repository:
          manifest.repository?.url ??
          manifest.repository ??
          manifest.homepage ??
          '',
        files: files.map(name => ({
          name,
          text: readFileSync(join(root, name), 'utf8')
        }))
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Write THIRD-PARTY-NOTICES.txt next to the bundle; returns the packages listed. */
export function writeNotices(metafile, outdir, product) {
  const packages = bundledPackages(metafile);
  const rule = '='.repeat(78);
  const sections = packages.map(p =>
    [
      rule,
      `${p.name}@${p.version} (${p.license})`,
      ...(p.repository ? [p.repository] : []),
      rule,
      ...p.files.flatMap(f => [`--- ${f.name} ---`, f.text.trimEnd(), ''])
    ].join('\n')
  );
  const header =
    `${product} bundles the following third-party packages. Their licence and notice ` +
    'texts follow, as each package ships them.\n\n' +
    packages.map(p => `  ${p.name}@${p.version} (${p.license})`).join('\n') +
    '\n\n';
  if (!existsSync(outdir)) {
    throw new Error(`${outdir} does not exist: build the bundle first`);
  }
  writeFileSync(
    join(outdir, 'THIRD-PARTY-NOTICES.txt'),
    header + sections.join('\n') + '\n'
  );
  return packages;
}
