import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

import { capture } from '../cli/capture';
import { CATALOGUE } from '../../../src/convert/catalogue';
import type { IModalityAvailability } from '../../../src/convert/modalityInfo';
import {
  baseName,
  convertibleModalities,
  dandiOutputName,
  joinPath,
  metadataFileName,
  parentFolder
} from '../../../src/sidebar/convert/convertOptions';

const REPO = path.resolve(__dirname, '../../..');
const SAMPLE = path.join(REPO, 'demo', 'one-cache');
const ATLAS = path.join(REPO, 'jupyterlab_ibl_nwb', 'atlas');

/** Run ibl2nwb in-process with --json and parse its lines. */
async function cli(args: string[]): Promise<any[]> {
  const { code, out, err } = await capture([...args, '--json']);
  expect(code, err).toBe(0);
  return out
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line));
}

describe('convertibleModalities', () => {
  it.each([
    '949e5d42-ac82-42e6-a5d7-0de34bbc7bc1',
    '2b7095e9-77a5-4f93-95f7-e22949bffc4e'
  ])(
    "offers the catalogue's processed modalities, in run order, available as the converter writes them, for sample session %s",
    async eid => {
      const [info] = await cli(['info', eid, '--cache', SAMPLE]);
      const offered = convertibleModalities(info.interfaces);
      expect(offered.map(m => m.name)).toEqual(
        CATALOGUE.filter(e => e.askedBy === 'modalities').map(
          e => e.modality.name
        )
      );
      const out = path.join(
        fs.mkdtempSync(path.join(os.tmpdir(), 'sidebar-')),
        'x.nwb'
      );
      const done =
        // The atlas tables the bundled CLI ships (in-process, the CLI runs from source).
        (
          await cli([
            'convert',
            eid,
            '--cache',
            SAMPLE,
            '-o',
            out,
            '--atlas',
            ATLAS
          ])
        ).find(e => e.type === 'done');
      const written = done.report.interfaces
        .filter((i: any) => i.status === 'written')
        .map((i: any) => i.name);
      expect(offered.filter(m => m.available).map(m => m.name)).toEqual(
        written
      );
      fs.rmSync(path.dirname(out), { recursive: true, force: true });
    }
  );
});

/** The catalogue's modalities, each with its DANDI word (availability does not matter here). */
const INTERFACES: IModalityAvailability[] = CATALOGUE.map(e => ({
  name: e.modality.name,
  title: e.modality.title,
  kind: e.modality.kind,
  available: true,
  reason: '',
  askedBy: e.askedBy,
  dandi: e.dandi
}));

describe('file names', () => {
  it('names the output like the DANDI 000409 release', () => {
    const all = convertibleModalities(INTERFACES).map(m => m.name);
    expect(dandiOutputName('KS074', 'abc', all, INTERFACES)).toBe(
      'sub-KS074/sub-KS074_ses-abc_desc-processed_behavior+ecephys.nwb'
    );
    expect(dandiOutputName('KS074', 'abc', ['trials'], INTERFACES)).toBe(
      'sub-KS074/sub-KS074_ses-abc_desc-processed_behavior.nwb'
    );
    expect(dandiOutputName('KS074', 'abc', ['spike_sorting'], INTERFACES)).toBe(
      'sub-KS074/sub-KS074_ses-abc_desc-processed_ecephys.nwb'
    );
  });

  it('keeps underscores out of DANDI entities', () => {
    expect(dandiOutputName('ibl_witten_13', 'e', ['trials'], INTERFACES)).toBe(
      'sub-ibl-witten-13/sub-ibl-witten-13_ses-e_desc-processed_behavior.nwb'
    );
  });

  it('names metadata files <subject>_<date>_<number>', () => {
    expect(
      metadataFileName({ subject: 'KS074', date: '2021-11-17', number: 1 })
    ).toBe('KS074_2021-11-17_001.metadata.json');
  });

  it('joins and splits root-relative paths', () => {
    expect(joinPath('nwb/', 'a.nwb')).toBe('nwb/a.nwb');
    expect(joinPath('', 'a.nwb')).toBe('a.nwb');
    expect(joinPath('/x/y/', 'a.nwb')).toBe('x/y/a.nwb');
    expect(parentFolder('x/y/a.nwb')).toBe('x/y');
    expect(parentFolder('a.nwb')).toBe('');
    expect(baseName('x/y/a.nwb')).toBe('a.nwb');
  });
});
