import { describe, expect, it } from 'vitest';

import { RowFilter } from '../../../src/viewer/model/rowFilter';
import { SharedTime } from '../../../src/viewer/model/sharedTime';

describe('SharedTime', () => {
  it('tells every listener of a move, with who moved it, once', () => {
    const time = new SharedTime();
    const seen: [number | null, number | undefined, unknown][] = [];
    time.changed.connect((_, change) =>
      seen.push([change.cursor, change.window?.start, change.origin])
    );
    const raster = {};
    time.setWindow({ start: 372, length: 10 }, raster);
    time.setWindow({ start: 372, length: 10 }, raster);
    time.setCursor(375.5);
    time.setCursor(375.5);
    time.setCursor(Number.NaN);
    time.setWindow({ start: 0, length: 0 });
    expect(seen).toEqual([
      [null, 372, raster],
      [375.5, 372, undefined]
    ]);
    expect(time.window).toEqual({ start: 372, length: 10 });
    expect(time.cursor).toBe(375.5);
  });
});

describe('RowFilter', () => {
  it('keeps only the filtered rows of the filtered table', () => {
    const filter = new RowFilter();
    const changed: string[] = [];
    filter.changed.connect((_, path) => changed.push(path));
    expect(filter.accepts('/units', 3)).toBe(true);
    filter.set('/units', { expression: 'label == 1', rows: new Set([1, 2]) });
    expect(filter.accepts('/units', 3)).toBe(false);
    expect(filter.accepts('/units', 2)).toBe(true);
    expect(filter.accepts('/general/extracellular_ephys/electrodes', 3)).toBe(
      true
    );
    filter.clear('/units');
    filter.clear('/units');
    expect(filter.rowsOf('/units')).toBeNull();
    expect(changed).toEqual(['/units', '/units']);
  });
});
