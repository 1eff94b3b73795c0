/**
 * The pynwb expression that reaches an object of the file from `nwbfile`
 * (what `NWBHDF5IO(...).read()` returns): the attribute pynwb gives well-known
 * places (`nwbfile.units`, `nwbfile.trials`, `nwbfile.electrodes`), the
 * container lookups for acquisition / processing / intervals / stimulus
 * (one level; two in processing),
 * and `nwbfile.objects[object_id]` for anything else that has an object id.
 */
import type { INeurodataNode } from '../model/tree';

const NAMED: Record<string, string> = {
  '/': 'nwbfile',
  '/units': 'nwbfile.units',
  '/intervals/trials': 'nwbfile.trials',
  '/intervals/epochs': 'nwbfile.epochs',
  '/general/extracellular_ephys/electrodes': 'nwbfile.electrodes'
};

/** Top-level groups whose children pynwb looks up by name. */
const CONTAINERS: Record<string, string> = {
  acquisition: 'nwbfile.acquisition',
  processing: 'nwbfile.processing',
  intervals: 'nwbfile.intervals',
  analysis: 'nwbfile.analysis',
  stimulus: 'nwbfile.stimulus',
  scratch: 'nwbfile.scratch'
};

export function pynwbAccess(node: INeurodataNode): string {
  const named = NAMED[node.path];
  if (named) {
    return named;
  }
  const parts = node.path.split('/').filter(Boolean);
  let [top, ...rest] = parts;
  if (top === 'stimulus' && ['presentation', 'templates'].includes(rest[0])) {
    // pynwb files both under nwbfile.stimulus / stimulus_template by name.
    top = rest[0] === 'templates' ? 'stimulus_template' : 'stimulus';
    rest = rest.slice(1);
  }
  const base =
    top === 'stimulus_template' ? 'nwbfile.stimulus_template' : CONTAINERS[top];
  // acquisition/X and processing/M/X are pynwb lookups by name. Deeper
  // objects (a series in a PoseEstimation, Position, …) are not: not every
  // container class pynwb generates from a cached spec can be indexed.
  if (
    base &&
    rest.length >= 1 &&
    rest.length <= (top === 'processing' ? 2 : 1)
  ) {
    return base + rest.map(name => `[${pyString(name)}]`).join('');
  }
  const id = node.attrs.object_id;
  if (typeof id === 'string' && id) {
    return `nwbfile.objects[${pyString(id)}]  # ${node.path}`;
  }
  throw new Error(
    `${node.path} has no object_id and is not a place pynwb names; read it with h5py: h5py.File(path)[${pyString(node.path)}]`
  );
}

/** A Python string literal (JSON's escapes are Python's for these characters). */
export function pyString(text: string): string {
  return JSON.stringify(text);
}
