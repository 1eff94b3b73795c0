import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { digitalLines } from '../../../src/convert/interfaces/sync';
import {
  describedWithMeanings,
  EXCLUDED_DEVICES,
  syncDevice
} from '../../../src/convert/interfaces/syncDevices';
import { DatasetContentError } from '../../../src/convert/session/errors';

// ibl-neuropixel's real 3B NIDQ wiring file (../shared/fixtures).
const FIXTURE = new URL(
  '../../../../shared/fixtures/ibl-neuropixel/src/tests/fixtures/sample3B_g0_t0.nidq.wiring.json',
  import.meta.url
);

describe('NIDQ wiring → sync channels', () => {
  it('reads the digital lines of a real IBL wiring file as sync channels 0-7', () => {
    const lines = digitalLines(readFileSync(FIXTURE, 'utf8'), 'w.json');
    expect(lines.map(l => [l.pin, l.channel, l.device])).toEqual([
      ['P0.0', 0, 'left_camera'],
      ['P0.1', 1, 'right_camera'],
      ['P0.2', 2, 'body_camera'],
      ['P0.3', 3, 'imec_sync'],
      ['P0.4', 4, 'frame2ttl'],
      ['P0.5', 5, 'rotary_encoder_0'],
      ['P0.6', 6, 'rotary_encoder_1'],
      ['P0.7', 7, 'audio']
    ]);
  });

  it('names the release objects of the wired devices', () => {
    const lines = digitalLines(readFileSync(FIXTURE, 'utf8'), 'w.json');
    expect(lines.map(l => syncDevice(l.device, l.pin).name)).toEqual([
      'EventsLeftCamera',
      'EventsRightCamera',
      'EventsBodyCamera',
      'EventsImecSync',
      'EventsFrame2ttl',
      'EventsRotaryEncoder0',
      'EventsRotaryEncoder1',
      'EventsAudio'
    ]);
    expect(EXCLUDED_DEVICES.has('laser')).toBe(true);
    expect(EXCLUDED_DEVICES.has('laser_ttl')).toBe(true);
  });

  it('gives an unknown device neutral labels and says where it is wired', () => {
    const d = syncDevice('puff_valve', 'P0.6');
    expect(d.name).toBe('EventsPuffValve');
    expect(d.labels).toEqual(['falling', 'rising']);
    expect(describedWithMeanings(d)).toMatch(
      /P0\.6[\s\S]*Label meanings:\n {2}- falling: /
    );
  });

  it.each([
    ['not json', 'is not valid JSON'],
    ['{"SYSTEM": "3B"}', 'no SYNC_WIRING_DIGITAL'],
    ['{"SYNC_WIRING_DIGITAL": {"I0": "left_camera"}}', 'expected NIDQ pins'],
    ['{"SYNC_WIRING_DIGITAL": {"P0.1": ""}}', 'expected NIDQ pins']
  ])('refuses a wiring file %j, naming it', (text, message) => {
    expect(() =>
      digitalLines(text, 'raw_ephys_data/x.nidq.wiring.json')
    ).toThrow(DatasetContentError);
    expect(() =>
      digitalLines(text, 'raw_ephys_data/x.nidq.wiring.json')
    ).toThrow(
      new RegExp(`raw_ephys_data/x\\.nidq\\.wiring\\.json: .*${message}`)
    );
  });
});
