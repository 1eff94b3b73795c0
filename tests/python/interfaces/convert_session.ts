/**
 * Test driver: convert a session with convertSession and print the report as JSON.
 *   convert_session.ts <cacheDir> <eid> <out.nwb> [--metadata m.json] [--modalities a,b]
 *                      [--atlas dir] [--pose-threshold 0.9] [--cancel-on step]
 *                      [--overwrite] [--sort-spikes]
 *   convert_session.ts --write-metadata <cacheDir> <eid> <m.json>
 * Errors: message on stderr, exit code 1.
 */
import { writeFileSync, readFileSync } from 'node:fs';

import { convertSession } from '../../../src/convert/convertSession';
import { metadataFromAlyx, parseMetadata } from '../../../src/convert/metadata';
import { cachedAlyxRecords } from '../../../src/convert/session/alyxCache';

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--write-metadata') {
    const [, cacheDir, eid, path] = argv;
    const records = await cachedAlyxRecords(cacheDir, eid);
    if (!records) {
      throw new Error(`no Alyx records for ${eid}`);
    }
    writeFileSync(path, JSON.stringify(metadataFromAlyx(records), null, 2));
    return;
  }
  const [cacheDir, eid, output, ...rest] = argv;
  const option = (name: string) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const metadataPath = option('--metadata');
  const cancelOn = option('--cancel-on');
  const controller = new AbortController();
  const events: unknown[] = [];
  const report = await convertSession({
    cacheDir,
    eid,
    output,
    metadata: metadataPath
      ? parseMetadata(readFileSync(metadataPath, 'utf8'), metadataPath)
      : undefined,
    modalities: option('--modalities')?.split(','),
    overwrite: rest.includes('--overwrite'),
    sortSpikes: rest.includes('--sort-spikes'),
    atlasDir: option('--atlas'),
    poseLikelihoodThreshold:
      option('--pose-threshold') === undefined
        ? undefined
        : Number(option('--pose-threshold')),
    signal: controller.signal,
    onEvent: event => {
      events.push(event);
      if (event.type === 'progress' && event.step === cancelOn) {
        controller.abort();
      }
    }
  });
  process.stdout.write(JSON.stringify({ report, events }));
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`${error.name}: ${error.message}\n`);
  process.exit(1);
});
