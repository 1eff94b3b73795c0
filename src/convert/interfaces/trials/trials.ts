/** Trials → `/intervals/trials` with the DANDI 000409 column names and derivations. */
import { addIntervals, addTrials } from '../../../nwb/intervals';
import { EXPERIMENT_DESCRIPTION } from '../../../one/experimentDescription';
import type { Column } from '../../../nwb/table';
import {
  InterfaceSkipped,
  noRowsReason,
  type IArrayCheck,
  type IDatasetNeed
} from '../../modality';
import {
  recomputeBlockIndex,
  recomputeBlockType,
  recomputeRewarded,
  recomputeStimulusContrast,
  recomputeStimulusSide,
  recomputeWheelChoice
} from '../../fidelity/independent/trials';
import {
  addNote,
  type ISessionContext,
  type ISessionInterface
} from '../../session/context';
import type { Expected } from '../../fidelity/ledger';
import { DatasetContentError, requireFinite } from '../../session/errors';
import {
  blockIndex,
  blockType,
  isRewarded,
  stimulusContrast,
  stimulusSide,
  TRIAL_TIME_COLUMNS,
  wheelChoice
} from './trialsColumns';
import {
  ITrialAttribute,
  ITrialsTask,
  loadTrials,
  TRIALS_COLLECTION,
  TRIALS_TABLE,
  trialsCollections,
  trialsTasks
} from './trialsSource';

const DERIVED_FROM = [
  'contrastLeft',
  'contrastRight',
  'choice',
  'feedbackType',
  'rewardVolume',
  'probabilityLeft'
];

export const trialsInterface: ISessionInterface = {
  name: 'trials',
  title: 'Trials table',
  kind: 'processed',
  datasets(): IDatasetNeed[] {
    // Sessions since ~2023: one trials object per task, in alf/task_NN.
    return [TRIALS_COLLECTION, `${TRIALS_COLLECTION}/task_*`]
      .flatMap((collection): IDatasetNeed[] => [
        { name: TRIALS_TABLE, collection, optional: true },
        { name: '_ibl_trials.*.npy', collection, optional: true }
      ])
      .concat({ name: EXPERIMENT_DESCRIPTION, collection: '', optional: true });
  },
  availability(ctx) {
    return trialsCollections(ctx.data.index).length > 0
      ? { available: true }
      : {
          available: false,
          reason: `the session has no trials (alf/${TRIALS_TABLE} or alf/_ibl_trials.intervals.npy, nor in alf/task_NN)`
        };
  },
  async write(ctx, progress) {
    const tasks = await trialsTasks(ctx.data);
    const checks: IArrayCheck[] = [];
    const empty: string[] = [];
    for (const [i, task] of tasks.entries()) {
      const written = await writeTask(ctx, task);
      if (typeof written === 'string') {
        empty.push(written);
      } else {
        checks.push(...written);
      }
      progress((i + 1) / tasks.length);
    }
    if (empty.length === tasks.length) {
      // Every task's trials are empty: a session without trials, never an empty table.
      throw new InterfaceSkipped(noRowsReason(empty[0]));
    }
    for (const dataset of empty) {
      addNote(
        ctx,
        'trials',
        `${noRowsReason(dataset)}: that task's table was left out`
      );
    }
    return checks;
  }
};

/**
 * One task's trials → `/intervals/trials` (main task) or `/intervals/trials_<protocol>`.
 * Resolves with the checks, or with the dataset's name when the task has no trials.
 */
