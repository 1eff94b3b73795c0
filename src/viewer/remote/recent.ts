/**
 * The remote files opened lately, kept in the state DB (per user, across
 * reloads): what was typed, so reopening resolves it again (a DANDI draft
 * may have changed; presigned URLs expire).
 */
import type { IStateDB } from '@jupyterlab/statedb';
import type { ReadonlyPartialJSONValue } from '@lumino/coreutils';
import { Signal, type ISignal } from '@lumino/signaling';

export interface IRecentRemote {
  /** What to open again (a URL, an asset id, or dandiset/version/path). */
  readonly input: string;
  readonly label: string;
  /** ISO time of the last opening. */
  readonly opened: string;
}

const KEY = 'jupyterlab-ibl-nwb:remote-recent';
export const MAX_RECENT = 10;

/** `list` with `entry` first, without its older copy, at most MAX_RECENT long. */
export function withRecent(
  list: readonly IRecentRemote[],
  entry: IRecentRemote
): IRecentRemote[] {
  return [entry, ...list.filter(r => r.input !== entry.input)].slice(
    0,
    MAX_RECENT
  );
}

function isRecent(value: unknown): value is IRecentRemote {
  const r = value as Record<string, unknown> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.input === 'string' &&
    typeof r.label === 'string' &&
    typeof r.opened === 'string'
  );
}

export class RecentRemotes {
  private items: IRecentRemote[] = [];
  private readonly _changed = new Signal<this, readonly IRecentRemote[]>(this);

  constructor(private readonly db: IStateDB | null) {}

  get changed(): ISignal<this, readonly IRecentRemote[]> {
    return this._changed;
  }

  get list(): readonly IRecentRemote[] {
    return this.items;
  }

  async load(): Promise<void> {
    const saved = await this.db?.fetch(KEY).catch(() => undefined);
    this.items = Array.isArray(saved) ? saved.filter(isRecent) : [];
    this._changed.emit(this.items);
  }

  async add(input: string, label: string): Promise<void> {
    this.items = withRecent(this.items, {
      input,
      label,
      opened: new Date().toISOString()
    });
    this._changed.emit(this.items);
    await this.db
      ?.save(KEY, this.items as unknown as ReadonlyPartialJSONValue)
      .catch(() => undefined);
  }
}

let shared: RecentRemotes | null = null;

/**
 * The one list of the page (the DANDI browser and the IBL sidebar both show it): the
 * first caller creates and loads it from `db`.
 */
export function sharedRecentRemotes(db: IStateDB | null): RecentRemotes {
  if (!shared) {
    shared = new RecentRemotes(db);
    void shared.load();
  }
  return shared;
}
