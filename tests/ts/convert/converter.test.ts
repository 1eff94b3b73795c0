import { describe, expect, it } from 'vitest';

import {
  ConversionCancelled,
  ConversionEvent,
  ConversionFailed,
  runInterfaces
} from '../../../src/convert/converter';
import {
  ModalityNotAvailableError,
  NothingWrittenError
} from '../../../src/convert/outcome';
import { IArrayCheck, IModalityInterface } from '../../../src/convert/modality';
import { summarizeReport } from '../../../src/convert/report';

interface IFakeContext {
  present: Set<string>;
  written: string[];
}

/** A modality that needs one dataset and writes it in `steps` slices. */
function modality(
  name: string,
  options: { steps?: number; fail?: string; check?: Partial<IArrayCheck> } = {}
): IModalityInterface<IFakeContext> {
  const dataset = `${name}.times.npy`;
  return {
    name,
    title: `The ${name}`,
    datasets: () => [{ name: dataset, collection: 'alf' }],
    availability: ctx =>
      ctx.present.has(dataset)
        ? { available: true }
        : { available: false, reason: `alf/${dataset} is not in this session` },
    async write(ctx, progress, signal) {
      const steps = options.steps ?? 2;
      for (let i = 1; i <= steps; i++) {
        await new Promise(resolve => setTimeout(resolve, 1));
        if (signal.aborted) {
          throw new Error('aborted');
        }
        progress(i / steps, i * 100);
      }
      if (options.fail) {
        throw new Error(options.fail);
      }
      ctx.written.push(name);
      return [
        {
          source: `alf/${dataset}`,
          target: `/processing/${name}`,
          elements: 10,
          equal: true,
          ...options.check
        }
      ];
    }
  };
}

function context(...present: string[]): IFakeContext {
  return { present: new Set(present.map(p => `${p}.times.npy`)), written: [] };
}

