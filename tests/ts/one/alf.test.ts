import { describe, expect, it } from 'vitest';

import {
  dromedary,
  formatFilename,
  formatRelPath,
  isValidFilename,
  parseFilename,
  parseFilenameStrict,
  parseRelPath,
  splitRelPath
} from '../../../src/one/alf';
import {
  addUuid,
  getAlfPath,
  isSessionPath,
  isUuidString,
  paddedSequence,
  parseFullPath,
  parseSessionPath,
  removeUuid,
  sessionPathOf
} from '../../../src/one/alfPath';
import { AlfNameError } from '../../../src/one/errors';

type Tuple = [string?, string?, string?, string?, string?, string?];

function tuple(name: string): Tuple {
  const p = parseFilename(name);
  expect(p, name).not.toBeNull();
  return [
    p!.namespace,
    p!.object,
    p!.attribute,
    p!.timescale,
    p!.extra,
    p!.extension
  ];
}

describe('ALF file names (test vectors of the reference note §10.1)', () => {
  it.each<[string, Tuple]>([
    [
      '_namespace_obj.times_timescale.extra.foo.ext',
      ['namespace', 'obj', 'times', 'timescale', 'extra.foo', 'ext']
    ],
    [
      'spikes.clusters.npy',
      [undefined, 'spikes', 'clusters', undefined, undefined, 'npy']
    ],
    [
      'spikes.times_ephysClock.npy',
      [undefined, 'spikes', 'times', 'ephysClock', undefined, 'npy']
    ],
    [
      '_iblmic_audioSpectrogram.frequencies.npy',
      ['iblmic', 'audioSpectrogram', 'frequencies', undefined, undefined, 'npy']
    ],
    [
      '_spikeglx_ephysData_g0_t0.imec.wiring.json',
      ['spikeglx', 'ephysData_g0_t0', 'imec', undefined, 'wiring', 'json']
    ],
    [
      '_spikeglx_ephysData_g0_t0.imec0.lf.bin',
      ['spikeglx', 'ephysData_g0_t0', 'imec0', undefined, 'lf', 'bin']
    ],
    [
      '_ibl_trials.goCue_times_bpod.csv',
      ['ibl', 'trials', 'goCue_times', 'bpod', undefined, 'csv']
    ],
    [
      '_ibl_passivePeriods.intervalsTable_bpod.csv',
      ['ibl', 'passivePeriods', 'intervalsTable', 'bpod', undefined, 'csv']
    ],
    [
      'channels._phy_ids.csv',
      [undefined, 'channels', '_phy_ids', undefined, undefined, 'csv']
    ]
  ])('%s', (name, expected) => {
    expect(tuple(name)).toEqual(expected);
  });

  it('rejects invalid names', () => {
    expect(isValidFilename('badfile')).toBe(false);
    expect(isValidFilename('spike_train.npy')).toBe(false);
    expect(parseFilename('spike_train.npy')).toBeNull();
    expect(() => parseFilenameStrict('badfile')).toThrow(AlfNameError);
  });

  it('parses collection and revision', () => {
    const p = parseRelPath(
      'raw_ephys_data/probe00/#foobar#/_iblqc_ephysTimeRmsAP.timestamps.npy'
    );
    expect(p).toMatchObject({
      collection: 'raw_ephys_data/probe00',
      revision: 'foobar',
      namespace: 'iblqc',
      object: 'ephysTimeRmsAP',
      attribute: 'timestamps'
    });
    expect(splitRelPath('raw_ephys_data/probe00/#foobar#/a.b.npy')).toEqual({
      collection: 'raw_ephys_data/probe00',
      revision: 'foobar',
      filename: 'a.b.npy'
    });
    expect(splitRelPath('#2021-01-01#/a.b.npy')).toEqual({
      collection: '',
      revision: '2021-01-01',
      filename: 'a.b.npy'
    });
    expect(splitRelPath('a.b.npy')).toEqual({
      collection: '',
      revision: '',
      filename: 'a.b.npy'
    });
    expect(formatRelPath('a.b.npy', 'alf/probe00', 'v1')).toBe(
      'alf/probe00/#v1#/a.b.npy'
    );
    expect(formatRelPath('a.b.npy')).toBe('a.b.npy');
  });
});

