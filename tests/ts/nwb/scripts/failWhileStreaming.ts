/**
 * Run by failureCleanup.test.ts as its own process (an unhandled rejection ends a process):
 * two datasets stream to the deflate workers at once and one source breaks, so the file is
 * aborted while the other dataset still hands chunks to the pool. Prints the clean failure,
 * then waits for stray rejections; exits 0 unless Node kills it for one.
 * argv[2]: output folder; argv[3]: "shared" (slices in shared memory) or "copied".
 */
import { join } from 'node:path';

import { writeArray } from '../../../../src/nwb/array';
import { writeNwbFile } from '../../../../src/nwb/file';
import { getGroup } from '../../../../src/nwb/h5';

const [dir, kind] = process.argv.slice(2);
const SLICE = 100_000;

async function* slices(breakAt: number, pauseMs: number) {
  for (let i = 0; i < 20; i++) {
    await new Promise(resolve => setTimeout(resolve, pauseMs));
    if (i === breakAt) {
      throw new Error('the data source broke');
    }
    const values =
      kind === 'shared'
        ? new Float64Array(new SharedArrayBuffer(SLICE * 8))
        : new Float64Array(SLICE);
    values.forEach((_, k) => (values[k] = Math.sin(i * SLICE + k)));
    yield values;
  }
}

async function main(): Promise<void> {
  const path = join(dir, 'concurrent.nwb');
  try {
    await writeNwbFile(
      path,
      {
        identifier: 'concurrent',
        sessionDescription: 'two datasets at once',
        sessionStartTime: '2024-01-01T00:00:00+00:00'
      },
      async nwb => {
        const group = getGroup(nwb.ctx.file, '/acquisition', path);
        await Promise.all([
          writeArray(nwb.ctx, group, 'slow', {
            dtype: 'float64',
            tail: [],
            slices: slices(-1, 40)
          }),
          writeArray(nwb.ctx, group, 'broken', {
            dtype: 'float64',
            tail: [],
            slices: slices(8, 1)
          })
        ]);
      },
      {
        storage: { deflateWorkers: 2, shuffle: true, deflateStrategy: 'auto' }
      }
    );
    console.log('written');
  } catch (err) {
    console.log(`clean failure: ${(err as Error).message}`);
  }
  // Rejections left behind would surface (and end the process) meanwhile.
  await new Promise(resolve => setTimeout(resolve, 1500));
  console.log('exiting normally');
}

void main();
