/**
 * The passive protocol run after the task: spontaneous activity, receptive
 * field mapping (RFM), then a task replay of Gabor patches, valve clicks, tones
 * and noise bursts. Tables are written as CSV like ibllib's passive extractor.
 */
import { Rng } from './rng';

export interface IPassive {
  periods: Record<
    'spontaneousActivity' | 'RFM' | 'taskReplay' | 'passiveProtocol',
    [number, number]
  >;
  gabor: {
    start: number[];
    stop: number[];
    position: number[];
    contrast: number[];
    phase: number[];
  };
  stims: Record<
    'valveOn' | 'valveOff' | 'toneOn' | 'toneOff' | 'noiseOn' | 'noiseOff',
    number[]
  >;
}

type Kind = 'gabor' | 'valve' | 'tone' | 'noise';

/** Lay out the protocol between `start` and `end`. */
export function generatePassive(
  rng: Rng,
  start: number,
  end: number
): IPassive {
  const span = end - start;
  const spont: [number, number] = [start, start + span / 3];
  const rfm: [number, number] = [spont[1] + 0.5, start + (2 * span) / 3];
  const replay: [number, number] = [rfm[1] + 0.5, end - 0.5];
  // the full protocol has 180 Gabors and 40 of each other stimulus, ~1.6 s apart
  const slots = Math.max(
    4,
    Math.min(300, Math.floor((replay[1] - replay[0]) / 1.6))
  );
  const scale = slots / 300;
  const kinds: Kind[] = [];
  const counts: Record<Kind, number> = {
    gabor: Math.max(1, Math.round(180 * scale)),
    valve: Math.max(1, Math.round(40 * scale)),
    tone: Math.max(1, Math.round(40 * scale)),
    noise: Math.max(1, Math.round(40 * scale))
  };
  for (const kind of Object.keys(counts) as Kind[]) {
    for (let i = 0; i < counts[kind]; i++) {
      kinds.push(kind);
    }
  }
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  const step = (replay[1] - replay[0]) / kinds.length;
  const passive: IPassive = {
    periods: {
      spontaneousActivity: spont,
      RFM: rfm,
      taskReplay: replay,
      passiveProtocol: [start, end]
    },
    gabor: { start: [], stop: [], position: [], contrast: [], phase: [] },
    stims: {
      valveOn: [],
      valveOff: [],
      toneOn: [],
      toneOff: [],
      noiseOn: [],
      noiseOff: []
    }
  };
  kinds.forEach((kind, i) => {
    const t = replay[0] + i * step + rng.uniform() * 0.2 * step;
    if (kind === 'gabor') {
      passive.gabor.start.push(t);
      passive.gabor.stop.push(t + 0.3 + rng.normal(0, 0.002));
      passive.gabor.position.push(rng.uniform() < 0.5 ? -35 : 35);
      passive.gabor.contrast.push(rng.pick([0.0625, 0.125, 0.25, 1]));
      passive.gabor.phase.push(
        rng.pick([0, Math.PI / 2, Math.PI, (3 * Math.PI) / 2])
      );
    } else {
      const duration = kind === 'valve' ? 0.1 : kind === 'tone' ? 0.1 : 0.5;
      passive.stims[`${kind}On`].push(t);
      passive.stims[`${kind}Off`].push(t + duration + rng.normal(0, 0.001));
    }
  });
  return passive;
}

function cell(v: number | string | undefined): string {
  return v === undefined || (typeof v === 'number' && Number.isNaN(v))
    ? ''
    : String(v);
}

/** CSV text of named columns (shorter columns padded with empty cells = NaN). */
export function csvTable(
  columns: Record<string, (number | string)[]>,
  index?: string[]
): string {
  const names = Object.keys(columns);
  const rows = Math.max(
    0,
    ...names.map(n => columns[n].length),
    index?.length ?? 0
  );
  const lines = [(index ? [''] : []).concat(names).join(',')];
  for (let r = 0; r < rows; r++) {
    const cells = names.map(n => cell(columns[n][r]));
    lines.push((index ? [index[r]] : []).concat(cells).join(','));
  }
  return lines.join('\n') + '\n';
}

/** The three passive CSV files by file name. */
export function passiveCsvFiles(p: IPassive): Record<string, string> {
  const periodNames = Object.keys(p.periods) as (keyof IPassive['periods'])[];
  const periods: Record<string, number[]> = {};
  for (const name of periodNames) {
    periods[name] = [...p.periods[name]];
  }
  return {
    '_ibl_passivePeriods.intervalsTable.csv': csvTable(periods, [
      'start',
      'stop'
    ]),
    '_ibl_passiveGabor.table.csv': csvTable(p.gabor),
    '_ibl_passiveStims.table.csv': csvTable(p.stims)
  };
}
