/**
 * Oracle driver for test_tables_oracle.py: reads each table file given on
 * the command line with our readers and prints the columns as JSON (bigint as
 * decimal strings, non-finite floats as strings) or the error class name.
 * With `--parallel` first, `.pqt` files are read by the parallel reader.
 */
import { loadFileContent } from '../../../src/one/content';
import { readFileBytes } from '../../../src/one/node/files';
import { readParquetFile } from '../../../src/one/node/parquetFile';

function plain(v: unknown): unknown {
  if (typeof v === 'bigint') {
    return v.toString();
  }
  if (typeof v === 'number' && !Number.isFinite(v)) {
    return String(v);
  }
  return v;
}

async function main(): Promise<void> {
  const out: Record<string, unknown>[] = [];
  const args = process.argv.slice(2);
  const parallel = args[0] === '--parallel';
  for (const path of parallel ? args.slice(1) : args) {
    try {
      const content =
        parallel && path.endsWith('.pqt')
          ? {
              kind: 'table' as const,
              table: await readParquetFile(path, { split: 'always' })
            }
          : await loadFileContent(path, await readFileBytes(path));
      if (content.kind === 'table') {
        const { table } = content;
        out.push({
          numRows: table.numRows,
          indexColumns: table.indexColumns,
          metadataKeys: Object.keys(table.metadata),
          columns: table.columns.map(c => ({
            name: c.name,
            dtype: c.dtype,
            values: Array.from(c.values as ArrayLike<unknown>, plain)
          }))
        });
      } else if (content.kind === 'json') {
        out.push({ json: JSON.stringify(content.value, (_k, v) => plain(v)) });
      } else {
        out.push({ kind: content.kind });
      }
    } catch (err) {
      out.push({
        error: (err as Error).constructor.name,
        message: (err as Error).message
      });
    }
  }
  process.stdout.write(JSON.stringify(out));
}

void main();
