import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sliceCount } from '../../../src/viewer/h5/h5wasmSource';
import { openSample } from './openSample';
import { writeWithPython } from './pyFixture';

/**
 * An electrodes table of 60 rows over 4 electrode groups: its `group`
 * column holds HDF5 object references, as every pynwb (1.x and later)
 * writes it. Row r belongs to group `shank{r % 4}`.
 */
const ELECTRODES = `
from datetime import datetime, timezone
from pynwb import NWBFile, NWBHDF5IO
nwb = NWBFile(session_description="refs", identifier="refs",
              session_start_time=datetime(2020, 1, 1, tzinfo=timezone.utc))
device = nwb.create_device(name="probe")
groups = [nwb.create_electrode_group(name=f"shank{g}", description="d",
                                     location="CA1", device=device) for g in range(4)]
for r in range(60):
    nwb.add_electrode(group=groups[r % 4], location="CA1")
with NWBHDF5IO(OUT, "w") as io:
    io.write(nwb)
`;

const GROUP = '/general/extracellular_ephys/electrodes/group';

describe('reference columns read by page', () => {
  let opened: Awaited<ReturnType<typeof openSample>>;
  /**
   * References handed to HDF5 that point nowhere (empty or all-zero):
   * each makes HDF5 print an HDF5-DIAG trace through emscripten's stderr,
   * which a test cannot intercept after the module is loaded, so the calls
   * that cause it are counted instead.
   */
  const pointless: number[] = [];

  const watch = (file: { dereference: (ref: never) => unknown }) => {
    const dereference = file.dereference.bind(file);
    file.dereference = (ref: never) => {
      const bytes = (ref as { ref_data: Uint8Array }).ref_data;
      if (!bytes.length || bytes.every(b => b === 0)) {
        pointless.push(bytes.length);
      }
      return dereference(ref);
    };
  };

  beforeAll(async () => {
    opened = await openSample(writeWithPython('electrodes.nwb', ELECTRODES));
    watch(opened.file);
  });
  afterAll(() => opened?.close());

  it('gives each row its own group and hands HDF5 no empty reference (no HDF5-DIAG)', async () => {
    for (const [a, b] of [
      [0, 25],
      [25, 50],
      [50, 60],
      [7, 8]
    ]) {
      const page = (await opened.source.read(GROUP, [[a, b]])) as {
        reference: string | null;
      }[];
      expect(page.map(v => v.reference)).toEqual(
        Array.from(
          { length: b - a },
          (_, k) => `/general/extracellular_ephys/shank${(a + k) % 4}`
        )
      );
    }
    expect(pointless).toEqual([]);
  });

  it('reads a null reference as unresolved, quietly', async () => {
    const { source, file, close } = await openSample(
      writeWithPython(
        'null_refs.h5',
        `
import h5py
with h5py.File(OUT, "w") as f:
    target = f.create_group("target")
    refs = f.create_dataset("refs", (3,), dtype=h5py.ref_dtype)
    refs[1] = target.ref
`
      )
    );
    watch(file);
    try {
      const values = (await source.read('/refs')) as {
        reference: string | null;
      }[];
      expect(values.map(v => v.reference)).toEqual([null, '/target', null]);
    } finally {
      close();
    }
    expect(pointless).toEqual([]);
  });

  it('counts the values of a slice', () => {
    expect(sliceCount([60], [[50, 60]])).toBe(10);
    expect(sliceCount([60], [[50, null]])).toBe(10);
    expect(
      sliceCount(
        [10, 4],
        [
          [2, 5],
          [null, null]
        ]
      )
    ).toBe(12);
    expect(sliceCount([10], [[8, 20]])).toBe(2);
    expect(sliceCount([], [])).toBe(1);
  });
});