async function writeTask(
  ctx: ISessionContext,
  task: ITrialsTask
): Promise<IArrayCheck[] | string> {
  const target = `/intervals/${task.name}`;
  const attrs = await loadTrials(
    ctx.data,
    [...TRIAL_TIME_COLUMNS.map(c => c[1]), ...DERIVED_FROM],
    task.collection
  );
  const start = attrs.get('intervals_0');
  const stop = attrs.get('intervals_1');
  if (!start || !stop) {
    throw new DatasetContentError(
      `${task.collection}/${TRIALS_TABLE}`,
      'has no intervals (trial start and stop times)'
    );
  }
  requireFinite(start.values, start.source, 'the trial start time');
  requireFinite(stop.values, stop.source, 'the trial stop time');
  const n = start.values.length;
  for (const [name, a] of attrs) {
    if (a.values.length !== n) {
      throw new DatasetContentError(
        a.source,
        `has ${a.values.length} rows but the trials have ${n} (${name})`
      );
    }
  }
  // Empty only when every part is (checked above): a task without trials. The dataset,
  // without the column or slice of the source label.
  if (n === 0) {
    return start.source.replace(/(#.*|\[.*\])$/, '');
  }
  const checks: IArrayCheck[] = [];
  const columns: Column[] = [];
  const expect = (
    name: string,
    source: string,
    values: Expected,
    transform?: string
  ) =>
    checks.push(
      ctx.ledger.expect(source, `${target}/${name}`, values, transform)
    );
  expect('start_time', start.source, start.values);
  expect('stop_time', stop.source, stop.values);

  for (const [name, attribute, description] of TRIAL_TIME_COLUMNS) {
    const a = attrs.get(attribute);
    if (a) {
      columns.push({ name, description, values: a.values });
      expect(name, a.source, a.values);
    }
  }
  const get = (name: string): ITrialAttribute | undefined => attrs.get(name);
  const left = get('contrastLeft');
  const right = get('contrastRight');
  if (left && right) {
    const contrast = stimulusContrast(left.values, right.values);
    const side = stimulusSide(left.values, right.values);
    const src = `${left.source} + ${right.source}`;
    columns.push(
      {
        name: 'gabor_stimulus_contrast',
        description:
          'Contrast of the visual stimulus in percent (the side that had a stimulus).',
        values: contrast
      },
      {
        name: 'gabor_stimulus_side',
        description: 'Side of the visual stimulus: left, right or none.',
        text: side
      }
    );
    expect(
      'gabor_stimulus_contrast',
      src,
      recomputeStimulusContrast(left.values, right.values),
      'non-NaN of contrastLeft/contrastRight × 100, rounded to 2 decimals'
    );
    expect(
      'gabor_stimulus_side',
      src,
      recomputeStimulusSide(left.values, right.values),
      'which contrast is not NaN'
    );
  }
  const choice = get('choice');
  if (choice) {
    const text = wheelChoice(choice.values);
    columns.push({
      name: 'mouse_wheel_choice',
      description:
        'Direction the mouse turned the wheel, as seen by the mouse: clockwise, counter_clockwise or none (no-go).',
      text
    });
    expect(
      'mouse_wheel_choice',
      choice.source,
      recomputeWheelChoice(choice.values),
      '-1/0/1 → counter_clockwise/none/clockwise'
    );
  }
  const feedback = get('feedbackType');
  if (feedback) {
    const rewarded = isRewarded(feedback.values);
    columns.push({
      name: 'is_mouse_rewarded',
      description:
        'Whether the mouse was rewarded (feedbackType == 1), 1 = yes.',
      values: rewarded
    });
    expect(
      'is_mouse_rewarded',
      feedback.source,
      recomputeRewarded(feedback.values),
      'feedbackType == 1'
    );
  }
  const reward = get('rewardVolume');
  if (reward) {
    columns.push({
      name: 'reward_volume_uL',
      description: 'Volume of water reward delivered, in microlitres.',
      values: reward.values
    });
    expect('reward_volume_uL', reward.source, reward.values);
  }
  const pLeft = get('probabilityLeft');
  if (pLeft) {
    const types = blockType(pLeft.values);
    const blocks = blockIndex(pLeft.values);
    columns.push(
      {
        name: 'probability_left',
        description: 'Prior probability that the stimulus appears on the left.',
        values: pLeft.values
      },
      {
        name: 'block_type',
        description:
          'Block of the biased task: unbiased, left_block or right_block.',
        text: types
      },
      {
        name: 'block_index',
        description:
          'Index of the block, incremented whenever probability_left changes.',
        values: blocks
      }
    );
    expect('probability_left', pLeft.source, pLeft.values);
    expect(
      'block_type',
      pLeft.source,
      recomputeBlockType(pLeft.values),
      '0.5/0.8/0.2 (±1e-6) → unbiased/left_block/right_block'
    );
    expect(
      'block_index',
      pLeft.source,
      recomputeBlockIndex(pLeft.values),
      'cumulative count of probabilityLeft changes (> 1e-6)'
    );
  }
  const spec = {
    description: task.protocol
      ? `Trials of the IBL ${task.protocol} task (session clock).`
      : 'Trials of the IBL decision-making task (session clock).',
    startTime: start.values,
    stopTime: stop.values,
    columns
  };
  await (task.name === 'trials'
    ? addTrials(ctx.nwb, spec)
    : addIntervals(ctx.nwb, { ...spec, name: task.name }));
  return checks;
}
