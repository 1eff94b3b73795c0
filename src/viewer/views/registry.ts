import type { INwbFileModel } from '../model/nwbFile';
import type { H5Slice, IH5Source } from '../model/source';
import type { INeurodataNode } from '../model/tree';
import type { RowFilter } from '../model/rowFilter';
import type { SharedTime } from '../model/sharedTime';

/** Where the NWB file was opened from: a path under the Jupyter root, or a URL. */
export type IFileLocation =
  | { readonly kind: 'server'; readonly path: string }
  | { readonly kind: 'url'; readonly url: string };

/** What a view gets to draw one object. */
export interface IViewContext {
  readonly source: IH5Source;
  readonly model: INwbFileModel;
  readonly node: INeurodataNode;
  /** Aborted when the user leaves the view: stop reading. */
  readonly signal: AbortSignal;
  /** Read with cancellation and progress wired to the viewer's status bar. */
  read(path: string, slice?: H5Slice): Promise<unknown>;
  /** Open another object (e.g. a table row's linked series). */
  select(path: string): void;
  /** Open an object in a given view with a starting state (e.g. a unit's raster). */
  open?(path: string, viewId: string, state?: IViewState): void;
  /** Starting state passed by `open` (what to show first). */
  readonly state?: IViewState;
  /** Where the file is (to resolve paths the file holds, e.g. an ImageSeries' external_file). */
  readonly file?: IFileLocation;
  /** The tab's shared time window and cursor (every time view follows it). */
  readonly time?: SharedTime;
  /** The tab's property filter on units / electrodes rows (every view honours it). */
  readonly rowFilter?: RowFilter;
  /**
   * Draw another object's view (default, or `viewId`) into `host`, sharing
   * this tab's time, filter, reads and cancellation (for views made of views,
   * e.g. the session explorer). Resolves once drawn; rejects if it cannot be.
   */
  renderView?(
    host: HTMLElement,
    path: string,
    viewId?: string,
    state?: IViewState
  ): Promise<void>;
  /** The ids of the views that can draw `path`, the default first ([] if no object). */
  viewIdsFor?(path: string): string[];
}

/** A view's starting state: small, structured-cloneable values. */
export type IViewState = Readonly<Record<string, string | number>>;

/** A view of one kind of neurodata object. */
export interface INwbView {
  readonly id: string;
  readonly label: string;
  /** Higher wins as the default view when several apply. */
  readonly priority: number;
  /** Whether this view can draw `node` (its type ancestry is in `node.ancestry`). */
  canHandle(node: INeurodataNode, model: INwbFileModel): boolean;
  /** Draw into `host`; may throw to show an error in place of the view. */
  render(host: HTMLElement, context: IViewContext): Promise<void>;
}

/** Views matched to objects by type ancestry, best first. */
export class ViewRegistry {
  private readonly views: INwbView[] = [];

  add(view: INwbView): void {
    this.views.push(view);
    this.views.sort((a, b) => b.priority - a.priority);
  }

  /** Every view that can draw `node`, the default first. */
  viewsFor(node: INeurodataNode, model: INwbFileModel): INwbView[] {
    return this.views.filter(v => v.canHandle(node, model));
  }
}

/** `canHandle` for views of a neurodata type and its subtypes. */
/**
 * The view a user named (`NWBView(..., view=...)`): by id, else by tab label, case and
 * surrounding spaces ignored; undefined if the object has no such view.
 */
export function findView(
  views: readonly INwbView[],
  wanted: string
): INwbView | undefined {
  const name = wanted.trim().toLowerCase();
  return (
    views.find(v => v.id.toLowerCase() === name) ??
    views.find(v => v.label.toLowerCase() === name)
  );
}

export const handlesType =
  (...types: string[]) =>
  (node: INeurodataNode): boolean =>
    !node.softLink && node.ancestry.some(t => types.includes(t));
