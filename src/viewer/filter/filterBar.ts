/**
 * The filter box above a viewer tab's views: one units filter for every
 * view of the tab. It shows how many units are kept ("212 of 611 units"),
 * the mistake and its position when the expression is wrong, and clears
 * with one click. Files with several Units tables get a drop-down of them.
 */
import type { RowFilter } from '../model/rowFilter';
import type { INwbFileModel } from '../model/nwbFile';
import type { INeurodataNode } from '../model/tree';
import type { Reader } from '../spikes/unitSpikes';
import { button, selectBox } from '../views/controls';
import { h } from '../views/dom';
import { applyUnitsFilter } from './applyFilter';
import { UnitColumns } from './unitColumns';

/** What a tab keeps of its filter across reloads. */
// A type, not an interface: it is saved as JSON in the state database.
export type ISavedFilter = {
  /** The Units table's path. */
  readonly table: string;
  readonly expression: string;
};

export class FilterBar {
  readonly node = h('div', {
    class: 'jp-NwbViewer-toolbar jp-NwbViewer-filterBar',
    'data-testid': 'nwb-filter-bar'
  });
  private readonly input = h('input', {
    type: 'text',
    class: 'jp-NwbViewer-filterInput',
    placeholder: 'filter units, e.g. region in ["CA"] and firing_rate > 1',
    title:
      'Keep units whose columns pass: == != < <= > >= · in [..] · contains / startswith / endswith "text" · under "HPF" (a brain region at any level) · and, or, not, ( ) · electrodes.<column> is the unit’s peak electrode · region is the unit’s brain region · NaN: only != is true; == nan finds missing values',
    spellcheck: false
  });
  private readonly tableBox: HTMLSelectElement;
  // Its own class: views' status lines are `.jp-NwbViewer-range`, and a
  // second one in every tab with units made them ambiguous.
  private readonly count = h('span', {
    class: 'jp-NwbViewer-filterCount',
    'data-testid': 'nwb-filter-count'
  });
  private readonly error = h('span', {
    class: 'jp-NwbViewer-filterError',
    role: 'alert',
    'data-testid': 'nwb-filter-error'
  });
  private readonly columns = new Map<string, UnitColumns>();
  private applied: ISavedFilter | null = null;
  /** The newest request wins when the user types faster than columns are read. */
  private generation = 0;

  constructor(
    private readonly model: INwbFileModel,
    private readonly read: Reader,
    private readonly rowFilter: RowFilter,
    private readonly onChange: (saved: ISavedFilter | null) => void
  ) {
    const tables = unitsTables(model);
    this.tableBox = selectBox(
      'units table',
      tables.map(t => [t.path, t.path])
    );
    this.input.setAttribute('aria-label', 'filter units');
    const clear = button('✕', 'Clear the filter: show every unit');
    clear.classList.add('jp-NwbViewer-filterClear');
    clear.onclick = () => {
      this.input.value = '';
      void this.apply();
    };
    this.input.onkeydown = event => {
      if (event.key === 'Enter') {
        void this.apply();
      }
    };
    this.input.onchange = () => void this.apply();
    this.tableBox.onchange = () => {
      const previous = this.applied;
      if (previous) {
        this.rowFilter.clear(previous.table);
      }
      this.applied = null;
      void this.apply();
    };
    this.node.hidden = tables.length === 0;
    this.node.append(
      h('label', { class: 'jp-NwbViewer-filterLabel' }, 'Units filter'),
      ...(tables.length > 1 ? [this.tableBox] : []),
      this.input,
      clear,
      this.count,
      this.error
    );
  }

  /** The filter in force (null when none). */
  get current(): ISavedFilter | null {
    return this.applied;
  }

  /** The filter columns of a Units table (read lazily, kept for the tab). */
  columnsOf(table: string): UnitColumns | undefined {
    let columns = this.columns.get(table);
    const node = unitsTables(this.model).find(t => t.path === table);
    if (!columns && node) {
      columns = new UnitColumns(this.read, this.model, node);
      this.columns.set(table, columns);
    }
    return columns;
  }

  /** Apply a saved filter (a restored tab) or what the box holds. */
  async apply(saved?: ISavedFilter): Promise<void> {
    if (saved) {
      if ([...this.tableBox.options].some(o => o.value === saved.table)) {
        this.tableBox.value = saved.table;
      }
      this.input.value = saved.expression;
    }
    const generation = ++this.generation;
    const table = this.tableBox.value;
    const columns = this.columnsOf(table);
    if (!columns) {
      return;
    }
    const expression = this.input.value.trim();
    this.error.textContent = '';
    this.input.removeAttribute('aria-invalid');
    this.count.textContent = expression ? 'filtering…' : '';
    try {
      const outcome = await applyUnitsFilter(
        expression,
        columns,
        this.rowFilter
      );
      if (generation !== this.generation) {
        return;
      }
      this.count.textContent = outcome
        ? `${outcome.kept} of ${outcome.total} units`
        : '';
      this.count.setAttribute('data-kept', String(outcome?.kept ?? ''));
      this.applied = outcome ? { table, expression } : null;
      this.onChange(this.applied);
    } catch (error) {
      if (generation !== this.generation) {
        return;
      }
      // The views keep the last filter that worked; the box says what is wrong.
      this.count.textContent = '';
      this.input.setAttribute('aria-invalid', 'true');
      this.error.textContent =
        error instanceof Error ? error.message : String(error);
    }
  }
}

/** Whether a value restored from the state database is a saved filter. */
export function isSavedFilter(value: unknown): value is ISavedFilter {
  const saved = value as ISavedFilter | null | undefined;
  return (
    typeof saved?.table === 'string' && typeof saved.expression === 'string'
  );
}

/** The file's Units tables, `/units` first. */
export function unitsTables(model: INwbFileModel): INeurodataNode[] {
  return model.objects
    .filter(o => !o.softLink && o.ancestry.includes('Units'))
    .sort((a, b) => Number(b.path === '/units') - Number(a.path === '/units'));
}
