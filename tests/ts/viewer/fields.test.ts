import { describe, expect, it } from 'vitest';

import { containerFields } from '../../../src/viewer/model/fields';
import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import { formatValue } from '../../../src/viewer/model/text';
import { findNode } from '../../../src/viewer/model/tree';
import { openSample } from './openSample';
import { pythonJson } from './pyFixture';
import { sample } from './samples';

const STIM = sample(
  'nwb-explorer/test/nwb_files/pynwb_test_files/test_OptogeneticStimulusSite.nwb'
);

describe('container fields', () => {
  it("list a stimulus site's small datasets with the values h5py reads, and its links", async () => {
    const site = '/general/optogenetics/stim_site';
    const expected = pythonJson<Record<string, string | number>>(`
import h5py, json
g = h5py.File(${JSON.stringify(STIM)}, "r")["${site}"]
out = {}
for name, item in g.items():
    if isinstance(item, h5py.Dataset) and item.size <= 64:
        v = item[()]
        out[name] = v.decode() if isinstance(v, bytes) else (v.item() if hasattr(v, "item") else v)
print(json.dumps(out))`);
    expect(Object.keys(expected)).toEqual(
      expect.arrayContaining(['excitation_lambda', 'location'])
    );
    const { source, close } = await openSample(STIM);
    try {
      const model = await loadNwbFile(source);
      const fields = containerFields(findNode(model.tree, site)!);
      expect(fields.values.map(v => v.name).sort()).toEqual(
        Object.keys(expected).sort()
      );
      for (const node of fields.values) {
        expect(formatValue(await source.read(node.path))).toBe(
          formatValue(expected[node.name])
        );
      }
      // The device is a link to open, not a value.
      expect(fields.members.map(m => m.name)).toContain('device');
      expect(fields.attributes.map(([name]) => name)).not.toContain(
        'neurodata_type'
      );
    } finally {
      close();
    }
  });
});
