import { CORE_TYPES } from './coreTypes';
import type { ITypeDef } from './specifications';

/**
 * Type ancestry from the file's cached specifications, falling back to the
 * built-in core/hdmf-common map, so an extension subtype (ndx-pose's
 * PoseEstimationSeries) resolves to its parents (SpatialSeries, TimeSeries)
 * and gets their views.
 */
export class TypeRegistry {
  private readonly byQualifiedName = new Map<string, ITypeDef>();
  private readonly byName = new Map<string, ITypeDef>();

  constructor(cached: readonly ITypeDef[]) {
    for (const def of cached) {
      this.byQualifiedName.set(`${def.namespace}/${def.name}`, def);
      if (!this.byName.has(def.name) || def.namespace === 'core') {
        this.byName.set(def.name, def);
      }
    }
  }

  /** Whether the type is defined in the cache or known built-in. */
  knows(type: string): boolean {
    return this.byName.has(type) || type in CORE_TYPES;
  }

  /** `[type, parent, grandparent, …]`; unknown types end the chain. */
  ancestry(type: string, namespace?: string): string[] {
    const chain: string[] = [];
    let current: string | null = type;
    let ns = namespace;
    while (current && !chain.includes(current)) {
      chain.push(current);
      const def = this.lookup(current, ns);
      current = def?.parent ?? null;
      ns = def?.namespace;
    }
    return chain;
  }

  /** Whether `type` is `base` or one of its subtypes. */
  isA(type: string, base: string, namespace?: string): boolean {
    return this.ancestry(type, namespace).includes(base);
  }

  private lookup(type: string, namespace?: string): ITypeDef | undefined {
    const qualified = namespace
      ? this.byQualifiedName.get(`${namespace}/${type}`)
      : undefined;
    const cached = qualified ?? this.byName.get(type);
    if (cached) {
      return cached;
    }
    const builtin = CORE_TYPES[type];
    return builtin
      ? { name: type, parent: builtin[0], namespace: builtin[1] }
      : undefined;
  }
}
