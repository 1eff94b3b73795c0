/**
 * `/general/localization` as the release writes it (ndx-anatomical-localization): the spaces
 * `IBLBregma` and `AllenCCFv3`, and the tables `ElectrodesIBLBregma` (ML, AP, DV µm from
 * bregma, atlas id, Allen / Beryl / Cosmos acronyms) and `ElectrodesCCFv3` (AP, DV, ML µm in
 * the CCF volume, Allen acronym), one row per electrode of every probe with a resolved
 * histology alignment, each pointing at its electrodes row. It runs after the electrodes
 * table is written (spike sorting, or the raw file's electrodes) and reuses its values.
 */
import type { Column } from '../../../nwb/table';
import {
  addAllenCcfV3Space,
  addCoordinatesTable,
  addLocalization,
  addSpace
} from '../../../nwb/localization';
import { recomputeCcfColumns } from '../../fidelity/independent/localization';
import { InterfaceSkipped, type IArrayCheck } from '../../modality';
import type { FidelityLedger } from '../../fidelity/ledger';
import {
  addNote,
  type IProbeElectrodes,
  type ISessionContext,
  type ISessionInterface,
  type ISessionPlan
} from '../../session/context';
import { alignmentAllowed } from '../../session/qcPolicy';
import {
  HISTOLOGY,
  iblColumns,
  localizationRows,
  type ILocalizationRows
} from './localizationRows';
import { findProbes } from '../spikeSorting/probeData';

const ROOT = '/general/localization';
const METHOD = 'IBL histology alignment pipeline';

const IBL_AXES = [
  'Medio-lateral coordinate from bregma (right positive), in micrometres.',
  'Antero-posterior coordinate from bregma (anterior positive), in micrometres.',
  'Dorso-ventral coordinate from bregma (dorsal positive), in micrometres.'
];
const CCF_AXES = [
  'Allen CCF v3 antero-posterior coordinate (posterior positive), in micrometres.',
  'Allen CCF v3 dorso-ventral coordinate (ventral positive), in micrometres.',
  'Allen CCF v3 medio-lateral coordinate (right positive), in micrometres.'
];
const PROBE_NAME =
  'IBL probe name in canonical format (e.g., Probe00, Probe01).';
const BRAIN_REGION =
  "Allen CCF 2017 acronym of the electrode's brain region ('void' outside the brain).";

/** Probes whose channel collection records both histology datasets. */
function probesWithHistology(ctx: ISessionPlan) {
  return findProbes(ctx.data.index).filter(p =>
    HISTOLOGY.every(name => ctx.data.index.find(p.collection, name))
  );
}

/**
 * The probes the QC policy lets through: with its alignment gate on, only those whose
 * insertion Alyx records as resolved (`Probes[].alignment_resolved`); each other one noted.
 */
function gated(ctx: ISessionContext, electrodes: IProbeElectrodes) {
  const probes = new Map(electrodes.probes);
  for (const label of electrodes.probes.keys()) {
    if (!alignmentAllowed(ctx, label)) {
      probes.delete(label);
      addNote(
        ctx,
        'localization',
        `${label}: not localized: the QC policy requires a resolved histology alignment, and the metadata does not record ${label}'s as resolved (Probes[].alignment_resolved)`
      );
    }
  }
  return { ...electrodes, probes };
}

