import { expect } from '@jupyterlab/galata';
import type { Locator } from '@playwright/test';

/*
 * The generator's movies draw each frame's index as a 4 × 4 grid of black or
 * white cells (src/one/generate/video.ts): the pixels say which frame the
 * player really shows, independently of what the player reports.
 */

/** The index the decoded frame draws: the video drawn on a canvas, each code cell's centre read. */
export async function decodedIndex(camera: Locator): Promise<number> {
  return camera.locator('video').evaluate((video: HTMLVideoElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const g = canvas.getContext('2d', { willReadFrequently: true })!;
    g.drawImage(video, 0, 0);
    let index = 0;
    for (let bit = 0; bit < 16; bit++) {
      const x = ((bit & 3) + 0.5) * (canvas.width / 4);
      const y = ((bit >> 2) + 0.5) * (canvas.height / 4);
      const [r] = g.getImageData(Math.floor(x), Math.floor(y), 1, 1).data;
      index |= (r > 128 ? 1 : 0) << bit;
    }
    return index;
  });
}

/** Wait until the camera rests on a frame; its index (shown, and decoded from pixels, must agree). */
export async function restingFrame(camera: Locator): Promise<number> {
  await expect(camera).toHaveAttribute('data-state', /paused|ready/, {
    timeout: 20000
  });
  const shown = Number(await camera.getAttribute('data-frame'));
  expect(await decodedIndex(camera)).toBe(shown);
  return shown;
}