describe('full ALF paths and session paths', () => {
  const kilosort =
    'angelakilab/Subjects/NYU-40/2021-04-12/001/spike_sorters/ks2_matlab/probe01/' +
    '_kilosort_raw.output.e8c9d765764778b7ee5bda08c982037f8f07e690.tar';

  it('parses the full kilosort path', () => {
    expect(parseFullPath(kilosort)).toEqual({
      lab: 'angelakilab',
      subject: 'NYU-40',
      date: '2021-04-12',
      number: '001',
      collection: 'spike_sorters/ks2_matlab/probe01',
      revision: undefined,
      namespace: 'kilosort',
      object: 'raw',
      attribute: 'output',
      timescale: undefined,
      extra: 'e8c9d765764778b7ee5bda08c982037f8f07e690',
      extension: 'tar'
    });
    const short = kilosort
      .replace('angelakilab/Subjects/', '')
      .replace('/001/', '/1/');
    expect(parseFullPath(short)).toMatchObject({
      lab: undefined,
      subject: 'NYU-40',
      number: '1'
    });
  });

  it('finds session paths', () => {
    expect(parseSessionPath('lab/Subjects/sub.1-x/2020-01-01/001')).toEqual({
      lab: 'lab',
      subject: 'sub.1-x',
      date: '2020-01-01',
      number: '001'
    });
    expect(parseSessionPath('sub/2020-01-01/0001')).toBeNull();
    expect(isSessionPath('/mnt/data/lab/Subjects/s/2020-01-01/001/')).toBe(
      true
    );
    expect(isSessionPath('/mnt/data/s/2020-01-01/001/alf')).toBe(false);
    expect(sessionPathOf('/mnt/lab/Subjects/s/2020-01-01/1/alf/x.y.npy')).toBe(
      '/mnt/lab/Subjects/s/2020-01-01/1'
    );
    expect(sessionPathOf('s/2020-02-30/1/alf')).toBeNull();
    expect(
      paddedSequence('/data/s/2023-01-01/1/_ibl_experiment.description.yaml')
    ).toBe('/data/s/2023-01-01/001/_ibl_experiment.description.yaml');
    expect(() => paddedSequence('no/session')).toThrow(AlfNameError);
  });

  it('extracts the ALF part of URLs', () => {
    const url =
      'public/hoferlab/Subjects/SWC_043/2020-09-21/001/alf/probe00/' +
      '_phy_spikes_subset.channels.00c234a3-a4ff-4f97-a522-939d15528a45.npy';
    const alf = getAlfPath(url)!;
    expect(alf.startsWith('hoferlab/Subjects/SWC_043/2020-09-21/001/alf')).toBe(
      true
    );
    expect(removeUuid(alf)).toBe(
      'hoferlab/Subjects/SWC_043/2020-09-21/001/alf/probe00/_phy_spikes_subset.channels.npy'
    );
    expect(getAlfPath('/x/y/collection/file.attr.ext')).toBe(
      'x/y/collection/file.attr.ext'
    );
    expect(getAlfPath('/x y/collection/file.attr.ext')).toBe('file.attr.ext');
    expect(getAlfPath('collection/file.attr.ext')).toBe(
      'collection/file.attr.ext'
    );
    expect(getAlfPath('/x/notalf')).toBeNull();
  });

  it('adds and removes dataset UUIDs', () => {
    const id = 'a976e418-c8b8-4d24-be47-d05120b18341';
    expect(addUuid('/p/trials.intervals.npy', id)).toBe(
      `/p/trials.intervals.${id}.npy`
    );
    expect(addUuid(`/p/trials.intervals.${id}.npy`, id)).toBe(
      `/p/trials.intervals.${id}.npy`
    );
    expect(removeUuid(`/p/trials.intervals.${id}.npy`)).toBe(
      '/p/trials.intervals.npy'
    );
    expect(removeUuid('/p/trials.intervals.npy')).toBe(
      '/p/trials.intervals.npy'
    );
    expect(() => addUuid('a.b.npy', 'nope')).toThrow(AlfNameError);
    expect(isUuidString(id)).toBe(true);
    expect(isUuidString(id.toUpperCase())).toBe(false);
    const name =
      '_ns_obj.attr1.2622b17c-9408-4910-99cb-abf16d9225b9.metadata.json';
    expect(parseFilename(name)?.extra).toBe(
      '2622b17c-9408-4910-99cb-abf16d9225b9.metadata'
    );
  });
});

describe('building names (to_alf)', () => {
  it('matches ONE examples', () => {
    expect(
      formatFilename({ object: 'spikes', attribute: 'times', extension: 'ssv' })
    ).toBe('spikes.times.ssv');
    expect(
      formatFilename({
        object: 'spikes',
        attribute: 'times',
        extension: 'ssv',
        namespace: 'ibl',
        timescale: ['ephys clock', 'minutes']
      })
    ).toBe('_ibl_spikes.times_ephysClock_minutes.ssv');
    expect(
      formatFilename({
        object: 'wheel',
        attribute: 'timestamps',
        extension: '.npy',
        namespace: 'ibl',
        timescale: 'bpod',
        extra: ['raw', 'v12']
      })
    ).toBe('_ibl_wheel.timestamps_bpod.raw.v12.npy');
    expect(
      formatFilename({
        object: 'trials',
        attribute: 'stim_on_times',
        extension: 'npy'
      })
    ).toBe('trials.stimOn_times.npy');
    expect(dromedary('passive_RFM')).toBe('passiveRFM');
    expect(dromedary('mpci ROIs')).toBe('mpciROIs');
    expect(dromedary('Hello world')).toBe('helloWorld');
    expect(dromedary('FooBarBaz')).toBe('fooBarBaz');
  });

  it('refuses bad parts', () => {
    expect(() =>
      formatFilename({ object: 'a.b', attribute: 'c', extension: 'npy' })
    ).toThrow(AlfNameError);
    expect(() =>
      formatFilename({
        object: 'a',
        attribute: 'c',
        extension: 'npy',
        namespace: 'x_y'
      })
    ).toThrow(AlfNameError);
    expect(() =>
      formatFilename({ object: '_a', attribute: 'c', extension: 'npy' })
    ).toThrow(AlfNameError);
    expect(() =>
      formatFilename({ object: 'a', attribute: 'c', extension: '' })
    ).toThrow(AlfNameError);
  });
});
