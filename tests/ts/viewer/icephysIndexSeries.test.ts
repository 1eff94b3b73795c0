import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  imageAt,
  indexTarget,
  nearestSample
} from '../../../src/viewer/indexed/indexedImage';
import {
  loadNwbFile,
  type INwbFileModel
} from '../../../src/viewer/model/nwbFile';
import { findNode } from '../../../src/viewer/model/tree';
import { createDefaultRegistry } from '../../../src/viewer/views/defaultRegistry';
import { openSample } from './openSample';
import { pythonJson, writeWithPython } from './pyFixture';

/**
 * An IndexSeries over four images kept in an order unlike their names' (so
 * listing the group by name would be wrong), one without order_of_images,
 * and an NWB < 2.5 style IndexSeries of an ImageSeries' frames.
 */
const SCRIPT = `
import numpy as np, json
from datetime import datetime, timezone
from pynwb import NWBFile, NWBHDF5IO
from pynwb.base import Images, ImageReferences
from pynwb.image import GrayscaleImage, IndexSeries, ImageSeries
nwb = NWBFile("c", "c", datetime(2024, 1, 1, tzinfo=timezone.utc))
imgs=[GrayscaleImage(name=n, data=np.full((4,4),i,float)) for i,n in enumerate(['zeta','alpha','mid','beta'])]
p=Images(name="pictures", images=imgs, order_of_images=ImageReferences(name="order_of_images", data=imgs))
nwb.add_acquisition(p)
nwb.add_acquisition(IndexSeries(name="ix", data=np.array([2,0,3,1],dtype='uint32'), indexed_images=p, unit="N/A", timestamps=[0.5,1.0,1.5,2.5]))
movie = ImageSeries(name="movie", data=np.arange(3*4*5, dtype='uint8').reshape(3,4,5), unit="n.a.", rate=1.0)
nwb.add_acquisition(movie)
nwb.add_acquisition(IndexSeries(name="old_ix", data=np.array([1,2,0],dtype='uint32'), indexed_images=p, unit="N/A", rate=2.0))
unordered = Images(name="unordered", images=[GrayscaleImage(name=n, data=np.zeros((2, 2))) for n in "ba"])
nwb.add_acquisition(unordered)
nwb.add_acquisition(IndexSeries(name="unordered_ix", data=np.array([1, 0], dtype="uint32"), indexed_images=unordered, unit="N/A", rate=1.0))
with NWBHDF5IO(OUT, "w") as io:
    io.write(nwb)
import h5py
# NWB < 2.5 files link the indexed frames as indexed_timeseries (pynwb 4 refuses to write it).
with h5py.File(OUT, "a") as f:
    old = f["acquisition/old_ix"]
    del old["indexed_images"]
    old["indexed_timeseries"] = h5py.SoftLink("/acquisition/movie")
`;

describe('IndexSeries with its indexed images', () => {
  let file = '';
  let model: INwbFileModel;
  let opened: Awaited<ReturnType<typeof openSample>>;
  const node = (path: string) => findNode(model.tree, path)!;

  beforeAll(async () => {
    file = writeWithPython('index.nwb', SCRIPT);
    opened = await openSample(file);
    model = await loadNwbFile(opened.source);
  });
  afterAll(() => opened?.close());

  it('opens in the index-and-image view', () => {
    const registry = createDefaultRegistry();
    for (const path of ['/acquisition/ix', '/acquisition/old_ix']) {
      const ids = registry.viewsFor(node(path), model).map(v => v.id);
      expect(ids[0], path).toBe('indexed');
      expect(ids, path).toContain('timeseries');
    }
  });

  it('finds the image of each sample as pynwb does', async () => {
    const expected = pythonJson<string[]>(`
import json
from pynwb import NWBHDF5IO
ix = NWBHDF5IO(${JSON.stringify(file)}, "r").read().acquisition["ix"]
order = ix.indexed_images.order_of_images
print(json.dumps([order[int(i)].name for i in ix.data[:]]))`);
    const target = indexTarget(node('/acquisition/ix'), p =>
      findNode(model.tree, p)
    );
    expect(target).toEqual({
      kind: 'images',
      images: '/acquisition/pictures',
      orderPath: '/acquisition/pictures/order_of_images'
    });
    if (target.kind !== 'images') {
      return;
    }
    const order = (
      (await opened.source.read(target.orderPath!)) as { reference: string }[]
    ).map(r => r.reference);
    const index = Array.from(
      (await opened.source.read('/acquisition/ix/data')) as ArrayLike<number>
    );
    expect(
      index.map(i => {
        const found = imageAt(i, order, target.images);
        return 'path' in found ? found.path.split('/').pop() : found.reason;
      })
    ).toEqual(expected);
    expect(imageAt(4, order, target.images)).toEqual({
      reason: 'index 4 is outside the 4 images of /acquisition/pictures'
    });
  });

  it('refuses to guess the image when the file keeps no order of images', () => {
    const target = indexTarget(node('/acquisition/unordered_ix'), p =>
      findNode(model.tree, p)
    );
    expect(target).toEqual({
      kind: 'images',
      images: '/acquisition/unordered',
      orderPath: undefined
    });
    expect(imageAt(1, null, '/acquisition/unordered')).toEqual({
      reason: expect.stringMatching(/has no order_of_images/)
    });
  });

  it('follows an NWB < 2.5 indexed_timeseries link to its frames', () => {
    expect(
      indexTarget(node('/acquisition/old_ix'), p => findNode(model.tree, p))
    ).toEqual({ kind: 'frames', series: '/acquisition/movie' });
  });

  it('picks the sample nearest a time', () => {
    const times = [0.5, 1.0, 1.5, 2.5];
    expect(
      [0, 0.74, 0.76, 1.9, 2.1, 9].map(t => nearestSample(times, t))
    ).toEqual([0, 0, 1, 2, 3, 3]);
    expect(nearestSample([], 1)).toBe(-1);
  });
});
