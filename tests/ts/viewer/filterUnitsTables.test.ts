import { describe, expect, it } from 'vitest';

import { applyUnitsFilter } from '../../../src/viewer/filter/applyFilter';
import { unitsTables } from '../../../src/viewer/filter/filterBar';
import { UnitColumns } from '../../../src/viewer/filter/unitColumns';
import { loadNwbFile } from '../../../src/viewer/model/nwbFile';
import { RowFilter } from '../../../src/viewer/model/rowFilter';
import type { H5Slice } from '../../../src/viewer/model/source';
import { openSample } from './openSample';
import { writeWithPython } from './pyFixture';

/** Two Units tables (pynwb): /units and one in a processing module, with their own columns. */
const FILE = writeWithPython(
  'two-units.nwb',
  `
from datetime import datetime, timezone
import numpy as np
from pynwb import NWBFile, NWBHDF5IO
from pynwb.misc import Units
nwb = NWBFile(session_description="two units tables", identifier="two-units",
              session_start_time=datetime(2024, 1, 1, tzinfo=timezone.utc))
device = nwb.create_device(name="probe")
group = nwb.create_electrode_group("probe", description="probe", location="brain", device=device)
for region in ["CA1", "CA3", "DG-mo", "VISp5"]:
    nwb.add_electrode(x=0.0, y=0.0, z=0.0, location=region, group=group)
nwb.add_unit_column(name="amp", description="amplitude (float32)")
for u, amp in enumerate([0.1, 0.2, 0.3, 0.4]):
    nwb.add_unit(spike_times=[0.1 * u], electrodes=[u], amp=np.float32(amp))
curated = Units(name="curated", description="a second sorting")
curated.add_column(name="snr", description="signal to noise")
for u, snr in enumerate([5.0, 1.0, 9.0]):
    curated.add_unit(spike_times=[1.0 + u], snr=snr)
nwb.create_processing_module("ecephys", "second sorting").add(curated)
with NWBHDF5IO(OUT, "w") as io:
    io.write(nwb)
`
);

describe('the units filter on a file with two Units tables', () => {
  it('lists both, /units first, and filters each by its own columns and path', async () => {
    const { source, close } = await openSample(FILE);
    try {
      const model = await loadNwbFile(source);
      const read = (p: string, s?: H5Slice) => source.read(p, s);
      const tables = unitsTables(model);
      expect(tables.map(t => t.path)).toEqual([
        '/units',
        '/processing/ecephys/curated'
      ]);
      const filter = new RowFilter();
      const main = new UnitColumns(read, model, tables[0]);
      const curated = new UnitColumns(read, model, tables[1]);
      expect(main.names()).toEqual(
        expect.arrayContaining(['region', 'amp', 'electrodes.location'])
      );
      expect(curated.names()).toContain('snr');
      expect(curated.names()).not.toContain('region');

      // float32 0.2 is 0.2000000029…: kept by `> 0.2`, as numpy keeps it.
      expect(await applyUnitsFilter('amp > 0.2', main, filter)).toEqual({
        kept: 3,
        total: 4
      });
      expect(
        await applyUnitsFilter('amp > 0.2 or region in ["CA"]', main, filter)
      ).toEqual({ kept: 4, total: 4 });
      expect(
        await applyUnitsFilter(
          'amp > 0.25 and not region in ["CA"]',
          main,
          filter
        )
      ).toEqual({ kept: 2, total: 4 });
      expect([...(filter.rowsOf('/units')?.rows ?? [])]).toEqual([2, 3]);
      await applyUnitsFilter('snr >= 5', curated, filter);
      expect([
        ...(filter.rowsOf('/processing/ecephys/curated')?.rows ?? [])
      ]).toEqual([0, 2]);
      // Each table keeps its own rows.
      expect([...(filter.rowsOf('/units')?.rows ?? [])]).toEqual([2, 3]);
      await expect(
        applyUnitsFilter('amp > 1', curated, filter)
      ).rejects.toThrow(/unknown column "amp"/);
      expect(await applyUnitsFilter('  ', main, filter)).toBeNull();
      expect(filter.rowsOf('/units')).toBeNull();
    } finally {
      close();
    }
  });
});
