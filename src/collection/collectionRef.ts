/**
 * What the palette command takes: `dandiset[/version[/path-prefix]]`
 * (`000409`, `000409/draft`, `000409/0.240528.1000/sub-X`), also with a
 * `DANDI:` prefix. Without a version: the newest published, else the draft
 * (as dandi-cli does), resolved by the caller.
 */

export interface IParsedCollectionRef {
  readonly dandiset: string;
  readonly version: string | null;
  readonly prefix: string;
}

const DANDISET = /^\d{6}$/;
/** `draft` or a published version (`0.230629.1955`). */
const VERSION = /^(draft|\d+\.\d{6}\.\d{4})$/;

export function parseCollectionRef(input: string): IParsedCollectionRef {
  const parts = input
    .trim()
    .replace(/^dandi:/i, '')
    .split('/')
    .filter(Boolean);
  const [dandiset, second, ...rest] = parts;
  if (!dandiset || !DANDISET.test(dandiset)) {
    throw new Error(
      `"${input}" does not start with a dandiset number: type dandiset[/version[/path-prefix]], e.g. 000409/draft/sub-CSHL045`
    );
  }
  if (second === undefined) {
    return { dandiset, version: null, prefix: '' };
  }
  if (VERSION.test(second)) {
    return { dandiset, version: second, prefix: rest.join('/') };
  }
  return { dandiset, version: null, prefix: [second, ...rest].join('/') };
}
