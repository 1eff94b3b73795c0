/** Shared bits of the write_*.ts scripts run by the pytest oracles. */
import { writeFileSync } from 'node:fs';
import type { INwbFileMetadata } from '../../../src/nwb';

/** Output folder given by pytest as the first argument. */
export const outDir = process.argv[2];
if (!outDir) {
  throw new Error('usage: tsx write_<name>.ts <output folder>');
}

export function metadata(identifier: string): INwbFileMetadata {
  return {
    identifier,
    sessionDescription: `test file ${identifier} written by the TypeScript NWB writer`,
    sessionStartTime: '2024-03-05T14:30:00+01:00',
    fileCreateDate: ['2024-03-06T09:00:00+00:00'],
    experimenter: ['Doe, Jane', 'Müller, Jürgen'],
    keywords: ['IBL', 'test'],
    relatedPublications: ['doi:10.1101/2020.01.17.909838'],
    institution: 'University College London',
    lab: 'cortexlab',
    protocol: '_iblrig_tasks_ephysChoiceWorld6.4.2',
    notes: 'notes with ünïcode ✓',
    experimentDescription: 'writer acceptance test',
    sessionId: 'c7bd79c9-c47e-4ea5-aea3-74dda991b48e',
    subject: {
      subjectId: 'KS091',
      species: 'Mus musculus',
      sex: 'F',
      age: 'P90D',
      description: 'test mouse',
      strain: 'C57BL/6',
      weight: '0.025 kg'
    }
  };
}

/** The values each script wrote, for pytest to compare with what pynwb reads. */
export function writeExpected(name: string, expected: unknown): void {
  writeFileSync(
    `${outDir}/${name}.expected.json`,
    JSON.stringify(expected, null, 1)
  );
}

/** Runs a script body; prints only the error message (h5wasm stacks are megabytes long). */
export function run(main: () => Promise<void>): void {
  main().catch((err: Error) => {
    process.stderr.write(`${err.name}: ${err.message}\n`);
    process.exitCode = 1;
  });
}
