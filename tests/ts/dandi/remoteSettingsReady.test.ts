import { describe, expect, it } from 'vitest';

import {
  DEFAULT_REMOTE_SETTINGS,
  remoteSettings,
  setCurrentRemoteSettings
} from '../../../src/viewer/remote/remoteSettings';

describe('remoteSettings()', () => {
  it('waits for the user settings before anything resolves against an archive', async () => {
    let got: string | null = null;
    const waiting = remoteSettings().then(s => (got = s.dandiApiUrl));
    await new Promise(resolve => setTimeout(resolve, 20));
    // A restored tab asking now must not get the default archive.
    expect(got).toBeNull();
    setCurrentRemoteSettings({
      ...DEFAULT_REMOTE_SETTINGS,
      dandiApiUrl: 'http://127.0.0.1:9/api'
    });
    await waiting;
    expect(got).toBe('http://127.0.0.1:9/api');
  });
});
