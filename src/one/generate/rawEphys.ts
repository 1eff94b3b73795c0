/** Writes a probe's raw AP excerpt: `.cbin` + `.ch` (mtscomp) and `.meta` (SpikeGLX). */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { IChannels } from './atlas';
import { ISession } from './catalogue';
import { Rng } from './rng';
import { ISizePreset } from './sizes';
import { rawEphysFiles, synthesiseAp } from './spikeglx';
import { IClusters } from './spikes';

export interface IRawEphysSpec {
  dir: string;
  index: number; // imec index: probe00 → imec0
  session: ISession;
  serial: string;
  rng: Rng;
  channels: IChannels;
  clusters: IClusters;
  size: ISizePreset;
  metaTemplate: string;
}

/** Returns the files' common base name, e.g. `_spikeglx_ephysData_g0_t0.imec0.ap`. */
export function writeRawEphys(spec: IRawEphysSpec): string {
  const s = spec.session;
  fs.mkdirSync(spec.dir, { recursive: true });
  const base = `_spikeglx_ephysData_g0_t0.imec${spec.index}.ap`;
  const raw = synthesiseAp(
    spec.rng,
    spec.channels,
    spec.clusters,
    spec.size.rawSamples,
    30000
  );
  const number = String(s.number).padStart(3, '0');
  const files = rawEphysFiles(
    raw,
    spec.metaTemplate,
    spec.size.rawChunkSeconds,
    {
      // the recording's own identity; everything else stays as in the real file
      imDatPrb_sn: spec.serial,
      fileCreateTime: s.start_time.slice(0, 19),
      fileName: `D:/iblrig_data/Subjects/${s.subject.nickname}/${s.date}/${number}/raw_ephys_data/_spikeglx_ephysData_g0/_spikeglx_ephysData_g0_imec${spec.index}/${base}.bin`
    }
  );
  fs.writeFileSync(path.join(spec.dir, `${base}.cbin`), files.compressed.cbin);
  fs.writeFileSync(path.join(spec.dir, `${base}.ch`), files.compressed.chText);
  fs.writeFileSync(path.join(spec.dir, `${base}.meta`), files.meta, 'latin1');
  return base;
}
