import { describe, expect, it } from 'vitest';

import {
  explorerPlan,
  MAX_BEHAVIOUR
} from '../../../src/viewer/explorer/explorerPanels';
import {
  jumpToTrial,
  TRIAL_PAD,
  trialJump
} from '../../../src/viewer/explorer/trialJump';
import type { INwbFileModel } from '../../../src/viewer/model/nwbFile';
import {
  SharedTime,
  type ITimeSpan
} from '../../../src/viewer/model/sharedTime';
import type { INeurodataNode } from '../../../src/viewer/model/tree';
import {
  cursorUpdate,
  cursorX,
  plotXAt,
  type IPlotElement
} from '../../../src/viewer/views/cursorLine';
import type { IViewContext } from '../../../src/viewer/views/registry';
import {
  openingSpan,
  TimeLink,
  type ITimeTarget
} from '../../../src/viewer/views/timeLink';
import {
  restorableControls,
  restoreTime,
  savedTime,
  type IViewerState
} from '../../../src/viewer/widget/viewerState';

/** A view's window as its start / length boxes would hold it, and the redraws it was asked for. */
class FakeView implements ITimeTarget {
  shown: ITimeSpan[] = [];
  constructor(public current: ITimeSpan | null) {}
  window() {
    return this.current;
  }
  async show(w: ITimeSpan) {
    this.shown.push(w);
    this.current = w;
    // The view's redraw ends in drawn(), as every time view's does.
    await this.link?.drawn();
  }
  link?: TimeLink;
}

function contextWith(time: SharedTime, abort = new AbortController()) {
  return {
    context: { time, signal: abort.signal } as unknown as IViewContext,
    abort
  };
}

function linked(time: SharedTime, w: ITimeSpan | null) {
  const view = new FakeView(w);
  const { context, abort } = contextWith(time);
  view.link = new TimeLink(context, view);
  return { view, abort };
}

describe('TimeLink: one window per tab', () => {
  it("publishes a view's window and moves the others, never the view itself (no echo)", async () => {
    const time = new SharedTime();
    const emitted: unknown[] = [];
    time.changed.connect((_, c) => emitted.push(c.origin));
    const raster = linked(time, { start: 100, length: 10 });
    const wheel = linked(time, { start: 0, length: 10 });
    await raster.view.link!.drawn();
    // Let the follower's redraw (and its own drawn()) settle.
    await new Promise(r => setTimeout(r, 0));
    expect(time.window).toEqual({ start: 100, length: 10 });
    expect(raster.view.shown).toEqual([]);
    expect(wheel.view.shown).toEqual([{ start: 100, length: 10 }]);
    // The wheel's redraw published the same window: no second change.
    expect(emitted).toEqual([raster.view.link]);
    // A window the raster publishes itself (a zoom it drew) is not sent back to it.
    raster.view.link!.publish({ start: 104, length: 2 });
    await new Promise(r => setTimeout(r, 0));
    expect(raster.view.shown).toEqual([]);
    expect(wheel.view.shown.at(-1)).toEqual({ start: 104, length: 2 });
  });

  it('moves every view (the one it was picked in too) when the change has no origin', async () => {
    const time = new SharedTime();
    const a = linked(time, { start: 0, length: 5 });
    const b = linked(time, { start: 0, length: 5 });
    time.setWindow({ start: 42, length: 3 });
    await new Promise(r => setTimeout(r, 0));
    expect(a.view.shown).toEqual([{ start: 42, length: 3 }]);
    expect(b.view.shown).toEqual([{ start: 42, length: 3 }]);
  });

  it('does not redraw for a cursor move, and stops following once its view is left', async () => {
    const time = new SharedTime();
    const a = linked(time, { start: 0, length: 5 });
    time.setCursor(2.5);
    a.abort.abort();
    time.setWindow({ start: 9, length: 1 });
    await new Promise(r => setTimeout(r, 0));
    expect(a.view.shown).toEqual([]);
  });

  it('leaves a view the user zoomed out of the window where it is when only the cursor moves', async () => {
    const time = new SharedTime();
    const raster = linked(time, { start: 100, length: 10 });
    const timeline = linked(time, null);
    await raster.view.link!.drawn();
    await new Promise(r => setTimeout(r, 0));
    expect(timeline.view.shown).toEqual([{ start: 100, length: 10 }]);
    timeline.view.current = null; // a double click: every trial again
    time.setCursor(104, raster.view.link);
    await new Promise(r => setTimeout(r, 0));
    expect(timeline.view.shown).toHaveLength(1);
    time.setWindow({ start: 50, length: 10 });
    await new Promise(r => setTimeout(r, 0));
    expect(timeline.view.shown.at(-1)).toEqual({ start: 50, length: 10 });
  });

  it('opens a new view at the shared window when one is set, at its own default otherwise', () => {
    const time = new SharedTime();
    const { context } = contextWith(time);
    expect(openingSpan(context, 3, 10)).toEqual({ start: 3, length: 10 });
    time.setWindow({ start: 372, length: 4 });
    expect(openingSpan(context, 3, 10)).toEqual({ start: 372, length: 4 });
  });
});

