/**
 * What the trial-aligned view aligns for one object: the samples of a
 * sampled series (its layout, sampling period and value size) or the times
 * of an event series. Checks the object; reads only metadata and a few
 * timestamps (the median sampling period).
 */
import type { INwbFileModel } from '../model/nwbFile';
import type { IH5Source } from '../model/source';
import type { INeurodataNode } from '../model/tree';
import { isEventSeries } from '../views/eventsView';
import {
  seriesLayout,
  timeAxis,
  type ISeriesLayout
} from '../series/seriesData';
import { dataSpan, type TimeAxis } from '../series/timeAxis';

/** What is aligned: samples of one column, or event times. */
export type AlignTarget =
  | {
      kind: 'samples';
      layout: ISeriesLayout;
      period: number;
      itemSize: number;
    }
  | { kind: 'events'; axis: TimeAxis; stampsPath?: string };

/** The sampled layout (with its period) or the event times of the object. */
export async function alignTarget(
  source: IH5Source,
  model: INwbFileModel,
  node: INeurodataNode
): Promise<AlignTarget | { reason: string }> {
  if (isEventSeries(node, model)) {
    const data = node.children.find(c => c.name === 'data');
    const stamps = node.children.find(c => c.name === 'timestamps');
    const length = (stamps ?? data)?.shape?.[0] ?? 0;
    if (length === 0) {
      return { reason: 'it has no events' };
    }
    const axis = await timeAxis(source, node, length);
    if (axis.kind === 'index') {
      return { reason: 'its events have no timestamps nor rate' };
    }
    return { kind: 'events', axis, stampsPath: stamps?.path };
  }
  const found = await seriesLayout(source, node);
  if ('reason' in found) {
    return found;
  }
  if (found.layout.axis.kind === 'index') {
    return {
      reason: 'it has neither timestamps nor a starting_time with a rate'
    };
  }
  const span = await dataSpan(found.layout.axis);
  const info = await source.info(found.layout.dataPath);
  return {
    kind: 'samples',
    layout: found.layout,
    period: span.step,
    itemSize: info.itemSize || 8
  };
}
