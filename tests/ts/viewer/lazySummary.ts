import {
  loadNwbFile,
  type INwbFileModel
} from '../../../src/viewer/model/nwbFile';
import { openLazySample } from './lazySample';

/** The parts of a model that must not depend on how the bytes were read. */
export function summarise(model: INwbFileModel) {
  return {
    objects: model.objects.map(o => [
      o.path,
      o.neurodataType,
      o.ancestry.join('>')
    ]),
    counts: model.counts,
    overview: model.overview
  };
}

/** Model summary of a file read through the worker's lazy file and page cache. */
export async function lazySampleSummary(path: string) {
  const opened = await openLazySample(path, { pageSize: 4096, maxPages: 32 });
  try {
    return summarise(await loadNwbFile(opened.source));
  } finally {
    opened.close();
  }
}
