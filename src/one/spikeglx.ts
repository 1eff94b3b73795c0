/**
 * SpikeGLX `.meta` files → a typed description of the recording: probe
 * type, sample rate, channel counts, saved channels, geometry, channel map
 * and the integer → volts factor of every saved channel.
 */
import { CorruptFileError } from './errors';

export type ProbeType =
  | '3A'
  | '3B1'
  | '3B2'
  | 'NP2.1'
  | 'NP2.4'
  | 'NPultra'
  | 'NP2QB'
  | 'NHP'
  | 'nidq'
  | 'unknown';

/** One site of the probe as the meta file places it. */
export interface ISite {
  shank: number;
  /** µm, from `snsGeomMap` (newer files). */
  x?: number;
  y?: number;
  /** Column / row indices, from `snsShankMap` (older files). */
  col?: number;
  row?: number;
  used: boolean;
}

export interface IChannelMapEntry {
  name: string;
  /** Position in acquisition order. */
  acquisition: number;
  /** Position in the file's saved order (SpikeGLX's "user order"). */
  order: number;
}

export interface ISpikeGlxMeta {
  /** Every key as written (`~` prefix removed), values trimmed. */
  raw: Record<string, string>;
  typeThis: string;
  probeType: ProbeType;
  /** Sample rate in Hz (`imSampRate` or `niSampRate`). */
  sampleRate: number;
  nSavedChans: number;
  /** AP, LF and sync channel counts for imec files (`snsApLfSy`). */
  apLfSy?: [number, number, number];
  /** `ap`, `lf` or `nidq`, from the channel counts. */
  band: 'ap' | 'lf' | 'nidq' | 'unknown';
  /** Samples in the raw `.bin` described (from `fileSizeBytes`). */
  nSamples?: number;
  fileTimeSecs?: number;
  firstSample?: number;
  serialNumber?: string;
  /** Acquisition channel index of each saved channel. */
  savedChannels: number[];
  /** Volts per integer step of each saved channel (1 for sync/digital). */
  conversionFactors: number[];
  sites: ISite[];
  channelMap: IChannelMapEntry[];
}

/** Split the text into key/value pairs (IBL's rules: first `=`, `~` dropped). */
export function parseMetaText(text: string): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq < 1) {
      continue;
    }
    const key = line.slice(0, eq).trim().replace(/^~/, '');
    raw[key] = line.slice(eq + 1).trim();
  }
  return raw;
}

/** Parenthesised entries of a table value: `(a,b)(c:d)` → [['a','b'], ['c','d']]. */
function entries(value: string | undefined): string[][] {
  if (!value) {
    return [];
  }
  return [...value.matchAll(/\(([^)]*)\)/g)].map(m => m[1].split(/[ ,:;]/));
}

function num(raw: Record<string, string>, key: string): number | undefined {
  const v = raw[key];
  return v === undefined || v === '' || !Number.isFinite(Number(v))
    ? undefined
    : Number(v);
}

function probeTypeOf(raw: Record<string, string>): ProbeType {
  if (raw.typeThis === 'nidq') {
    return 'nidq';
  }
  if ('typeEnabled' in raw) {
    return '3A';
  }
  switch (num(raw, 'imDatPrb_type')) {
    case 0:
      return 'imDatPrb_port' in raw && 'imDatPrb_slot' in raw ? '3B2' : '3B1';
    case 21:
    case 2003:
      return 'NP2.1';
    case 24:
    case 2013:
      return 'NP2.4';
    case 1100:
      return 'NPultra';
    case 2020:
      return 'NP2QB';
    case 1030:
      return 'NHP';
    default:
      return 'unknown';
  }
}

/** `all` or `0:383,768` → acquisition indices. */
function savedChannelsOf(subset: string | undefined, nSaved: number): number[] {
  if (!subset || subset === 'all') {
    return Array.from({ length: nSaved }, (_, i) => i);
  }
  const out: number[] = [];
  for (const part of subset.split(',')) {
    const [a, b] = part.split(':').map(Number);
    for (let c = a; c <= (b ?? a); c++) {
      out.push(c);
    }
  }
  return out;
}