export const localizationInterface: ISessionInterface = {
  name: 'localization',
  title: 'Anatomical localization (IBL bregma and Allen CCF)',
  kind: 'processed',
  datasets: ctx =>
    findProbes(ctx.data.index).flatMap(p =>
      HISTOLOGY.map(name => ({
        name,
        collection: p.collection,
        optional: true
      }))
    ),
  availability(ctx) {
    if (findProbes(ctx.data.index).length === 0) {
      return {
        available: false,
        reason:
          'the session has no alf/probe*/spikes.times.npy in its dataset records'
      };
    }
    if (probesWithHistology(ctx).length === 0) {
      return {
        available: false,
        reason: `no probe has a resolved histology alignment (${HISTOLOGY.join(' and ')} in alf/probeXX)`
      };
    }
    return { available: true };
  },
  // What only a run knows: the atlas tables given, and the electrodes table written.
  ready(ctx) {
    if (!ctx.atlas) {
      return {
        available: false,
        reason:
          'brain regions need the iblatlas tables (allen_structure_tree.csv, beryl.npy, cosmos.npy): give their folder (--atlas)'
      };
    }
    if (!ctx.electrodes) {
      return {
        available: false,
        reason:
          "no electrodes table was written in this file (by spike sorting or the probes' electrodes): nothing to localize"
      };
    }
    return { available: true };
  },
  async write(ctx, progress, signal) {
    const allowed = gated(ctx, ctx.electrodes!);
    if (allowed.probes.size === 0) {
      throw new InterfaceSkipped(
        'the QC policy requires a resolved histology alignment and no probe has one recorded'
      );
    }
    const { rows, skipped } = localizationRows(allowed);
    for (const s of skipped) {
      addNote(ctx, 'localization', `${s.label}: ${s.reason}`);
    }
    if (rows.electrodeRows.length === 0) {
      throw new InterfaceSkipped(skipped.map(s => s.reason).join('; '));
    }
    // The histology datasets were read with the electrodes; record their revision for
    // this modality too (the release pins the histology's).
    for (const collection of rows.collections) {
      HISTOLOGY.forEach(name => ctx.data.dataset(collection, name));
    }
    signal.throwIfAborted();
    progress(0.2);
    const checks = await writeTables(ctx, rows);
    progress(1);
    return checks;
  }
};

/** Where a column's values came from: one file's rel_path, or the name and every collection. */
function sourceOf(rows: ILocalizationRows, name: string, suffix = ''): string {
  if (rows.sources.length === 1) {
    const path = rows.sources[0].get(name);
    if (path) {
      return `${path}${suffix}`;
    }
  }
  return `${name}${suffix} of ${rows.collections.join(', ')}`;
}

async function writeTables(
  ctx: ISessionContext,
  rows: ILocalizationRows
): Promise<IArrayCheck[]> {
  const { nwb, ledger } = ctx;
  const localization = addLocalization(nwb);
  const iblSpace = addSpace(localization, {
    name: 'IBLBregma',
    spaceName: 'IBLBregma',
    origin: 'bregma',
    units: 'um',
    orientation: 'RAS'
  });
  const ccfSpace = addAllenCcfV3Space(localization);
  const ibl = iblColumns(rows.mlapdv).map(c => Float64Array.from(c));
  const entity = { table: ctx.electrodes!.table, rows: rows.electrodeRows };
  const allen = rows.regions.map(r => r.acronym);
  const axis = (name: string, description: string, values: Float64Array) => ({
    name,
    description,
    values
  });
  const iblExtra: Column[] = [
    { name: 'probe_name', description: PROBE_NAME, text: rows.probeNames },
    {
      name: 'atlas_id',
      description:
        'Allen Brain Atlas region ID. Negative values indicate left hemisphere, positive values indicate right hemisphere.',
      values: { values: rows.atlasIds, dtype: 'int64' }
    },
    {
      name: 'beryl_location',
      description: 'Brain region in IBL Beryl atlas (coarse grouping).',
      text: rows.regions.map(r => r.beryl)
    },
    {
      name: 'cosmos_location',
      description: 'Brain region in IBL Cosmos atlas (very coarse grouping).',
      text: rows.regions.map(r => r.cosmos)
    }
  ];
  await addCoordinatesTable(localization, {
    name: 'ElectrodesIBLBregma',
    description: 'Electrode positions in the IBL-Bregma coordinate system',
    space: iblSpace,
    method: METHOD,
    localizedEntity: entity,
    x: axis('x', IBL_AXES[0], ibl[0]),
    y: axis('y', IBL_AXES[1], ibl[1]),
    z: axis('z', IBL_AXES[2], ibl[2]),
    columns: iblExtra,
    brainRegion: allen,
    brainRegionDescription: BRAIN_REGION
  });
  await addCoordinatesTable(localization, {
    name: 'ElectrodesCCFv3',
    description: 'Electrode positions in the Allen CCF coordinate system',
    space: ccfSpace,
    method: METHOD,
    localizedEntity: entity,
    x: axis('x', CCF_AXES[0], rows.ccf[0]),
    y: axis('y', CCF_AXES[1], rows.ccf[1]),
    z: axis('z', CCF_AXES[2], rows.ccf[2]),
    columns: [
      { name: 'probe_name', description: PROBE_NAME, text: rows.probeNames }
    ],
    brainRegion: allen,
    brainRegionDescription: BRAIN_REGION
  });
  return [
    ...iblChecks(ledger, rows, ibl),
    ...ccfChecks(ledger, rows),
    ...regionChecks(ledger, rows, allen)
  ];
}

