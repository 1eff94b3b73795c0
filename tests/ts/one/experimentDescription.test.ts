import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { CorruptFileError } from '../../../src/one/errors';
import { parseExperimentTasks } from '../../../src/one/experimentDescription';

const IBLLIB_FIXTURE = join(
  __dirname,
  '../../../../shared/fixtures/ibllib/ibllib/tests/fixtures/io/_ibl_experiment.description.yaml'
);

describe('experiment description tasks (ibllib dynamic pipeline rules)', () => {
  it('reads ibllib’s own fixture: legacy collections extract to alf', () => {
    const tasks = parseExperimentTasks(
      readFileSync(IBLLIB_FIXTURE, 'utf8'),
      IBLLIB_FIXTURE
    );
    expect(tasks.map(t => [t.protocol, t.collection, t.alfCollection])).toEqual(
      [
        ['passiveChoiceWorld', 'raw_passive_data', 'alf'],
        ['ephysChoiceWorld', 'raw_behavior_data', 'alf']
      ]
    );
    expect(tasks.map(t => t.passive)).toEqual([true, false]);
  });

  it('numbered collections extract to alf/task_<position>; a missing collection is raw_task_data_<i>', () => {
    const tasks = parseExperimentTasks(
      [
        'tasks:',
        '- spontaneous:',
        '    collection: raw_task_data_00',
        '- biasedChoiceWorld:',
        '    sync_label: bpod',
        '- passiveChoiceWorld: {collection: raw_task_data_02}'
      ].join('\n'),
      'd.yaml'
    );
    expect(tasks.map(t => [t.collection, t.alfCollection, t.number])).toEqual([
      ['raw_task_data_00', 'alf/task_00', 0],
      ['raw_task_data_01', 'alf/task_01', 1],
      ['raw_task_data_02', 'alf/task_02', 2]
    ]);
  });

  it('accepts the early single-mapping form and a file without tasks', () => {
    expect(
      parseExperimentTasks(
        'tasks:\n  trainingChoiceWorld:\n    collection: raw_behavior_data\n',
        'd.yaml'
      ).map(t => t.alfCollection)
    ).toEqual(['alf']);
    expect(parseExperimentTasks('version: 1.0.0\n', 'd.yaml')).toEqual([]);
  });

  it('names the file when it is damaged', () => {
    expect(() => parseExperimentTasks('tasks: [a: {b', 'x/d.yaml')).toThrow(
      CorruptFileError
    );
    expect(() => parseExperimentTasks('tasks:\n- 3\n', 'x/d.yaml')).toThrow(
      /x\/d.yaml/
    );
  });
});
