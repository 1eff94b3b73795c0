/**
 * Probe geometry and brain regions. Channel positions follow the Neuropixels
 * 1.0 checkerboard (4 x-positions, 20 µm rows). Regions come from the real Allen
 * structure tree in the fixtures, along insertion paths typical of the Brain Wide
 * Map (cortex → hippocampus → thalamus, cortex → striatum, …).
 */
import * as fs from 'node:fs';

import { GeneratorError } from './errors';
import { Rng } from './rng';

export const N_CHANNELS = 384;
const NP1_X_UM = [43, 11, 59, 27];

export interface IRegion {
  id: number;
  acronym: string;
  name: string;
}

/** Allen structure tree: acronym → region, read from `allen_structure_tree.csv`. */
export function readStructureTree(path: string): Map<string, IRegion> {
  if (!fs.existsSync(path)) {
    throw new GeneratorError(
      path,
      'the Allen structure tree is missing',
      'pass --fixtures pointing at shared/fixtures'
    );
  }
  const lines = fs.readFileSync(path, 'utf8').split(/\r?\n/);
  const header = lines[0].split(',');
  const iId = header.indexOf('id');
  const iAcr = header.indexOf('acronym');
  const iName = header.indexOf('name');
  if (iId < 0 || iAcr < 0 || iName < 0) {
    throw new GeneratorError(
      path,
      'no id/acronym/name columns in the header',
      'use iblatlas allen_structure_tree.csv'
    );
  }
  const tree = new Map<string, IRegion>();
  for (const line of lines.slice(1)) {
    // names never contain commas in the columns we read except when quoted; skip those rows
    const cells = line.split(',');
    if (cells.length < header.length || line.includes('"')) {
      continue;
    }
    tree.set(cells[iAcr], {
      id: Number(cells[iId]),
      acronym: cells[iAcr],
      name: cells[iName]
    });
  }
  return tree;
}

/** Insertion paths from the tip upwards: [acronym, thickness µm]. */
const PATHS: [string, number][][] = [
  [
    ['VPM', 500],
    ['PO', 500],
    ['LP', 450],
    ['DG-po', 120],
    ['DG-sg', 80],
    ['DG-mo', 150],
    ['CA1', 250],
    ['alv', 80],
    ['VISa6b', 50],
    ['VISa6a', 200],
    ['VISa5', 200],
    ['VISa4', 100],
    ['VISa2/3', 250],
    ['VISa1', 100]
  ],
  [
    ['ACB', 600],
    ['CP', 1800],
    ['ccb', 150],
    ['MOs6b', 50],
    ['MOs6a', 250],
    ['MOs5', 300],
    ['MOs2/3', 250],
    ['MOs1', 100]
  ],
  [
    ['ZI', 300],
    ['VPL', 700],
    ['DG-po', 100],
    ['DG-sg', 80],
    ['DG-mo', 150],
    ['CA1', 250],
    ['or', 60],
    ['SSp-bfd6b', 50],
    ['SSp-bfd6a', 250],
    ['SSp-bfd5', 250],
    ['SSp-bfd4', 150],
    ['SSp-bfd2/3', 250],
    ['SSp-bfd1', 100]
  ],
  [
    ['PAG', 400],
    ['MRN', 900],
    ['APN', 400],
    ['SCiw', 300],
    ['SCig', 350],
    ['SCop', 200],
    ['SCsg', 200],
    ['fi', 100],
    ['RSPagl6a', 200],
    ['RSPagl5', 250],
    ['RSPagl2/3', 200],
    ['RSPagl1', 100]
  ]
];

export interface IChannels {
  localCoordinates: Float64Array; // (384, 2) x, y µm on the probe
  mlapdv: Float64Array; // (384, 3) µm from bregma
  brainLocationIds: BigInt64Array; // Allen ids; 0 (void) above the brain
  rawInd: BigInt64Array;
  acronyms: string[];
}

/** Channels of one insertion: geometry, CCF-like coordinates and regions. */
export function placeChannels(
  rng: Rng,
  tree: Map<string, IRegion>,
  pathIndex?: number
): IChannels {
  const path = PATHS[pathIndex ?? rng.int(PATHS.length)];
  const entry = [rng.between(-3000, 3000), rng.between(-4500, 1500), 0]; // ml, ap, dv at the brain surface
  const theta = (rng.between(10, 20) * Math.PI) / 180; // tilt from vertical, in the ML plane
  const brainDepth = path.reduce((a, [, w]) => a + w, 0);
  const tipDepth = Math.min(brainDepth, 3840) - rng.between(0, 200); // µm of probe inside the brain
  const local = new Float64Array(2 * N_CHANNELS);
  const mlapdv = new Float64Array(3 * N_CHANNELS);
  const ids = new BigInt64Array(N_CHANNELS);
  const acronyms: string[] = [];
  for (let c = 0; c < N_CHANNELS; c++) {
    const y = 20 + 20 * Math.floor(c / 2);
    local[2 * c] = NP1_X_UM[c % 4];
    local[2 * c + 1] = y;
    const depth = tipDepth - y; // µm below the surface along the shank
    mlapdv[3 * c] = entry[0] + depth * Math.sin(theta);
    mlapdv[3 * c + 1] = entry[1];
    mlapdv[3 * c + 2] = entry[2] - depth * Math.cos(theta);
    let acronym = 'void';
    if (depth >= 0) {
      let below = brainDepth - depth; // µm above the deepest point of the path
      acronym = path[path.length - 1][0];
      for (const [name, width] of path) {
        if (below < width) {
          acronym = name;
          break;
        }
        below -= width;
      }
    }
    const region = tree.get(acronym);
    if (!region) {
      throw new GeneratorError(
        'allen_structure_tree.csv',
        `no region with acronym ${acronym}`,
        'use the iblatlas tree from the fixtures'
      );
    }
    ids[c] = BigInt(region.id);
    acronyms.push(acronym);
  }
  return {
    localCoordinates: local,
    mlapdv,
    brainLocationIds: ids,
    rawInd: BigInt64Array.from({ length: N_CHANNELS }, (_, i) => BigInt(i)),
    acronyms
  };
}
