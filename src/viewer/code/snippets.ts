/**
 * "From a view to code": the notebook code that opens what a viewer tab
 * shows. Two parts: the `NWBView(...)` call that shows the same object in a
 * notebook output, and plain pynwb that loads the same object, the same
 * time window and the same units filter (as a pandas query), for analysis
 * without this extension.
 */
import type { INeurodataNode } from '../model/tree';
import type { NwbTarget } from '../widget/target';
import { pynwbAccess, pyString } from './objectAccess';

/** A column the filter names and where pynwb finds it. */
export interface IFilterColumnPlan {
  /** As named in the filter (`firing_rate`, `electrodes.location`, `region`). */
  readonly name: string;
  /** The units column, or the electrodes column of the unit's peak electrode. */
  readonly table: 'units' | 'electrodes';
  readonly column: string;
}

export interface ICodeRequest {
  readonly target: NwbTarget;
  /** The notebook's folder (relative to the server root) for a relative file path; '' is the root. */
  readonly notebookDir?: string;
  readonly node: INeurodataNode;
  /** The view shown (said in the comment). */
  readonly viewLabel: string;
  /** The view's id when it is not the object's first: NWBView then opens it (`view=`). */
  readonly viewId?: string;
  readonly window: { readonly start: number; readonly length: number } | null;
  readonly filter: {
    readonly expression: string;
    /** pandas `query` text, or null when the filter cannot be said in pandas. */
    readonly query: string | null;
    readonly columns: readonly IFilterColumnPlan[];
    /** Whether the units' electrodes column is ragged (has an index). */
    readonly raggedElectrodes: boolean;
  } | null;
}

/** The NWBView call and the pynwb code, as one notebook cell. */
export function codeFor(request: ICodeRequest): string {
  return [nwbViewCode(request), '', pynwbCode(request)].join('\n');
}

export function nwbViewCode(request: ICodeRequest): string {
  const { node } = request;
  const file =
    request.target.kind === 'url'
      ? pyString(request.target.url)
      : pyString(relativePath(request.target.path, request.notebookDir ?? ''));
  const where =
    request.target.kind === 'server' && request.notebookDir === undefined
      ? [
          '# (the path is from the Jupyter root folder: adjust it to where your notebook runs)'
        ]
      : [];
  return [
    `# ${node.path} in the NWB viewer (${request.viewLabel} view${request.filter ? `; filter: ${request.filter.expression}` : ''})`,
    ...where,
    'from jupyterlab_ibl_nwb import NWBView',
    `NWBView(${file}, ${pyString(node.path)}${request.viewId ? `, view=${pyString(request.viewId)}` : ''})`
  ].join('\n');
}

export function pynwbCode(request: ICodeRequest): string {
  const { node, target } = request;
  const lines = ['# The same object with pynwb', 'import numpy as np'];
  if (target.kind === 'url') {
    lines.push(
      'import h5py',
      'import remfile',
      'from pynwb import NWBHDF5IO',
      '',
      `io = NWBHDF5IO(file=h5py.File(remfile.File(${pyString(target.url)}), "r"), load_namespaces=True)`
    );
  } else {
    lines.push(
      'from pynwb import NWBHDF5IO',
      '',
      `io = NWBHDF5IO(${pyString(relativePath(target.path, request.notebookDir ?? ''))}, "r", load_namespaces=True)`
    );
  }
  lines.push('nwbfile = io.read()', `obj = ${pynwbAccess(node)}`);
  const isUnits = node.ancestry.includes('Units');
  if (isUnits) {
    lines.push(...unitsCode(request));
  } else if (node.ancestry.includes('TimeSeries') && request.window) {
    lines.push(...seriesWindowCode(node, request.window));
  } else if (node.ancestry.includes('DynamicTable')) {
    lines.push('table = obj.to_dataframe()');
  }
  return lines.join('\n');
}

function windowLine(window: { start: number; length: number }): string {
  return `t0, t1 = ${num(window.start)}, ${num(window.start + window.length)}  # the viewer's time window (s)`;
}

/** Samples with t0 <= t < t1, by the series' own timestamps or rate. */
function seriesWindowCode(
  node: INeurodataNode,
  window: { start: number; length: number }
): string[] {
  const stamped = node.children.some(c => c.name === 'timestamps');
  return [
    windowLine(window),
    ...(stamped
      ? [
          'i0, i1 = np.searchsorted(obj.timestamps[:], [t0, t1])',
          'times = obj.timestamps[i0:i1]'
        ]
      : [
          'i0 = max(0, int(np.ceil((t0 - obj.starting_time) * obj.rate)))',
          'i1 = max(i0, int(np.ceil((t1 - obj.starting_time) * obj.rate)))',
          'times = obj.starting_time + np.arange(i0, i1) / obj.rate'
        ]),
    'data = obj.data[i0:i1]'
  ];
}

function unitsCode(request: ICodeRequest): string[] {
  const lines: string[] = [];
  const filter = request.filter;
  if (filter && filter.query !== null) {
    lines.push('import pandas as pd', '');
    if (filter.columns.some(c => c.table === 'electrodes')) {
      lines.push(
        "# Each unit's peak electrode (its first: IBL's converter and neuroconv list it first)",
        filter.raggedElectrodes
          ? 'peak = obj.electrodes.data[:][np.r_[0, obj.electrodes_index.data[:-1]]]'
          : 'peak = obj.electrodes.data[:]',
        'electrodes = obj.electrodes.table'
      );
    }
    lines.push('columns = pd.DataFrame({');
    for (const c of filter.columns) {
      const source =
        c.table === 'units'
          ? `obj[${pyString(c.column)}].data[:]`
          : `np.asarray(electrodes[${pyString(c.column)}].data[:])[peak]`;
      lines.push(`    ${pyString(c.name)}: ${source},`);
    }
    lines.push(
      '})',
      `# The viewer's filter: ${filter.expression}`,
      `kept = columns.query(${pyString(filter.query)}, engine="python").index.to_numpy()`
    );
  } else {
    if (filter) {
      lines.push(
        `# The viewer's filter (${filter.expression}) has no pandas form: all units below`
      );
    }
    lines.push('kept = np.arange(len(obj))');
  }
  if (request.window) {
    lines.push(
      windowLine(request.window),
      'spike_times = {int(u): obj.get_unit_spike_times(int(u), in_interval=(t0, t1)) for u in kept}'
    );
  }
  return lines;
}

/** `path` (from the server root) as seen from the folder `from`. */
export function relativePath(path: string, from: string): string {
  const to = path.split('/').filter(Boolean);
  const base = from.split('/').filter(Boolean);
  let common = 0;
  while (
    common < base.length &&
    common < to.length - 1 &&
    base[common] === to[common]
  ) {
    common++;
  }
  return [...base.slice(common).map(() => '..'), ...to.slice(common)].join('/');
}

function num(value: number): string {
  return String(+value.toPrecision(12));
}
