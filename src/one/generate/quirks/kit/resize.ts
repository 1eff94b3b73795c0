/** Camera feature tables whose row count differs from the frame times, as real sessions have them. */
import {
  readNpy,
  readTable,
  resizeTable,
  tableRows,
  writeTable
} from './arrays';

/** Grow (or cut, `delta` < 0) the table by `delta` rows; returns the frame and table row counts. */
export async function resizeAgainstTimes(
  table: string,
  times: string,
  delta: number
): Promise<{ frames: number; rows: number }> {
  const frames = readNpy(times).shape[0];
  const columns = await readTable(table);
  if (tableRows(columns) !== frames) {
    throw new Error(
      `${table}: ${tableRows(columns)} rows before the mutation, ${frames} frame times`
    );
  }
  writeTable(table, resizeTable(columns, frames + delta));
  return { frames, rows: frames + delta };
}
