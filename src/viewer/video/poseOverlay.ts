/** Keypoints drawn on a canvas laid over the video, in the video's pixel coordinates. */
import { visibleKeypoints, type IKeypoint } from './poseKeypoints';

/** Distinct, theme-independent colours (keypoints sit on camera images, not on the page). */
const COLORS = [
  '#e6194b',
  '#3cb44b',
  '#ffe119',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#46f0f0',
  '#f032e6',
  '#bcf60c',
  '#fabebe',
  '#008080',
  '#e6beff'
];

export class PoseOverlay {
  readonly canvas = document.createElement('canvas');

  constructor() {
    this.canvas.className = 'jp-NwbVideo-pose';
    this.canvas.setAttribute('data-testid', 'nwb-pose-overlay');
  }

  /** Draw the keypoints at or above `threshold` on a `width` × `height` frame. */
  draw(
    points: IKeypoint[],
    threshold: number,
    width: number,
    height: number
  ): void {
    const canvas = this.canvas;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    const g = canvas.getContext('2d');
    if (!g) {
      return;
    }
    g.clearRect(0, 0, width, height);
    const shown = visibleKeypoints(points, threshold);
    const radius = Math.max(3, Math.round(width / 160));
    points.forEach((p, i) => {
      if (!shown.includes(p)) {
        return;
      }
      g.beginPath();
      g.arc(p.x, p.y, radius, 0, 2 * Math.PI);
      g.fillStyle = COLORS[i % COLORS.length];
      g.fill();
      g.lineWidth = 1;
      g.strokeStyle = '#000';
      g.stroke();
    });
    canvas.setAttribute('data-keypoints', String(shown.length));
    canvas.setAttribute(
      'data-keypoints-hidden',
      String(points.length - shown.length)
    );
    canvas.title = shown
      .map(p => `${p.name} (${p.confidence.toFixed(2)})`)
      .join(', ');
  }
}
