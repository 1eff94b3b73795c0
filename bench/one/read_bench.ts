/**
 * Times our readers on the files made by read_bench.py and prints JSON:
 * best-of-N seconds for the whole `.npy` (readNpy) and `.pqt` (readParquetFile,
 * what conversions use: split between threads for large files; and forced onto
 * one thread, for reference), plus the process's peak resident memory.
 * Usage: tsx bench/one/read_bench.ts <file.npy> <file.pqt> [repeats]
 */
import { readNpy } from '../../src/one/node/files';
import { readParquetFile } from '../../src/one/node/parquetFile';

async function best(
  repeats: number,
  fn: () => Promise<unknown>
): Promise<number> {
  let fastest = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    fastest = Math.min(fastest, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return fastest;
}

async function main(): Promise<void> {
  const [npyPath, pqtPath, repeatsText] = process.argv.slice(2);
  const repeats = Number(repeatsText ?? 3);
  const baselineRss = process.memoryUsage().rss;
  // Peak memory of one read, before repeats leave garbage arrays around.
  let first: unknown = await readNpy(npyPath);
  const npyPeakRss = process.resourceUsage().maxRSS * 1024;
  first = undefined;
  void first;
  const npySeconds = await best(repeats, () => readNpy(npyPath));
  // The first parallel read also starts the worker thread (once per process).
  const t0 = process.hrtime.bigint();
  await readParquetFile(pqtPath);
  const pqtFirstSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const pqtSeconds = await best(repeats, () => readParquetFile(pqtPath));
  const pqtOneThreadSeconds = await best(repeats, () =>
    readParquetFile(pqtPath, { split: 'never' })
  );
  const peakRss = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    JSON.stringify({
      npySeconds,
      pqtSeconds,
      pqtFirstSeconds,
      pqtOneThreadSeconds,
      baselineRss,
      npyPeakRss,
      peakRss
    })
  );
}

void main();
