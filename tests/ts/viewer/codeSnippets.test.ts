import { describe, expect, it } from 'vitest';

import { pynwbAccess } from '../../../src/viewer/code/objectAccess';
import { pandasQuery } from '../../../src/viewer/code/pandasQuery';
import {
  codeFor,
  relativePath,
  type ICodeRequest
} from '../../../src/viewer/code/snippets';
import type {
  IColumnSource,
  IFilterColumn
} from '../../../src/viewer/filter/evaluate';
import { parseFilter } from '../../../src/viewer/filter/parse';
import { loadRegionTree } from '../../../src/viewer/filter/regionTree';
import type { INeurodataNode } from '../../../src/viewer/model/tree';

function node(
  path: string,
  ancestry: string[] = [],
  attrs: Record<string, unknown> = {},
  children: string[] = []
): INeurodataNode {
  return {
    name: path.split('/').pop() ?? '',
    path,
    kind: 'group',
    ancestry,
    attrs,
    children: children.map(name => node(`${path}/${name}`))
  };
}

const COLUMNS: Record<string, IFilterColumn> = {
  region: {
    numeric: false,
    regions: true,
    values: ['CA1', 'CA3', 'LP', 'DG-mo']
  },
  firing_rate: { numeric: true, values: [1, 2, 3, 4] },
  label: { numeric: false, values: ['good', 'mua', 'good', 'noise'] }
};
const source: IColumnSource = {
  rows: 4,
  names: () => Object.keys(COLUMNS),
  column: async name => COLUMNS[name]
};

describe('code for a viewer tab', () => {
  it('reaches objects the way pynwb names them, else by object_id', () => {
    expect(pynwbAccess(node('/units'))).toBe('nwbfile.units');
    expect(pynwbAccess(node('/intervals/trials'))).toBe('nwbfile.trials');
    expect(pynwbAccess(node('/acquisition/ElectricalSeriesAp'))).toBe(
      'nwbfile.acquisition["ElectricalSeriesAp"]'
    );
    expect(pynwbAccess(node('/processing/wheel/WheelPosition'))).toBe(
      'nwbfile.processing["wheel"]["WheelPosition"]'
    );
    expect(pynwbAccess(node('/stimulus/presentation/gratings'))).toBe(
      'nwbfile.stimulus["gratings"]'
    );
    expect(
      pynwbAccess(
        node('/processing/pose/LeftCamera/NoseTip', [], { object_id: 'abc-1' })
      )
    ).toBe('nwbfile.objects["abc-1"]  # /processing/pose/LeftCamera/NoseTip');
    expect(() => pynwbAccess(node('/general/odd/thing'))).toThrow(
      /no object_id .* h5py/
    );
  });

  it('gives file paths relative to the notebook', () => {
    expect(relativePath('data/s.nwb', '')).toBe('data/s.nwb');
    expect(relativePath('data/s.nwb', 'data')).toBe('s.nwb');
    expect(relativePath('data/s.nwb', 'notebooks/a')).toBe('../../data/s.nwb');
    expect(relativePath('s.nwb', 'nb')).toBe('../s.nwb');
  });

  it('turns a filter into a pandas query with the same answers', async () => {
    const query = (text: string) =>
      pandasQuery(parseFilter(text), source, loadRegionTree);
    expect(await query('region in ["CA"] and firing_rate >= 2')).toBe(
      '(`region` in ["CA1", "CA3"]) and (`firing_rate` >= 2)'
    );
    expect(await query('region != "HPF"')).toBe(
      '`region` not in ["CA1", "CA3", "DG-mo"]'
    );
    expect(await query('not label contains "oo" or firing_rate == nan')).toBe(
      '(not (`label`.str.contains("oo", regex=False))) or (`firing_rate` != `firing_rate`)'
    );
    expect(await query('firing_rate in [1, nan]')).toBe(
      '(`firing_rate` in [1]) or (`firing_rate` != `firing_rate`)'
    );
    expect(await query('label startswith "g\\"x"')).toBe(
      '`label`.str.startswith("g\\"x")'
    );
  });

  it('opens URLs with remfile and windows series by their rate', () => {
    const request: ICodeRequest = {
      target: {
        kind: 'url',
        url: 'https://api.dandiarchive.org/api/assets/abc/download/',
        label: '000409/sub-1/x.nwb'
      },
      node: node('/processing/wheel/WheelVelocity', ['TimeSeries'], {}, [
        'data',
        'starting_time'
      ]),
      viewLabel: 'Time series',
      window: { start: 10, length: 2.5 },
      filter: null
    };
    const code = codeFor(request);
    expect(code).toContain(
      'NWBView("https://api.dandiarchive.org/api/assets/abc/download/", "/processing/wheel/WheelVelocity")'
    );
    expect(code).toContain(
      'NWBHDF5IO(file=h5py.File(remfile.File("https://api.dandiarchive.org/api/assets/abc/download/"), "r"), load_namespaces=True)'
    );
    expect(code).toContain('t0, t1 = 10, 12.5');
    // Not the object's first view: NWBView is told which.
    expect(codeFor({ ...request, viewId: 'spectrum' })).toContain(
      'NWBView("https://api.dandiarchive.org/api/assets/abc/download/", "/processing/wheel/WheelVelocity", view="spectrum")'
    );
    expect(code).toContain('obj.rate');
    expect(code).not.toContain('searchsorted');
  });
});
