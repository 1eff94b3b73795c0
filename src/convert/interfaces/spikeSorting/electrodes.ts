/**
 * Devices, electrode groups and the electrodes table: one row per recorded
 * contact of every probe (bands share rows), with IBL histology (bregma µm)
 * and Allen / Beryl / Cosmos regions when the session has them.
 */
import type { INwbObject } from '../../../nwb/context';
import {
  addDevice,
  addElectrodeGroup,
  addElectrodes
} from '../../../nwb/ecephys';
import { addProbeTrajectories } from '../../../nwb/ibl';
import type { Column } from '../../../nwb/table';
import { recomputeCcfColumns } from '../../fidelity/independent/localization';
import type { IArrayCheck } from '../../modality';
import type { IRegionNames } from '../../session/atlas';
import type { ISessionContext } from '../../session/context';
import type { IProbeChannels } from './probeData';

const TABLE = '/general/extracellular_ephys/electrodes';

/** Bregma in Allen CCF v3 micrometres (ML, AP, DV), as iblatlas places it. */
const BREGMA_CCF_UM = { ml: 5739, ap: 5400, dv: 332 };

const CCF_AXES = [
  'Allen CCF v3 antero-posterior coordinate (posterior positive), in micrometres.',
  'Allen CCF v3 dorso-ventral coordinate (ventral positive), in micrometres.',
  'Allen CCF v3 medio-lateral coordinate (right positive), in micrometres.'
];

/** IBL bregma coordinates (ML, AP, DV µm; right, anterior, dorsal positive) → CCF (AP, DV, ML). */
export function ccfFromBregma(ibl: number[][]): Float64Array[] {
  const [ml, ap, dv] = ibl;
  return [
    Float64Array.from(ap, v => BREGMA_CCF_UM.ap - v),
    Float64Array.from(dv, v => BREGMA_CCF_UM.dv - v),
    Float64Array.from(ml, v => BREGMA_CCF_UM.ml + v)
  ];
}

/** `probe00` → `Probe00`, as the release names devices, groups and probe_name. */
export function probeName(label: string): string {
  return label.charAt(0).toUpperCase() + label.slice(1);
}

export interface IElectrodesWritten {
  table: INwbObject;
  groups: INwbObject[];
  /** First electrodes row of each probe. */
  firstRow: number[];
  /** Regions per probe channel (null without atlas ids or atlas). */
  regions: (IRegionNames[] | null)[];
  checks: IArrayCheck[];
}

const MODELS: Record<string, string> = {
  '3A': 'Neuropixels 1.0 (3A)',
  '3B1': 'Neuropixels 1.0',
  '3B2': 'Neuropixels 1.0',
  'NP2.1': 'Neuropixels 2.0 single shank',
  'NP2.4': 'Neuropixels 2.0 four shanks'
};