describe('runInterfaces', () => {
  it('writes available interfaces and skips missing ones with a reason', async () => {
    const ctx = context('trials', 'wheel');
    const events: ConversionEvent[] = [];
    const report = await runInterfaces({
      eid: 'eid-1',
      output: 'out.nwb',
      context: ctx,
      interfaces: [modality('trials'), modality('licks'), modality('wheel')],
      onEvent: e => events.push(e)
    });
    expect(ctx.written).toEqual(['trials', 'wheel']);
    expect(report.status).toBe('done');
    expect(report.interfaces.map(i => i.status)).toEqual([
      'written',
      'skipped',
      'written'
    ]);
    expect(report.interfaces[1].reason).toBe(
      'alf/licks.times.npy is not in this session'
    );
    expect(report.interfaces[0].arrays).toHaveLength(1);

    const overall = events.flatMap(e =>
      e.type === 'progress' ? [e.overall] : []
    );
    expect(overall).toEqual([...overall].sort((a, b) => a - b));
    expect(overall[overall.length - 1]).toBe(1);
    expect(events.some(e => e.type === 'skipped' && e.step === 'licks')).toBe(
      true
    );
    expect(events[events.length - 1].type).toBe('done');
  });

  it('stops at the first failure and reports which interface failed', async () => {
    const ctx = context('trials', 'wheel');
    const run = runInterfaces({
      eid: 'eid-1',
      output: 'out.nwb',
      context: ctx,
      interfaces: [
        modality('trials', {
          fail: 'spikes.times and spikes.clusters differ in length'
        }),
        modality('wheel')
      ]
    });
    const error = await run.catch(e => e);
    expect(error).toBeInstanceOf(ConversionFailed);
    expect(error.message).toContain('trials');
    expect(error.message).toContain('differ in length');
    expect(error.report.status).toBe('failed');
    expect(
      error.report.interfaces.map((i: { status: string }) => i.status)
    ).toEqual(['failed', 'not run']);
    expect(ctx.written).toEqual([]);
  });

  it('honours a cancel during a write', async () => {
    const controller = new AbortController();
    const ctx = context('trials', 'wheel');
    const run = runInterfaces({
      eid: 'eid-1',
      output: 'out.nwb',
      context: ctx,
      interfaces: [modality('trials', { steps: 50 }), modality('wheel')],
      signal: controller.signal,
      onEvent: e => {
        if (e.type === 'progress' && e.fraction > 0.1) {
          controller.abort();
        }
      }
    });
    const error = await run.catch(e => e);
    expect(error).toBeInstanceOf(ConversionCancelled);
    expect(error.report.status).toBe('cancelled');
    expect(ctx.written).toEqual([]);
  });

  it('summarises written, skipped and mismatched arrays', async () => {
    const report = await runInterfaces({
      eid: 'eid-1',
      output: 'out.nwb',
      context: context('trials'),
      interfaces: [
        modality('trials', {
          check: { equal: false, detail: 'index 3: 0.5 ≠ 0.25' }
        }),
        modality('licks')
      ]
    });
    const text = summarizeReport(report);
    expect(text).toContain('0/1 arrays read back equal, 1 MISMATCHED');
    expect(text).toContain(
      'skipped The licks (alf/licks.times.npy is not in this session)'
    );
    expect(text).toContain('index 3: 0.5 ≠ 0.25');
  });

  it('fails a modality asked for by name that the session lacks, before writing the rest', async () => {
    const ctx = context('trials', 'wheel');
    const run = runInterfaces({
      eid: 'e1',
      output: 'x.nwb',
      context: ctx,
      interfaces: [modality('trials'), modality('licks'), modality('wheel')],
      required: ['licks', 'wheel']
    });
    const error = await run.catch(e => e);
    expect(error).toBeInstanceOf(ModalityNotAvailableError);
    expect(error.message).toContain(
      'licks cannot be written: alf/licks.times.npy is not in this session'
    );
    expect(error.report.status).toBe('failed');
    expect(ctx.written).toEqual(['trials']);
  });

  it('skips a modality not asked for by name, as before', async () => {
    const report = await runInterfaces({
      eid: 'e1',
      output: 'x.nwb',
      context: context('trials'),
      interfaces: [modality('trials'), modality('licks')],
      required: ['trials']
    });
    expect(report.interfaces.map(i => i.status)).toEqual([
      'written',
      'skipped'
    ]);
  });

  it('fails a run that writes no interface at all', async () => {
    const error = await runInterfaces({
      eid: 'e1',
      output: 'x.nwb',
      context: context(),
      interfaces: [modality('trials'), modality('licks')]
    }).catch(e => e);
    expect(error).toBeInstanceOf(NothingWrittenError);
    expect(error.message).toContain(
      'trials (alf/trials.times.npy is not in this session)'
    );
    expect(error.report.status).toBe('failed');
  });

  it('fails --raw as a group only when none of its modalities can be written', async () => {
    const group = [['raw_ap', 'raw_lf']];
    const some = context('trials', 'raw_ap');
    const report = await runInterfaces({
      eid: 'eid-g',
      output: 'out.nwb',
      context: some,
      interfaces: [modality('trials'), modality('raw_ap'), modality('raw_lf')],
      requiredAny: group
    });
    expect(report.status).toBe('done');
    expect(some.written).toEqual(['trials', 'raw_ap']);
    expect(report.interfaces[2]).toMatchObject({
      status: 'skipped',
      reason: 'alf/raw_lf.times.npy is not in this session'
    });

    const none = context('trials');
    const error = await runInterfaces({
      eid: 'eid-g',
      output: 'out.nwb',
      context: none,
      interfaces: [modality('trials'), modality('raw_ap'), modality('raw_lf')],
      requiredAny: group
    }).catch(e => e);
    expect(error).toBeInstanceOf(ModalityNotAvailableError);
    expect(
      (error as ModalityNotAvailableError).missing.map(m => m.name)
    ).toEqual(['raw_ap', 'raw_lf']);
  });

  it('checks ready() after availability: a run-time need unmet is a skip, or exit 3 when asked for', async () => {
    const needsTrials = {
      ...modality('raw_ap'),
      ready: (ctx: IFakeContext) =>
        ctx.written.includes('trials')
          ? { available: true as const }
          : {
              available: false as const,
              reason: 'needs the trials written first'
            }
    };
    const ctx = context('raw_ap');
    const report = await runInterfaces({
      eid: 'eid-r',
      output: 'out.nwb',
      context: ctx,
      interfaces: [modality('wheel'), needsTrials, modality('licks')],
      onEvent: () => undefined
    }).catch(e => e);
    // Nothing written at all: the skip made the run write nothing.
    expect(report).toBeInstanceOf(NothingWrittenError);
    expect(report.report.interfaces[1]).toMatchObject({
      status: 'skipped',
      reason: 'needs the trials written first'
    });
    const asked = await runInterfaces({
      eid: 'eid-r',
      output: 'out.nwb',
      context: context('raw_ap'),
      interfaces: [needsTrials],
      required: ['raw_ap']
    }).catch(e => e);
    expect(asked).toBeInstanceOf(ModalityNotAvailableError);
  });
});
