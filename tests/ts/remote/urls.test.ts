/** Pure helpers: UUIDs in file names, ALF paths of URLs, ONE's query encoding (vectors from one_alyx.md). */
import { describe, expect, it } from 'vitest';

import { normaliseDateRange } from '../../../src/one/remote/filters';
import { quotePlus, updateUrlParams } from '../../../src/one/remote/query';
import { datasetRecordRows } from '../../../src/one/remote/records';
import {
  addUuidToPath,
  alfPathOf,
  datasetUrl,
  encodeUrlPath,
  localRelPathOf,
  removeUuidFromPath
} from '../../../src/one/remote/urls';

const UUID = '00c234a3-a4ff-4f97-a522-939d15528a45';

describe('dataset URLs', () => {
  it('inserts the UUID before the last extension and removes it again', () => {
    expect(addUuidToPath('alf/_ibl_trials.table.pqt', UUID)).toBe(
      `alf/_ibl_trials.table.${UUID}.pqt`
    );
    expect(addUuidToPath('x.y.tar.gz', UUID)).toBe(`x.y.tar.${UUID}.gz`);
    expect(
      addUuidToPath(`a/b.c.${UUID}.npy`, 'c4df1eea-c92c-479f-a907-41fa6e770094')
    ).toBe('a/b.c.c4df1eea-c92c-479f-a907-41fa6e770094.npy');
    expect(removeUuidFromPath(`alf/_ibl_trials.table.${UUID}.pqt`)).toBe(
      'alf/_ibl_trials.table.pqt'
    );
    expect(removeUuidFromPath('alf/_ibl_trials.table.pqt')).toBe(
      'alf/_ibl_trials.table.pqt'
    );
  });

  it('builds the URL of the worked example and maps it back to the cache path', () => {
    const url = datasetUrl(
      'https://ibl.flatironinstitute.org/public',
      'hoferlab/Subjects/SWC_043/2020-09-21/1',
      'alf/probe00/_phy_spikes_subset.channels.npy',
      UUID
    );
    expect(url).toBe(
      `https://ibl.flatironinstitute.org/public/hoferlab/Subjects/SWC_043/2020-09-21/001/alf/probe00/_phy_spikes_subset.channels.${UUID}.npy`
    );
    expect(localRelPathOf(url)).toBe(
      'hoferlab/Subjects/SWC_043/2020-09-21/001/alf/probe00/_phy_spikes_subset.channels.npy'
    );
    expect(alfPathOf('https://x.org/public/aggregates/Subjects/a.b.pqt')).toBe(
      'aggregates/Subjects/a.b.pqt'
    );
  });

  it('percent-encodes revision folders', () => {
    expect(encodeUrlPath('http://h:1/p/alf/#2024-05-06#/a.b.npy')).toBe(
      'http://h:1/p/alf/%232024-05-06%23/a.b.npy'
    );
  });

  it('turns /datasets records into cache rows (recorded fixture shape)', () => {
    const rows = datasetRecordRows([
      {
        url: 'https://test.alyx.internationalbrainlab.org/datasets/0b305d2f-04dc-4ef1-be1c-db18931391ac',
        name: '_ibl_wheelMoves.peakAmplitude.npy',
        dataset_type: 'wheelMoves.peakAmplitude',
        collection: 'alf',
        session:
          'https://test.alyx.internationalbrainlab.org/sessions/d3372b15-f696-4279-9be5-98f15783b5bb',
        file_size: 14176,
        hash: '3bc0be50415804d65dd3547eaedc2ce6',
        revision: null,
        default_dataset: true,
        file_records: [
          {
            id: 'a',
            data_repository: 'r',
            data_repository_path: '/',
            relative_path: '',
            data_url: null,
            exists: false
          },
          {
            id: 'b',
            data_repository: 'flatiron_mainenlab',
            data_repository_path: '/mainenlab/Subjects/',
            relative_path:
              'ZFM-01935/2021-02-05/001/alf/_ibl_wheelMoves.peakAmplitude.npy',
            data_url:
              'https://ibl.flatironinstitute.org/mainenlab/Subjects/ZFM-01935/2021-02-05/001/alf/_ibl_wheelMoves.peakAmplitude.0b305d2f-04dc-4ef1-be1c-db18931391ac.npy',
            exists: true
          }
        ]
      }
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      eid: 'd3372b15-f696-4279-9be5-98f15783b5bb',
      id: '0b305d2f-04dc-4ef1-be1c-db18931391ac',
      sessionPath: 'mainenlab/Subjects/ZFM-01935/2021-02-05/001',
      rel_path: 'alf/_ibl_wheelMoves.peakAmplitude.npy'
    });
  });
});

describe('query encoding like Python ONE', () => {
  it('follows quote_plus', () => {
    expect(quotePlus("a b,c*~-_.('x')[1]!")).toBe(
      'a+b%2Cc%2A~-_.%28%27x%27%29%5B1%5D%21'
    );
    expect(quotePlus('é')).toBe('%C3%A9');
  });

  it('rewrites paging parameters as update_url_params does', () => {
    expect(
      updateUrlParams('http://h/sessions?limit=2&offset=2&subject=SWC_043', {
        limit: 2,
        offset: 4
      })
    ).toBe('http://h/sessions?limit=2&offset=4&subject=SWC_043');
    expect(
      updateUrlParams('sessions', {
        subject: 'a b',
        date_range: '2020-01-01,2020-01-02'
      })
    ).toBe('sessions?subject=a+b&date_range=2020-01-01%2C2020-01-02');
  });

  it('normalises date ranges like validate_date_range', () => {
    expect(normaliseDateRange('2020-01-01')).toEqual([
      '2020-01-01',
      '2020-01-01'
    ]);
    expect(normaliseDateRange(['2020-01-01'])).toEqual([
      '2020-01-01',
      '2262-04-11'
    ]);
    expect(normaliseDateRange([null, '2020-01-01'])).toEqual([
      '1677-09-21',
      '2020-01-01'
    ]);
  });
});
