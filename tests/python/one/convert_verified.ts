/**
 * Test driver: convert a session of a ONE cache, with or without the md5 check.
 *   convert_verified.ts <cacheDir> <eid> <out.nwb> [--no-hash-check]
 * Prints the report as JSON; errors: `<ErrorName>: <message>` on stderr, exit code 1.
 */
import { convertSession } from '../../../src/convert/convertSession';

async function main([cacheDir, eid, output, ...rest]: string[]): Promise<void> {
  const report = await convertSession({
    cacheDir,
    eid,
    output,
    verifyHashes: !rest.includes('--no-hash-check'),
    storage: { deflateWorkers: 0 }
  });
  process.stdout.write(JSON.stringify(report));
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`${error.name}: ${error.message}\n`);
  process.exit(1);
});
