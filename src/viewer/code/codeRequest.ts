/**
 * What the code actions need from a viewer tab, gathered into an
 * ICodeRequest: the filter's columns and its pandas form come from the
 * same UnitColumns the filter read.
 */
import { columnsOf, parseFilter } from '../filter/parse';
import { loadRegionTree } from '../filter/regionTree';
import type { UnitColumns } from '../filter/unitColumns';
import type { INeurodataNode } from '../model/tree';
import type { NwbTarget } from '../widget/target';
import { pandasQuery } from './pandasQuery';
import type { ICodeRequest, IFilterColumnPlan } from './snippets';

export interface ICodeSource {
  readonly target: NwbTarget;
  readonly node: INeurodataNode;
  readonly viewLabel: string;
  /** The view's id, when it is not the object's first (NWBView's `view=`). */
  readonly viewId?: string;
  readonly window: { start: number; length: number } | null;
  /** The units filter, when it applies to the object shown. */
  readonly filter: { expression: string; columns: UnitColumns } | null;
}

export async function codeRequest(
  source: ICodeSource,
  notebookDir?: string
): Promise<ICodeRequest> {
  const { filter } = source;
  if (!filter) {
    return { ...source, notebookDir, filter: null };
  }
  const tree = parseFilter(filter.expression);
  const plans: IFilterColumnPlan[] = [];
  let expressible = true;
  for (const name of columnsOf(tree).keys()) {
    const where = filter.columns.whereIs(name);
    if (where) {
      plans.push({ name, ...where });
    } else {
      expressible = false;
    }
  }
  return {
    ...source,
    notebookDir,
    filter: {
      expression: filter.expression,
      query: expressible
        ? await pandasQuery(tree, filter.columns, loadRegionTree)
        : null,
      columns: plans,
      raggedElectrodes: filter.columns.raggedElectrodes
    }
  };
}

/** The window a view's own time controls show (e.g. the raster's start and length). */
export function windowOfControls(
  controls: Record<string, string>
): { start: number; length: number } | null {
  const start = Number(controls['window start (s)']);
  const length = Number(controls['window length (s)']);
  return controls['window start (s)'] !== undefined &&
    Number.isFinite(start) &&
    Number.isFinite(length) &&
    length > 0
    ? { start, length }
    : null;
}
