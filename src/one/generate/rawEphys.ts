/**
 * Writes a probe's raw AP and LF excerpts: `.cbin` + `.ch` (mtscomp) and
 * `.meta` (SpikeGLX) per band. Each band has its own length (sizes.ts): the
 * LF excerpt must outnumber its 384 channels.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { IChannels } from './atlas';
import { ISession } from './catalogue';
import { AP_PER_LF, lfMetaTemplate, synthesiseLf } from './lfBand';
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
  /** Its own stream, so the AP samples stay those of sessions generated before the LF band. */
  lfRng: Rng;
  channels: IChannels;
  clusters: IClusters;
  size: ISizePreset;
  metaTemplate: string;
}

/** Returns the AP files' common base name, e.g. `_spikeglx_ephysData_g0_t0.imec0.ap`. */
export function writeRawEphys(spec: IRawEphysSpec): string {
  fs.mkdirSync(spec.dir, { recursive: true });
  const base = `_spikeglx_ephysData_g0_t0.imec${spec.index}.ap`;
  const ap = synthesiseAp(
    spec.rng,
    spec.channels,
    spec.clusters,
    spec.size.rawSamples,
    30000
  );
  writeBand(spec, base, ap, spec.metaTemplate);
  const lfTemplate = lfMetaTemplate(spec.metaTemplate);
  const lf = synthesiseLf(spec.lfRng, spec.size.lfSamples, 30000 / AP_PER_LF);
  writeBand(spec, base.replace(/\.ap$/, '.lf'), lf, lfTemplate);
  return base;
}

function writeBand(
  spec: IRawEphysSpec,
  base: string,
  raw: Int16Array,
  template: string
): void {
  const s = spec.session;
  const number = String(s.number).padStart(3, '0');
  const files = rawEphysFiles(raw, template, spec.size.rawChunkSeconds, {
    // the recording's own identity; everything else stays as in the real file
    imDatPrb_sn: spec.serial,
    fileCreateTime: s.start_time.slice(0, 19),
    fileName: `D:/iblrig_data/Subjects/${s.subject.nickname}/${s.date}/${number}/raw_ephys_data/_spikeglx_ephysData_g0/_spikeglx_ephysData_g0_imec${spec.index}/${base}.bin`
  });
  fs.writeFileSync(path.join(spec.dir, `${base}.cbin`), files.compressed.cbin);
  fs.writeFileSync(path.join(spec.dir, `${base}.ch`), files.compressed.chText);
  fs.writeFileSync(path.join(spec.dir, `${base}.meta`), files.meta, 'latin1');
}