function iblChecks(
  ledger: FidelityLedger,
  rows: ILocalizationRows,
  ibl: Float64Array[]
): IArrayCheck[] {
  const table = `${ROOT}/ElectrodesIBLBregma`;
  return [
    ...(['x', 'y', 'z'] as const).map((col, k) =>
      ledger.expect(
        sourceOf(rows, 'channels.mlapdv.npy', `[:,${k}]`),
        `${table}/${col}`,
        ibl[k]
      )
    ),
    ledger.expect(
      sourceOf(rows, 'channels.brainLocationIds_ccf_2017.npy'),
      `${table}/atlas_id`,
      rows.atlasIds
    )
  ];
}

function ccfChecks(
  ledger: FidelityLedger,
  rows: ILocalizationRows
): IArrayCheck[] {
  const recomputed = recomputeCcfColumns(rows.mlapdv);
  return (['x', 'y', 'z'] as const).map((col, k) =>
    ledger.expect(
      sourceOf(rows, 'channels.mlapdv.npy'),
      `${ROOT}/ElectrodesCCFv3/${col}`,
      recomputed[k],
      'Allen CCF from bregma: x = 5400 - AP, y = 332 - DV, z = 5739 + ML (µm)'
    )
  );
}

/** Rows, probe names and regions: derived from the channels, checked as written. */
function regionChecks(
  ledger: FidelityLedger,
  rows: ILocalizationRows,
  allen: string[]
): IArrayCheck[] {
  const ids = sourceOf(rows, 'channels.brainLocationIds_ccf_2017.npy');
  const rawInd = sourceOf(rows, 'channels.rawInd.npy');
  return ['ElectrodesIBLBregma', 'ElectrodesCCFv3'].flatMap(name => {
    const table = `${ROOT}/${name}`;
    return [
      ledger.expect(
        rawInd,
        `${table}/localized_entity`,
        Float64Array.from(rows.electrodeRows),
        "electrodes row of each channel (the probe's first row + channel index)"
      ),
      ledger.expect(
        `probe collections ${rows.collections.join(', ')}`,
        `${table}/probe_name`,
        rows.probeNames,
        'probeXX → ProbeXX'
      ),
      ledger.expect(
        ids,
        `${table}/brain_region`,
        allen,
        'Allen acronym of the atlas id (iblatlas structure tree)'
      ),
      ...(name === 'ElectrodesIBLBregma'
        ? [
            ledger.expect(
              ids,
              `${table}/beryl_location`,
              rows.regions.map(r => r.beryl),
              'nearest Beryl ancestor of the atlas id'
            ),
            ledger.expect(
              ids,
              `${table}/cosmos_location`,
              rows.regions.map(r => r.cosmos),
              'nearest Cosmos ancestor of the atlas id'
            )
          ]
        : [])
    ];
  });
}