export async function writeElectrodes(
  ctx: ISessionContext,
  probes: IProbeChannels[]
): Promise<IElectrodesWritten> {
  const { nwb, ledger, atlas } = ctx;
  const groups: INwbObject[] = [];
  const group: INwbObject[] = [];
  const location: string[] = [];
  const allen: string[] = [];
  const beryl: string[] = [];
  const cosmos: string[] = [];
  const names: string[] = [];
  const channelNames: string[] = [];
  const relX: number[] = [];
  const relY: number[] = [];
  const ibl: number[][] = [[], [], []];
  const firstRow: number[] = [];
  const regions: (IRegionNames[] | null)[] = [];
  let withHistology = true;
  for (const p of probes) {
    const name = probeName(p.label);
    const model = MODELS[p.probeType ?? ''] ?? 'Neuropixels probe';
    const device = addDevice(nwb, {
      name,
      description: `A ${model} probe (${p.label}).`,
      ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
      model: { name: model, manufacturer: 'IMEC' }
    });
    const g = addElectrodeGroup(nwb, {
      name,
      description: `Electrodes of ${name}.`,
      location: 'Unresolved',
      device
    });
    groups.push(g);
    firstRow.push(location.length);
    const n = p.rawInd.length;
    const ids =
      p.atlasIds && atlas
        ? Array.from(p.atlasIds, id => atlas.region(id))
        : null;
    regions.push(ids);
    withHistology &&= p.mlapdv !== undefined;
    for (let c = 0; c < n; c++) {
      group.push(g);
      const r = ids?.[c];
      // Allen acronyms are what NWB tools check against; 'void' (outside the brain) is not
      // an Allen term, so `location` says 'root' and allen_location keeps 'void'.
      location.push(
        r ? (r.acronym === 'void' ? 'root' : r.acronym) : 'unknown'
      );
      allen.push(r ? r.acronym : 'unknown');
      beryl.push(r ? r.beryl : 'unknown');
      cosmos.push(r ? r.cosmos : 'unknown');
      names.push(`${name}e${p.rawInd[c]}`);
      channelNames.push(`AP${p.rawInd[c]},LF${p.rawInd[c]}`);
      relX.push(p.localCoordinates[2 * c]);
      relY.push(p.localCoordinates[2 * c + 1]);
      for (let k = 0; k < 3; k++) {
        ibl[k].push(p.mlapdv ? p.mlapdv[3 * c + k] : NaN);
      }
    }
  }
  const probeNames = group.map(g => g.path.split('/').pop() ?? '');
  const columns: Column[] = [
    {
      name: 'electrode_name',
      description: 'Probe and recorded channel index, e.g. Probe00e0.',
      text: names
    },
    {
      name: 'channel_name',
      description:
        'AP and LF channel names of this contact in the SpikeGLX files.',
      text: channelNames
    },
    {
      name: 'rel_x',
      description: 'x position of the contact on the probe, in micrometres.',
      values: Float64Array.from(relX)
    },
    {
      name: 'rel_y',
      description:
        'y position of the contact on the probe (from the tip), in micrometres.',
      values: Float64Array.from(relY)
    },
    { name: 'probe_name', description: 'Name of the probe.', text: probeNames },
    {
      name: 'allen_location',
      description: 'Allen CCF 2017 acronym of the brain region of the contact.',
      text: allen
    },
    {
      name: 'beryl_location',
      description: 'Beryl parcellation acronym of the brain region.',
      text: beryl
    },
    {
      name: 'cosmos_location',
      description: 'Cosmos parcellation acronym of the brain region.',
      text: cosmos
    }
  ];
  const checks: IArrayCheck[] = [];
  if (withHistology) {
    const axes: [string, string][] = [
      ['ibl_x', 'medio-lateral (right positive)'],
      ['ibl_y', 'antero-posterior (anterior positive)'],
      ['ibl_z', 'dorso-ventral (dorsal positive)']
    ];
    axes.forEach(([col, axis], k) => {
      const values = Float64Array.from(ibl[k]);
      columns.push({
        name: col,
        description: `IBL histology coordinate from bregma, ${axis}, in micrometres.`,
        values
      });
      checks.push(
        ledger.expect(
          `channels.mlapdv.npy[:,${k}] of ${probes.map(p => p.collection).join(', ')}`,
          `${TABLE}/${col}`,
          values
        )
      );
    });
    const ccf = ccfFromBregma(ibl);
    const recomputed = recomputeCcfColumns(
      Float64Array.from(
        { length: 3 * ibl[0].length },
        (_, i) => ibl[i % 3][Math.floor(i / 3)]
      )
    );
    (['x', 'y', 'z'] as const).forEach((col, k) => {
      columns.push({
        name: col,
        description: CCF_AXES[k],
        values: ccf[k]
      });
      checks.push(
        ledger.expect(
          `channels.mlapdv.npy of ${probes.map(p => p.collection).join(', ')}`,
          `${TABLE}/${col}`,
          recomputed[k],
          'Allen CCF from bregma: x = 5400 - AP, y = 332 - DV, z = 5739 + ML (µm)'
        )
      );
    });
  }
  const table = await addElectrodes(nwb, {
    location,
    group,
    columns,
    description:
      "One row per recorded contact of each probe; bands (AP, LF) share rows. location: Allen acronym of the contact's region ('root' outside the brain, where allen_location says 'void')."
  });
  const sources = probes.map(p => p.collection).join(', ');
  checks.push(
    ledger.expect(
      `channels.localCoordinates.npy[:,0] of ${sources}`,
      `${TABLE}/rel_x`,
      Float64Array.from(relX)
    ),
    ledger.expect(
      `channels.localCoordinates.npy[:,1] of ${sources}`,
      `${TABLE}/rel_y`,
      Float64Array.from(relY)
    ),
    ledger.expect(
      `channels.rawInd.npy of ${sources}`,
      `${TABLE}/channel_name`,
      channelNames,
      'AP<rawInd>,LF<rawInd>'
    ),
    ledger.expect(
      `channels.brainLocationIds_ccf_2017.npy of ${sources}`,
      `${TABLE}/location`,
      location,
      'Allen acronym of the atlas id, void → root'
    ),
    ledger.expect(
      `channels.brainLocationIds_ccf_2017.npy of ${sources}`,
      `${TABLE}/beryl_location`,
      beryl,
      'nearest Beryl ancestor of the atlas id'
    )
  );
  return { table, groups, firstRow, regions, checks };
}

/**
 * Write the electrodes of `probes`, note each probe's rows for raw ephys,
 * and write the insertions' Alyx trajectories beside their devices.
 */
export async function writeProbeElectrodes(
  ctx: ISessionContext,
  probes: IProbeChannels[]
): Promise<IElectrodesWritten> {
  const electrodes = await writeElectrodes(ctx, probes);
  await writeTrajectories(ctx, probes);
  ctx.electrodes = {
    table: electrodes.table,
    probes: new Map(
      probes.map((p, i) => [
        p.label,
        {
          firstRow: electrodes.firstRow[i],
          rawInd: p.rawInd,
          channels: p,
          regions: electrodes.regions[i]
        }
      ])
    )
  };
  return electrodes;
}

const orNaN = (value: number | null) => (value === null ? NaN : value);

/** The metadata's trajectories of the probes written (none: nothing written). */
async function writeTrajectories(
  ctx: ISessionContext,
  probes: IProbeChannels[]
): Promise<void> {
  const tables = probes.flatMap(p => {
    const probe = ctx.probes?.find(m => m.name === p.label);
    if (!probe || probe.trajectories.length === 0) {
      return [];
    }
    const name = probeName(p.label);
    return [
      {
        name,
        device: { ctx: ctx.nwb.ctx, path: `/general/devices/${name}` },
        rows: probe.trajectories.map(t => ({
          pid: probe.pid,
          source: t.provenance,
          ml: orNaN(t.x),
          ap: orNaN(t.y),
          dv: orNaN(t.z),
          depthUm: orNaN(t.depth),
          theta: orNaN(t.theta),
          phi: orNaN(t.phi),
          roll: orNaN(t.roll)
        }))
      }
    ];
  });
  if (tables.length > 0) {
    await addProbeTrajectories(ctx.nwb, tables);
  }
}