function imecFactors(
  raw: Record<string, string>,
  probe: ProbeType,
  saved: number[],
  counts: number[]
): number[] {
  const range = num(raw, 'imAiRangeMax') ?? 0.6;
  const np2 = ['NP2.1', 'NP2.4', 'NP2QB'].includes(probe);
  const maxInt = num(raw, 'imMaxInt') ?? (np2 ? 8192 : 512);
  const imro = entries(raw.imroTbl).slice(1);
  const [nAp, nLf] = counts;
  let np2Gain = num(raw, 'imChan0apGain');
  if (np2Gain === undefined) {
    np2Gain = /^NP20[01]0$/.test(raw.imDatPrb_pn ?? '') ? 80 : 100;
  }
  return saved.map(c => {
    const isAp = c < nAp;
    const isLf = !isAp && c < nAp + nLf;
    if (!isAp && !isLf) {
      return 1; // sync word
    }
    const site = isAp ? c : c - nAp;
    const row = imro[site];
    // NP1 rows: (chan bank ref apGain lfGain [apHipass]); NP2 rows carry no gains.
    const gain =
      row && row.length >= 5 && !np2 ? Number(row[isAp ? 3 : 4]) : np2Gain;
    return range / maxInt / gain;
  });
}

function nidqFactors(raw: Record<string, string>, saved: number[]): number[] {
  const [mn, ma, xa] = (raw.snsMnMaXaDw ?? '0,0,0,0').split(',').map(Number);
  const range = num(raw, 'niAiRangeMax') ?? 5;
  const maxInt = num(raw, 'niMaxInt') ?? 32768;
  const mnGain = num(raw, 'niMNGain') ?? 1;
  const maGain = num(raw, 'niMAGain') ?? 1;
  return saved.map(c => {
    if (c < mn) {
      return range / maxInt / mnGain;
    }
    if (c < mn + ma) {
      return range / maxInt / maGain;
    }
    return c < mn + ma + xa ? range / maxInt : 1;
  });
}

function sitesOf(raw: Record<string, string>): ISite[] {
  const geom = entries(raw.snsGeomMap).slice(1);
  if (geom.length) {
    return geom.map(([s, x, y, u]) => ({
      shank: Number(s),
      x: Number(x),
      y: Number(y),
      used: u === '1'
    }));
  }
  return entries(raw.snsShankMap)
    .slice(1)
    .map(([s, c, r, u]) => ({
      shank: Number(s),
      col: Number(c),
      row: Number(r),
      used: u === '1'
    }));
}

/** Parse a `.meta` file's text. `path` names the file in errors. */
export function parseSpikeGlxMeta(text: string, path: string): ISpikeGlxMeta {
  const raw = parseMetaText(text);
  const nSavedChans = num(raw, 'nSavedChans');
  const sampleRate = num(raw, 'imSampRate') ?? num(raw, 'niSampRate');
  if (!nSavedChans || !sampleRate) {
    throw new CorruptFileError(
      path,
      'not a SpikeGLX .meta file (nSavedChans or the sample rate is missing)'
    );
  }
  const typeThis = raw.typeThis ?? ('typeEnabled' in raw ? 'imec' : 'unknown');
  const probeType = probeTypeOf(raw);
  const counts = (raw.snsApLfSy ?? '').split(',').map(Number);
  const apLfSy =
    counts.length === 3 && counts.every(Number.isFinite)
      ? (counts as [number, number, number])
      : undefined;
  const band =
    typeThis === 'nidq'
      ? 'nidq'
      : !apLfSy
        ? 'unknown'
        : apLfSy[0] > 0
          ? 'ap'
          : 'lf';
  const savedChannels = savedChannelsOf(raw.snsSaveChanSubset, nSavedChans);
  const fileSizeBytes = num(raw, 'fileSizeBytes');
  // Saved-channel indices count in acquisition order: AP, then LF, then sync.
  const acquired = (raw.acqApLfSy ?? '').split(',').map(Number);
  const acqCounts =
    acquired.length === 3 && acquired.every(Number.isFinite)
      ? acquired
      : (apLfSy ?? [384, 0, 1]);
  const conversionFactors =
    typeThis === 'nidq'
      ? nidqFactors(raw, savedChannels)
      : imecFactors(raw, probeType, savedChannels, acqCounts);
  const channelMap = entries(raw.snsChanMap)
    .slice(1)
    .map(([name, acq, order]) => ({
      name,
      acquisition: Number(acq),
      order: Number(order)
    }));
  return {
    raw,
    typeThis,
    probeType,
    sampleRate,
    nSavedChans,
    apLfSy,
    band,
    nSamples:
      fileSizeBytes === undefined
        ? undefined
        : fileSizeBytes / (2 * nSavedChans),
    fileTimeSecs: num(raw, 'fileTimeSecs'),
    firstSample: num(raw, 'firstSample'),
    serialNumber: raw.imDatPrb_sn ?? raw.imProbeSN,
    savedChannels,
    conversionFactors,
    sites: sitesOf(raw),
    channelMap
  };
}
