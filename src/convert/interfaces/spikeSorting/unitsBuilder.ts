/** Collects per-unit columns of all probes, each with its fidelity check. */
import type { Column } from '../../../nwb/table';
import type { IArrayCheck } from '../../modality';
import type { FidelityLedger } from '../../fidelity/ledger';
import type { IProbeSorting } from './probeData';

/** A probe with its units (clusters with spikes) and its metrics row per unit. */
export interface IProbeUnits {
  p: IProbeSorting;
  g: { clusterIds: Int32Array };
  /** Row of `clusters.metrics` for each unit. */
  rows?: Int32Array;
}

/** Value of unit `k` (cluster `cid`) of a probe. */
export type PerUnit<T> = (x: IProbeUnits, k: number, cid: number) => T;

export class UnitColumns {
  readonly columns: Column[] = [];
  readonly checks: IArrayCheck[] = [];

  constructor(
    readonly probes: IProbeUnits[],
    private readonly ledger: FidelityLedger
  ) {}

  /** The rel_paths of one dataset across probes, for the report. */
  source(name: string): string {
    return this.probes
      .map(({ p }) => p.sources.get(name) ?? `${p.collection}/${name}`)
      .join(' + ');
  }

  values(f: PerUnit<number>): Float64Array {
    return Float64Array.from(
      this.probes.flatMap(x =>
        Array.from(x.g.clusterIds, (cid, k) => f(x, k, cid))
      )
    );
  }

  texts(f: PerUnit<string>): string[] {
    return this.probes.flatMap(x =>
      Array.from(x.g.clusterIds, (cid, k) => f(x, k, cid))
    );
  }

  numeric(
    name: string,
    description: string,
    values: Float64Array | Int32Array,
    source: string,
    transform?: string
  ): void {
    this.columns.push({ name, description, values });
    this.checks.push(
      this.ledger.expect(source, `/units/${name}`, values, transform)
    );
  }

  text(
    name: string,
    description: string,
    values: string[],
    source?: string,
    transform?: string
  ): void {
    this.columns.push({ name, description, text: values });
    if (source) {
      this.checks.push(
        this.ledger.expect(source, `/units/${name}`, values, transform)
      );
    }
  }
}
