import { IcephysTables, type ISweepGroup } from '../icephys/sweepGroups';
import { readSweeps, type ISweepSamples } from '../icephys/sweepSamples';
import { selectBox } from './controls';
import { h, message } from './dom';
import type { IViewContext } from './registry';

/** Sweeps drawn together at most (a group beyond is cut, and says so). */
export const MAX_SWEEPS = 60;

export interface ISweepPicker {
  readonly toolbar: HTMLDivElement;
  readonly select: HTMLSelectElement;
  readonly status: HTMLSpanElement;
  /** The samples of the selected group's sweeps (at most MAX_SWEEPS). */
  samples(): Promise<{ sweeps: ISweepSamples[]; cut: number }>;
}

/**
 * The container part the sweep and I-V views share: resolve the icephys
 * table's rows to groups of sweeps and offer them in a drop-down. Returns
 * null (and says why in `host`) when the table groups no sweep.
 */
export async function sweepGroupPicker(
  host: HTMLElement,
  context: IViewContext,
  what: string
): Promise<ISweepPicker | null> {
  const tables = new IcephysTables(context.model, context.read);
  const groups: ISweepGroup[] = (await tables.groups(context.node)).filter(
    g => g.sweeps.length > 0
  );
  if (groups.length === 0) {
    const note = message(
      'info',
      `Cannot display ${context.node.path} as ${what} because it groups no recordings.`
    );
    note.setAttribute('data-testid', 'nwb-cannot-display');
    host.append(note);
    return null;
  }
  const select = selectBox(
    'sweep group',
    groups.map((g, i) => [String(i), `${g.label}: ${g.sweeps.length} sweeps`]),
    String(Number(context.state?.group ?? 0))
  );
  const status = h('span', { class: 'jp-NwbViewer-range' });
  const toolbar = h('div', { class: 'jp-NwbViewer-toolbar' });
  toolbar.append(h('label', {}, 'group ', select), status);
  host.append(toolbar);
  const cache = new Map<number, Promise<ISweepSamples[]>>();
  return {
    toolbar,
    select,
    status,
    async samples() {
      const group = groups[Number(select.value)] ?? groups[0];
      const index = groups.indexOf(group);
      if (!cache.has(index)) {
        cache.set(
          index,
          readSweeps(
            context.model,
            context.read,
            group.sweeps.slice(0, MAX_SWEEPS)
          )
        );
      }
      return {
        sweeps: await cache.get(index)!,
        cut: Math.max(0, group.sweeps.length - MAX_SWEEPS)
      };
    }
  };
}
