import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { NwbFormatError } from '../../../src/viewer/model/errors';
import {
  loadNwbFile,
  type INwbFileModel
} from '../../../src/viewer/model/nwbFile';
import { lazySampleSummary, summarise } from './lazySummary';
import { openSample } from './openSample';
import { sample, SAMPLE_FILES, sampleName } from './samples';

async function load(path: string): Promise<INwbFileModel> {
  const { source, close } = await openSample(path);
  try {
    return await loadNwbFile(source);
  } finally {
    close();
  }
}

// Core 2.0.x/2.1.0 specifications had NWBContainer and NWBData as roots.
const ROOT_TYPES = ['Container', 'Data', 'NWBContainer', 'NWBData'];

describe('loadNwbFile on every sample file', () => {
  it.each(SAMPLE_FILES.map(p => [sampleName(p), p]))('%s', async (_, path) => {
    const model = await load(path);
    expect(model.tree.neurodataType).toBeDefined();
    expect(model.objects.length).toBeGreaterThan(0);
    expect(
      model.overview.identifier ?? model.overview.sessionStartTime
    ).toBeTruthy();
    for (const object of model.objects) {
      const type = object.neurodataType as string;
      expect(object.ancestry[0]).toBe(type);
      if (model.types.knows(type)) {
        expect(ROOT_TYPES, `${object.path} (${type})`).toContain(
          object.ancestry.at(-1)
        );
      }
    }
    // The lazily read file (worker path) must give the same model.
    expect(await lazySampleSummary(path)).toEqual(summarise(model));
  });
});

describe('type ancestry', () => {
  it('gives extension subtypes their core parents', async () => {
    const model = await load(
      sample('pynwb/tests/back_compat/2.1.0_nwbfile_with_extension.nwb')
    );
    const series = model.objects.find(
      o => o.neurodataType === 'TimeSeriesWithID'
    );
    expect(series?.namespace).toBe('ndx-testextension');
    expect(series?.ancestry.slice(0, 2)).toEqual([
      'TimeSeriesWithID',
      'TimeSeries'
    ]);
  });

  it('resolves types of 2.0b files without a cached specification', async () => {
    const model = await load(
      sample(
        'nwb-explorer/test/nwb_files/pynwb_test_files/test_TimeIntervals.nwb'
      )
    );
    expect(model.specs.namespaces).toEqual({});
    const trials = model.objects.find(o => o.neurodataType === 'TimeIntervals');
    expect(trials?.ancestry).toContain('DynamicTable');
  });
});

describe('files that are not NWB', () => {
  it('reject with a typed error naming the file', async () => {
    const h5wasm = (await import('h5wasm/node')).default;
    await h5wasm.ready;
    const path = join(mkdtempSync(join(tmpdir(), 'nwbviewer-')), 'plain.h5');
    const file = new h5wasm.File(path, 'w');
    file.create_dataset({ name: 'x', data: new Float64Array([1, 2, 3]) });
    file.close();
    const error = await load(path).catch(e => e);
    expect(error).toBeInstanceOf(NwbFormatError);
    expect(error.message).toMatch(
      /plain\.h5 is an HDF5 file but not an NWB file/
    );
  });
});
