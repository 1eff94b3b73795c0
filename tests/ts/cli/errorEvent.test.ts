import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  errorEvent,
  reportFailure,
  tagOutputFile
} from '../../../src/cli/errorEvent';
import { UsageError } from '../../../src/cli/io';
import { ConversionFailed } from '../../../src/convert/converter';
import { FidelityMismatchError } from '../../../src/convert/fidelity/mismatchError';
import { MetadataError } from '../../../src/convert/metadata';
import { MetadataMismatchError } from '../../../src/convert/metadata/sessionMatch';
import { NothingWrittenError } from '../../../src/convert/outcome';
import { OutputError } from '../../../src/convert/outputFiles';
import type { IConversionReport } from '../../../src/convert/report';
import { DatasetContentError } from '../../../src/convert/session/errors';
import { diskFullOr } from '../../../src/nwb/errors';
import { NWBFile } from '../../../src/nwb/file';
import {
  InvalidQueryError,
  MissingDatasetError,
  SessionNotFoundError,
  TruncatedFileError
} from '../../../src/one/errors';
import { NotFoundError } from '../../../src/one/remote/errors';

const report: IConversionReport = {
  eid: 'e1',
  output: 'x.nwb',
  status: 'failed',
  started: '',
  finished: '',
  interfaces: []
};

/** The real failure HDF5 gives when it cannot create a file (a folder that is a file). */
async function hdf5CreateFailure(): Promise<Error> {
  const dir = mkdtempSync(join(tmpdir(), 'ibl2nwb-'));
  writeFileSync(join(dir, 'file'), 'in the way');
  return NWBFile.create(join(dir, 'file', 'x.nwb'), {
    identifier: 'a',
    sessionDescription: 'b',
    sessionStartTime: '2024-01-01T00:00:00Z'
  }).then(
    () => {
      throw new Error('HDF5 created a file inside a file');
    },
    (error: Error) => error
  );
}

