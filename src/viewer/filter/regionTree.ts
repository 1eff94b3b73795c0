/**
 * The Allen brain-region hierarchy, so a filter can name a region at any
 * level: CA keeps units in CA1, CA2 and CA3; HPF keeps all of hippocampus;
 * Beryl and Cosmos regions are Allen regions too, so they work the same.
 * Acronyms are matched exactly (Allen's case: "CA1", "VISp5").
 */
export class RegionTree {
  private readonly parents: ReadonlyMap<string, string>;

  constructor(pairs: Iterable<readonly [string, string]>) {
    this.parents = new Map(pairs);
  }

  /** Whether `acronym` is an Allen region. */
  has(acronym: string): boolean {
    return this.parents.has(acronym);
  }

  /** Whether `acronym` is `ancestor` or lies inside it. */
  within(acronym: string, ancestor: string): boolean {
    let at: string | undefined = acronym;
    // The tree is 10-odd levels deep; the bound guards a cyclic table.
    for (let depth = 0; at && depth < 64; depth++) {
      if (at === ancestor) {
        return true;
      }
      at = this.parents.get(at);
    }
    return false;
  }
}

let loading: Promise<RegionTree> | null = null;

/** The bundled tree (14 kB), loaded on first use. */
export function loadRegionTree(): Promise<RegionTree> {
  loading ??= import('./atlas/regionTreeData').then(
    module =>
      new RegionTree(
        module.REGION_PARENTS.split('\n').map(
          line => line.split('\t') as [string, string]
        )
      )
  );
  return loading;
}
