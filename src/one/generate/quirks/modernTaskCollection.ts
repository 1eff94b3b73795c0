import * as fs from 'node:fs';
import * as path from 'node:path';

import { bareCase, barePath } from './kit/bare';
import { caseCache } from './kit/cache';
import { outputFile } from './kit/output';
import { IQuirkCase } from './types';

const NAME = 'modern_task_collection';
const PROTOCOL = '_iblrig_tasks_ephysChoiceWorld8.24.2';

/**
 * IBL's layout since ~2023 (iblrig 8): the session describes its tasks in
 * _ibl_experiment.description.yaml, each task's raw data in raw_task_data_NN
 * and its extracted trials in alf/task_NN.
 */
export const DESCRIPTION = `devices:
  neuropixel:
    probe00:
      collection: raw_ephys_data/probe00
      sync_label: imec_sync
    probe01:
      collection: raw_ephys_data/probe01
      sync_label: imec_sync
procedures:
- Behavior training/tasks
- Ephys recording with acute probe(s)
projects:
- ibl_neuropixel_brainwide_01
sync:
  nidq:
    collection: raw_ephys_data
    extension: bin
    acquisition_software: spikeglx
tasks:
- ${PROTOCOL}:
    collection: raw_task_data_00
    sync_label: bpod
version: 1.0.0
`;

export const modernTaskCollection: IQuirkCase = {
  name: NAME,
  issue: '19.9',
  describe:
    'bare 2024-style session: _ibl_experiment.description.yaml, trials in alf/task_00',
  expect: { exit: 0, files: 'nwb' },
  build(dir, seed) {
    const c = caseCache(`${dir}/cache`, seed, NAME);
    const bare = bareCase(
      dir,
      c.folder,
      { ...barePath(c.sessions[0]), date: '2024-03-12' },
      outputFile(dir, NAME)
    );
    const alf = path.join(bare.folder, 'alf');
    const task = path.join(alf, 'task_00');
    fs.mkdirSync(task);
    for (const name of fs.readdirSync(alf)) {
      if (name.startsWith('_ibl_trials.')) {
        fs.renameSync(path.join(alf, name), path.join(task, name));
      }
    }
    fs.writeFileSync(
      path.join(bare.folder, '_ibl_experiment.description.yaml'),
      DESCRIPTION
    );
    return {
      prepare: bare.prepare,
      args: bare.args(),
      output: bare.output,
      session: bare.folder,
      facts: { trials: 'alf/task_00/_ibl_trials.table.pqt', protocol: PROTOCOL }
    };
  }
};