describe('errorEvent: one mapping from error to event and exit code (contract 2)', () => {
  it.each([
    [new UsageError('give one session', 'convert'), 'USAGE', 2],
    [
      new OutputError(
        'x.nwb',
        'OUTPUT_EXISTS',
        'already exists',
        'Pass --overwrite.'
      ),
      'OUTPUT_EXISTS',
      2
    ],
    [
      new MetadataMismatchError('m.json', { eid: 'e1' }, [
        { field: 'Subject.subject_id', document: 'A', session: 'B' }
      ]),
      'METADATA_MISMATCH',
      2
    ],
    [new NothingWrittenError(report), 'NOTHING_WRITTEN', 3],
    [new NotFoundError('https://alyx/sessions/x', 'detail'), 'REMOTE', 1],
    [new Error('something we did not foresee'), 'INTERNAL', 1]
  ])('%s → %s, exit %d', (error, code, exit) => {
    const mapped = errorEvent(error, 'convert');
    expect(mapped.event.code).toBe(code);
    expect(mapped.exit).toBe(exit);
    expect(mapped.event.type).toBe('error');
    expect(mapped.event.message.length).toBeGreaterThan(0);
  });

  it('names every metadata field at fault, not only "fix these fields"', () => {
    const { event, exit } = errorEvent(
      new MetadataError('meta.json', [
        { path: '/NWBFile/session_start_time', message: 'is required' },
        { path: '/Probes/0/name', message: 'has the wrong form' }
      ]),
      'convert'
    );
    expect(exit).toBe(2);
    expect(event.code).toBe('METADATA_INVALID');
    expect(event.field).toBe('NWBFile.session_start_time');
    expect(event.message).toContain('NWBFile.session_start_time is required');
    expect(event.message).toContain('Probes[0].name has the wrong form');
    expect(event.message).not.toContain('\n');
  });

  it('unwraps a failed step to the dataset and row at fault', () => {
    const cause = Object.assign(
      new DatasetContentError(
        'alf/_ibl_wheel.timestamps.npy',
        'row 123 goes back in time'
      ),
      { row: 123 }
    );
    const { event, exit } = errorEvent(
      new ConversionFailed(report, 'wheel', cause),
      'convert'
    );
    expect(exit).toBe(1);
    expect(event).toMatchObject({
      code: 'DATASET_INVALID',
      dataset: 'alf/_ibl_wheel.timestamps.npy',
      row: 123,
      report
    });
  });

  it('calls arrays that read back different VERIFY_FAILED, not damaged input', () => {
    const mismatch = new FidelityMismatchError([
      {
        source: 'alf/_ibl_trials.table.pqt#probabilityLeft',
        target: '/intervals/trials/block_type',
        elements: 10,
        equal: false,
        detail: 'index 3'
      }
    ]);
    mismatch.report = report;
    const { event, exit } = errorEvent(mismatch, 'convert');
    expect(exit).toBe(1);
    expect(event).toMatchObject({
      code: 'VERIFY_FAILED',
      dataset: 'alf/_ibl_trials.table.pqt#probabilityLeft',
      report
    });
    expect(event.message).toContain('/intervals/trials/block_type');
  });

  it('calls a filter the cache cannot use a usage error', () => {
    expect(
      errorEvent(
        new InvalidQueryError('dataset', 'bad pattern', 'Search again.'),
        'convert'
      )
    ).toMatchObject({
      exit: 2,
      event: { code: 'USAGE', advice: 'Search again.' }
    });
  });

  it('calls a session the source does not have NOT_FOUND, exit 2 (contract 7)', () => {
    const missing = new SessionNotFoundError(
      'nope',
      'the session is not in the cache tables',
      'Search again.'
    );
    expect(
      errorEvent(new ConversionFailed(report, 'metadata', missing), 'convert')
    ).toMatchObject({
      exit: 2,
      event: { code: 'NOT_FOUND', advice: 'Search again.' }
    });
  });

  it('tells a missing dataset from a damaged one', () => {
    expect(
      errorEvent(new MissingDatasetError('alf/a.npy', 'not on disk'), 'convert')
        .event
    ).toMatchObject({ code: 'DATASET_MISSING', dataset: 'alf/a.npy' });
    expect(
      errorEvent(new TruncatedFileError('alf/a.npy', 100, 10), 'convert').event
    ).toMatchObject({ code: 'DATASET_INVALID', dataset: 'alf/a.npy' });
  });

  it('turns an HDF5 "cannot create" dump into one line naming the file and why', async () => {
    const error = await hdf5CreateFailure();
    expect(error.message).toContain('HDF5-DIAG'); // the real dump, several KB
    const { event, exit } = errorEvent(error, 'convert');
    expect(exit).toBe(2);
    expect(event.code).toBe('OUTPUT_INVALID');
    expect(event.message).toMatch(
      /^cannot create .*\/file\/x\.nwb\.part: a part of the path is a file, not a folder$/
    );
  });

  it('calls a full disk a full disk, from an errno or from HDF5', () => {
    const enospc = Object.assign(
      new Error('ENOSPC: no space left on device, write'),
      {
        code: 'ENOSPC'
      }
    );
    expect(errorEvent(enospc, 'convert')).toMatchObject({
      exit: 1,
      event: { code: 'DISK_FULL' }
    });
    const dump =
      "HDF5-DIAG: Error detected in HDF5 (2.0.0):\n  #000: H5D.c line 1 in H5Dwrite(): can't write data\n" +
      "  #001: H5FDsec2.c line 2 in H5FD__sec2_write(): file write failed: time = x, filename = 'o.nwb.part', file descriptor = 3, errno = 51, error message = 'No space left on device'\n";
    const { event } = errorEvent(new Error(dump), 'convert');
    expect(event.code).toBe('DISK_FULL');
    expect(event.message).toBe('cannot write o.nwb.part: disk full');
  });

  it('says a full disk once, naming the file, with its advice once (#11)', () => {
    // What the writer throws when a write of the conversion finds no space.
    const enospc = Object.assign(
      new Error('ENOSPC: no space left on device, write'),
      { code: 'ENOSPC' }
    );
    const full = diskFullOr(enospc, '/d/out.nwb', '/', '/d/out.nwb.part');
    const { event, exit } = errorEvent(
      new ConversionFailed(report, 'Trials', full),
      'convert'
    );
    expect(exit).toBe(1);
    expect(event.code).toBe('DISK_FULL');
    expect(event.message).toBe('cannot write /d/out.nwb.part: disk full');
    const err: string[] = [];
    const io = {
      out: () => undefined,
      err: (text: string) => err.push(text),
      signal: new AbortController().signal
    };
    reportFailure(
      io,
      'convert',
      new ConversionFailed(report, 'Trials', full),
      false
    );
    const line = err.join('');
    expect(line.match(/dis[ck] (is )?full/gi)).toHaveLength(1);
    expect(line.match(/free space/gi)).toHaveLength(1);
    expect(line).not.toContain('/: ');
    expect(line).toBe(
      'ibl2nwb convert: cannot write /d/out.nwb.part: disk full\n' +
        '  Free space on that disk or write elsewhere (-o), and convert again.\n'
    );
  });

  it('names the file of a plain ENOSPC when Node gives it', () => {
    const enospc = Object.assign(
      new Error(
        "ENOSPC: no space left on device, open '/d/out.report.json.part'"
      ),
      { code: 'ENOSPC', path: '/d/out.report.json.part' }
    );
    expect(errorEvent(enospc, 'convert').event.message).toBe(
      'cannot write /d/out.report.json.part: disk full'
    );
  });

  it('says which --split file failed, and a cancel is a cancel', () => {
    const error = tagOutputFile(new Error('boom'), 'raw');
    expect(errorEvent(error, 'convert').event.file).toBe('raw');
    expect(errorEvent(new Error('aborted'), 'convert', true)).toMatchObject({
      exit: 130,
      event: { code: 'CANCELLED' }
    });
  });
});
