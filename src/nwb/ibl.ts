/**
 * ndx-ibl types beyond the subject: IblMetadata (`/general/ibl_metadata`) and
 * the probe insertion trajectories (`/general/ibl_probe_insertion_trajectories`).
 */
import { INwbObject } from './context';
import { addLabMetaData } from './containers';
import type { NWBFile } from './file';
import { getGroup, textAttr } from './h5';
import { writeTable } from './table';

/**
 * Records the ALF revision the processed data came from (the latest read)
 * and, as JSON, the revision each modality read (passive can differ).
 */
export function addIblMetadata(
  nwb: NWBFile,
  revision: string,
  byModality: Record<string, string> = {},
  qcPolicy?: object
): INwbObject {
  const meta = addLabMetaData(nwb, 'ibl_metadata', 'IblMetadata', 'ndx-ibl');
  const group = getGroup(nwb.ctx.file, meta.path, nwb.ctx.fsPath);
  textAttr(group, 'revision', revision);
  if (Object.keys(byModality).length > 0) {
    textAttr(group, 'revisions', JSON.stringify(byModality));
  }
  if (qcPolicy) {
    textAttr(group, 'qc_policy', JSON.stringify(qcPolicy));
  }
  return meta;
}

/** One Alyx trajectory of a probe insertion (IBL bregma µm, degrees; NaN when unknown). */
export interface IProbeTrajectory {
  pid: string;
  source: string;
  ml: number;
  ap: number;
  dv: number;
  depthUm: number;
  theta: number;
  phi: number;
  roll: number;
}

/** One table per probe (named as its device), one row per trajectory provenance. */
export async function addProbeTrajectories(
  nwb: NWBFile,
  probes: { device: INwbObject; name: string; rows: IProbeTrajectory[] }[]
): Promise<INwbObject> {
  const container = addLabMetaData(
    nwb,
    'ibl_probe_insertion_trajectories',
    'IblProbeInsertionTrajectories',
    'ndx-ibl'
  );
  const number = (
    name: string,
    pick: (row: IProbeTrajectory) => number,
    rows: IProbeTrajectory[],
    description: string
  ) => ({ name, description, values: Float64Array.from(rows, pick) });
  for (const { device, name, rows } of probes) {
    await writeTable(container, {
      name,
      description: `Trajectories of the ${name} insertion, one row per provenance, as Alyx records them.`,
      neurodataType: 'IblProbeInsertionTrajectoryTable',
      namespace: 'ndx-ibl',
      columns: [
        {
          name: 'device',
          description: 'The probe (Device) this trajectory belongs to.',
          references: rows.map(() => device)
        },
        {
          name: 'pid',
          description: 'Alyx probe insertion id.',
          text: rows.map(r => r.pid)
        },
        {
          name: 'trajectory_source',
          description: "Provenance of the trajectory (Alyx 'provenance').",
          text: rows.map(r => r.source)
        },
        number(
          'ml',
          r => r.ml,
          rows,
          'Medio-lateral coordinate of the insertion from bregma, right positive, in micrometres.'
        ),
        number(
          'ap',
          r => r.ap,
          rows,
          'Antero-posterior coordinate of the insertion from bregma, anterior positive, in micrometres.'
        ),
        number(
          'dv',
          r => r.dv,
          rows,
          'Dorso-ventral coordinate of the insertion from bregma, dorsal positive, in micrometres.'
        ),
        number(
          'depth_um',
          r => r.depthUm,
          rows,
          'Insertion depth along the probe, in micrometres.'
        ),
        number(
          'theta',
          r => r.theta,
          rows,
          'Polar angle from vertical, in degrees.'
        ),
        number(
          'phi',
          r => r.phi,
          rows,
          'Azimuth from the right (ML) axis, counter-clockwise, in degrees.'
        ),
        number(
          'roll',
          r => r.roll,
          rows,
          'Roll of the probe about its axis, in degrees.'
        )
      ]
    });
  }
  return container;
}
