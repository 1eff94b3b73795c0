/** What the CLI reads to report DISK_FULL: `code`, or the message of a wrapping error. */
import { describe, expect, it } from 'vitest';

import {
  diskFullOr,
  isDiskFull,
  NwbDiskFullError,
  NwbWriteError
} from '../../../src/nwb/errors';

describe('disk-full errors', () => {
  const hdf5 =
    "HDF5-DIAG: Error detected in HDF5 (2.0.0):\n  #000: ... file write failed: time = Sun Dec, filename = '/d/x.nwb.part', file descriptor = 3, errno = 51, error message = 'No space left on device', buf = 0x2102c36";

  it.each([
    [
      'a Node errno error',
      Object.assign(new Error('ENOSPC: no space left on device, write'), {
        code: 'ENOSPC'
      })
    ],
    [
      'a quota',
      Object.assign(new Error('EDQUOT: disk quota exceeded, write'), {
        code: 'EDQUOT'
      })
    ],
    ["HDF5's diagnostic dump", new Error(hdf5)]
  ])('recognises %s and names the file instead', (_, err) => {
    expect(isDiskFull(err)).toBe(true);
    const out = diskFullOr(err, '/d/x.nwb', '/acquisition/a', '/d/x.nwb.part');
    expect(out).toBeInstanceOf(NwbDiskFullError);
    expect(out).toBeInstanceOf(NwbWriteError);
    expect((out as NwbDiskFullError).code).toBe('ENOSPC');
    expect((out as Error).message).toBe(
      '/d/x.nwb: /acquisition/a: the disk is full (no space left on device): could not write /d/x.nwb.part; free space on that disk (or write the file to another one) and run again'
    );
    expect((out as Error).cause).toBe(err);
  });

  it('still recognises the condition once wrapped in a message-only error', () => {
    const full = new NwbDiskFullError('/d/x.nwb', '/', '/d/x.nwb.part');
    expect(
      isDiskFull(new Error(`Conversion failed in "pose": ${full.message}`))
    ).toBe(true);
  });

  it('leaves other errors as they are', () => {
    const err = Object.assign(new Error('EACCES: permission denied'), {
      code: 'EACCES'
    });
    expect(isDiskFull(err)).toBe(false);
    expect(diskFullOr(err, 'f', '/', 'f.part')).toBe(err);
  });
});