describe('the cursor line', () => {
  it('is placed across the window and absent outside it', () => {
    const w = { start: 10, length: 4 };
    expect(cursorX(11, w)).toBe(0.25);
    expect(cursorX(10, w)).toBe(0);
    expect(cursorX(14, w)).toBe(1);
    expect(cursorX(9.99, w)).toBeNull();
    expect(cursorX(14.01, w)).toBeNull();
  });

  it("turns a click into time through plotly's drawn x axis, not outside the plotting area", () => {
    const plot = {
      getBoundingClientRect: () => ({ left: 100, top: 50 }),
      _fullLayout: {
        xaxis: { _offset: 60, _length: 400, range: [20, 30] },
        yaxis: { _offset: 10, _length: 300, range: [0, 1] }
      }
    } as unknown as IPlotElement;
    expect(plotXAt(plot, { clientX: 100 + 60 + 100, clientY: 200 })).toBe(22.5);
    expect(plotXAt(plot, { clientX: 100 + 30, clientY: 200 })).toBeNull();
    expect(plotXAt(plot, { clientX: 300, clientY: 50 + 400 })).toBeNull();
  });
});

describe('moving a drawn cursor', () => {
  const line = () => ({ name: 'cursor', x0: 4.5, x1: 4.5 });
  it("replaces the shapes (plotly's cheap path), keeps a view's own shapes, removes it outside the window, skips no-ops", () => {
    expect(cursorUpdate(undefined, 4.5, line)).toEqual({ shapes: [line()] });
    const guide = { name: 'event', x0: 0 };
    const drawn = [{ name: 'cursor', x0: 3, x1: 3 }, guide];
    expect(cursorUpdate(drawn, 4.5, line)).toEqual({ shapes: [line(), guide] });
    expect(cursorUpdate([line(), guide], 4.5, line)).toBeNull();
    expect(cursorUpdate(drawn, null, line)).toEqual({ shapes: [guide] });
    expect(cursorUpdate([guide], null, line)).toBeNull();
    expect(cursorUpdate([guide], 1, line)).toEqual({ shapes: [line(), guide] });
    // Never a per-attribute edit: plotly recomputes every trace for those.
    for (const update of [
      cursorUpdate(drawn, 7, line),
      cursorUpdate(drawn, null, line)
    ]) {
      expect(Object.keys(update ?? {})).toEqual(['shapes']);
    }
  });
});

describe('a picked trial', () => {
  it(`shows [start − ${TRIAL_PAD} s, stop + ${TRIAL_PAD} s] with the cursor at stimulus onset, else at the start`, () => {
    expect(trialJump(100, 103, 101.2)).toEqual({
      window: { start: 99.5, length: 4 },
      cursor: 101.2
    });
    expect(trialJump(100, 103, NaN)?.cursor).toBe(100);
    expect(trialJump(100, NaN, NaN)?.window).toEqual({
      start: 99.5,
      length: 1
    });
    expect(trialJump(NaN, 3)).toBeNull();
  });

  it('reads its row and moves the tab, preferring gabor_stimulus_onset_time', async () => {
    const column = (name: string) =>
      ({
        name,
        path: `/intervals/trials/${name}`,
        kind: 'dataset',
        children: []
      }) as unknown as INeurodataNode;
    const table = {
      path: '/intervals/trials',
      children: ['start_time', 'stop_time', 'gabor_stimulus_onset_time'].map(
        column
      )
    } as unknown as INeurodataNode;
    const values: Record<string, number[]> = {
      start_time: [1, 10],
      stop_time: [4, 12.5],
      gabor_stimulus_onset_time: [1.6, 10.7]
    };
    const read = async (path: string, slice?: [number, number][]) => {
      const [from, to] = slice![0];
      return Float64Array.from(values[path.split('/').pop()!].slice(from, to));
    };
    const time = new SharedTime();
    await jumpToTrial(read, table, 1, time);
    expect(time.window).toEqual({ start: 9.5, length: 3.5 });
    expect(time.cursor).toBe(10.7);
  });
});

