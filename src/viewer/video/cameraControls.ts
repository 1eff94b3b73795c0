/**
 * Play / pause / step, a time box and the pose threshold for one or more
 * cameras, tied to the tab's shared cursor. The first camera leads: it plays,
 * and each frame it presents moves the shared cursor (with this view as the
 * origin) and the other cameras to the same instant. A cursor moved by any
 * other view pauses playback and seeks every camera to it.
 */
import { button, labelled, numberBox } from '../views/controls';
import { h } from '../views/dom';
import type { IViewContext } from '../views/registry';
import type { CameraPlayer } from './cameraPlayer';

/** The release's likelihood threshold for IBL pose (keypoints under it are unreliable). */
export const DEFAULT_THRESHOLD = 0.9;

export function cameraControls(
  players: CameraPlayer[],
  context: IViewContext,
  keyTarget: HTMLElement
): HTMLElement {
  const token = {};
  const [leader, ...followers] = players;
  const play = button('▶ play', 'Play (space)');
  play.setAttribute('aria-label', 'play');
  const back = button('◀ frame', 'Previous frame (←)');
  back.setAttribute('aria-label', 'previous frame');
  const next = button('frame ▶', 'Next frame (→)');
  next.setAttribute('aria-label', 'next frame');
  const timeBox = numberBox('cursor time (s)', 0);
  const threshold = numberBox('likelihood threshold', DEFAULT_THRESHOLD, 0.05);
  threshold.min = '0';
  threshold.max = '1';
  const hasPose = players.some(p => p.hasPose);

  const follow = async (t: number) => {
    await Promise.all(followers.map(p => p.showTime(t)));
  };
  /** This view moved the cursor to t: tell the tab, the box and the other cameras. */
  const announce = (t: number) => {
    timeBox.value = String(+t.toFixed(6));
    context.time?.setCursor(t, token);
    return follow(t);
  };
  const setPlaying = (on: boolean) => {
    play.textContent = on ? '⏸ pause' : '▶ play';
    play.setAttribute('aria-label', on ? 'pause' : 'play');
  };
  leader.onPlayedFrame = (_k, t) => void announce(t);
  leader.onEnded = () => setPlaying(false);

  const toggle = () => {
    if (leader.isPlaying) {
      setPlaying(false);
      void leader
        .stop()
        .then(() => announce(leader.frameClock.timeOf(leader.frame)));
    } else {
      setPlaying(true);
      leader.play();
      if (!leader.isPlaying) {
        setPlaying(false);
      }
    }
  };
  const step = async (delta: number) => {
    setPlaying(false);
    await leader.step(delta);
    await announce(leader.frameClock.timeOf(leader.frame));
  };
  const seekAll = async (t: number) => {
    setPlaying(false);
    await Promise.all(players.map(p => p.showTime(t)));
  };
  play.onclick = toggle;
  back.onclick = () => void step(-1);
  next.onclick = () => void step(1);
  timeBox.onchange = () => {
    const t = Number(timeBox.value);
    if (Number.isFinite(t)) {
      context.time?.setCursor(t, token);
      void seekAll(t);
    }
  };
  threshold.onchange = () => {
    const value = Math.max(0, Math.min(1, Number(threshold.value)));
    players.forEach(p => {
      p.threshold = Number.isFinite(value) ? value : DEFAULT_THRESHOLD;
      void p.drawPose();
    });
  };
  keyTarget.tabIndex = 0;
  keyTarget.addEventListener('keydown', event => {
    if (event.target instanceof HTMLInputElement) {
      return;
    }
    const actions: Record<string, () => void> = {
      ' ': toggle,
      ArrowLeft: () => void step(-1),
      ArrowRight: () => void step(1)
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  const onTime = (
    _: unknown,
    change: { cursor: number | null; origin: unknown }
  ) => {
    if (change.origin === token || change.cursor === null) {
      return;
    }
    timeBox.value = String(change.cursor);
    void seekAll(change.cursor);
  };
  context.time?.changed.connect(onTime);
  context.signal.addEventListener('abort', () => {
    context.time?.changed.disconnect(onTime);
    players.forEach(p => p.pause());
  });
  if (context.time?.cursor !== null && context.time?.cursor !== undefined) {
    timeBox.value = String(context.time.cursor);
  }
  return h(
    'div',
    { class: 'jp-NwbViewer-toolbar' },
    play,
    back,
    next,
    labelled('time (s)', timeBox),
    hasPose ? labelled('likelihood ≥', threshold) : null
  );
}
