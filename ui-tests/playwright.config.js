/**
 * galata configuration for Debian's Chromium: Playwright may not download a
 * browser or ffmpeg here, so use /usr/bin/chromium and turn video off.
 */
const os = require('os');
const path = require('path');
const baseConfig = require('@jupyterlab/galata/lib/playwright-config');
const chromium = require('./chromium');

const serverConfig = path.join(__dirname, 'jupyter_server_test_config.py');
// Port is configurable so two UI test runs can share a machine.
const port = process.env.IBL_NWB_UI_PORT || '8888';
const baseURL = `http://localhost:${port}`;
// Alyx logins made by the UI tests go here, never to the user's ~/.one (read by the
// server config and by remote.spec; the same path in every worker process).
process.env.IBL_NWB_TEST_ONE_DIR = path.join(
  os.tmpdir(),
  `ibl-nwb-ui-one-${port}`
);

module.exports = {
  ...baseConfig,
  testDir: path.join(__dirname, 'tests'),
  // The toy-modality spec needs a server on the toy CLI (IBL_NWB_TEST_CLI): it runs alone, in
  // a second run (`npm run test:ui:toy`), and only there; every other spec runs on the real CLI.
  ...(process.env.IBL_NWB_TEST_CLI
    ? { testMatch: '**/catalogue-toy.spec.ts' }
    : { testIgnore: '**/catalogue-toy.spec.ts' }),
  outputDir: path.join(__dirname, 'test-results'),
  // Screenshots worth keeping (light and dark) are written here by the tests.
  snapshotPathTemplate: '{testDir}/{testFilePath}-snapshots/{arg}{ext}',
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ['list'],
    ['json'],
    [
      'html',
      { open: 'never', outputFolder: path.join(__dirname, 'playwright-report') }
    ]
  ],
  use: {
    ...baseConfig.use,
    baseURL,
    video: 'off',
    trace: 'retain-on-failure',
    launchOptions: chromium
  },
  webServer: {
    command: `jupyter lab --config "${serverConfig}" --ServerApp.port=${port}`,
    url: `${baseURL}/lab`,
    timeout: 120 * 1000,
    reuseExistingServer: !process.env.CI
  }
};