describe('the shared time in the saved viewer state', () => {
  it('survives a round trip through JSON (the state database)', () => {
    const time = new SharedTime();
    time.setWindow({ start: 372.25, length: 4.5 });
    time.setCursor(373.125);
    const state: IViewerState = {
      path: '/',
      view: 'explorer',
      controls: {},
      time: { window: time.window, cursor: time.cursor }
    };
    const restored = new SharedTime();
    restoreTime(restored, JSON.parse(JSON.stringify(state)));
    expect(restored.window).toEqual({ start: 372.25, length: 4.5 });
    expect(restored.cursor).toBe(373.125);
  });

  it('restores the window boxes only when no shared window was saved (it is the newer one)', () => {
    const controls = {
      'window start (s)': '10',
      'window length (s)': '5',
      'window start': '10',
      'units per page': '50'
    };
    const old = { path: '/units', view: 'raster', controls };
    expect(restorableControls(old)).toEqual(controls);
    const moved = {
      ...old,
      time: { window: { start: 99.5, length: 4 }, cursor: 101 }
    };
    expect(restorableControls(moved)).toEqual({ 'units per page': '50' });
  });

  it('reads states saved before it existed, and damaged ones, as no window and no cursor', () => {
    const old = { path: '/units', view: 'raster', controls: {} };
    expect(savedTime(old)).toEqual({ window: null, cursor: null });
    const damaged = {
      ...old,
      time: { window: { start: 'x', length: -1 }, cursor: 'soon' }
    } as unknown as IViewerState;
    expect(savedTime(damaged)).toEqual({ window: null, cursor: null });
  });
});

describe('the session explorer panels', () => {
  const node = (path: string, ancestry: string[], children: string[] = []) =>
    ({
      path,
      name: path.split('/').pop(),
      ancestry,
      children: children.map(name => ({ name }))
    }) as unknown as INeurodataNode;
  const ids: Record<string, string[]> = {};
  const model = (objects: INeurodataNode[]) => {
    for (const o of objects) {
      ids[o.path] = o.ancestry.includes('Units')
        ? ['raster', 'psth']
        : o.ancestry.includes('TimeIntervals')
          ? ['table', 'timeline']
          : o.ancestry.includes('Events')
            ? ['events']
            : ['timeseries'];
    }
    return { objects } as unknown as INwbFileModel;
  };
  const viewIds = (p: string) => ids[p] ?? [];

  it("picks an IBL session's trials, units and behaviour series, and names what it lacks", () => {
    const plan = explorerPlan(
      model([
        node('/intervals/trials', ['TimeIntervals']),
        node('/units', ['Units']),
        node('/processing/wheel/WheelPosition', [
          'SpatialSeries',
          'TimeSeries'
        ]),
        node('/processing/wheel/WheelVelocitySmoothed', ['TimeSeries']),
        node('/processing/lick_times/EventsLickTimes', ['Events']),
        node('/processing/pupil/LeftPupilDiameterSmoothed', ['TimeSeries']),
        node('/processing/motion_energy/LeftCameraMotionEnergy', [
          'TimeSeries'
        ]),
        node('/processing/motion_energy/BodyCameraMotionEnergy', ['TimeSeries'])
      ]),
      viewIds
    );
    expect(plan.panels.map(p => [p.title, p.path, p.viewId])).toEqual([
      ['trials', '/intervals/trials', 'timeline'],
      ['units', '/units', 'raster'],
      ['wheel', '/processing/wheel/WheelVelocitySmoothed', 'timeseries'],
      ['licks', '/processing/lick_times/EventsLickTimes', 'events'],
      ['pupil', '/processing/pupil/LeftPupilDiameterSmoothed', 'timeseries'],
      [
        'motion energy',
        '/processing/motion_energy/LeftCameraMotionEnergy',
        'timeseries'
      ]
    ]);
    expect(plan.panels.length).toBeLessThanOrEqual(2 + MAX_BEHAVIOUR);
    // No video view or drift map view registered, no external movie: said, not drawn.
    expect(plan.missing).toEqual(['video', 'drift map']);
  });

  it('offers video and drift map panels only when the registry has those views', () => {
    const objects = [
      node('/units', ['Units']),
      node(
        '/acquisition/LeftCamera',
        ['ImageSeries', 'TimeSeries'],
        ['external_file']
      )
    ];
    const withViews = (p: string) =>
      p === '/units'
        ? ['raster', 'driftmap']
        : p.includes('Camera')
          ? ['frames', 'video']
          : [];
    const plan = explorerPlan(model(objects), withViews);
    expect(plan.panels.map(p => p.viewId)).toEqual([
      'raster',
      'video',
      'driftmap'
    ]);
    expect(plan.missing).toEqual([
      'trials',
      'wheel',
      'licks',
      'pupil',
      'motion energy'
    ]);
  });

  it("shows IBL's left camera when a file has several, whatever their order", () => {
    const camera = (name: string) =>
      node(
        `/acquisition/${name}`,
        ['ImageSeries', 'TimeSeries'],
        ['external_file']
      );
    const withVideo = (p: string) => (p.includes('Camera') ? ['video'] : []);
    const ibl = explorerPlan(
      model([
        camera('VideoBodyCamera'),
        camera('VideoLeftCamera'),
        camera('VideoRightCamera')
      ]),
      withVideo
    );
    expect(ibl.panels.map(p => p.path)).toEqual([
      '/acquisition/VideoLeftCamera'
    ]);
    const other = explorerPlan(
      model([camera('TopCamera'), camera('SideCamera')]),
      withVideo
    );
    expect(other.panels.map(p => p.path)).toEqual(['/acquisition/TopCamera']);
  });
});
