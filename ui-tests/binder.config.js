/**
 * The Binder check's browser half, run by tests/python/install/test_binder.py
 * against the JupyterLab it built from binder/ and started (its URL and token
 * in IBL_NWB_BINDER_URL and IBL_NWB_BINDER_TOKEN). Plain Playwright, the
 * runner galata is built on: galata's fixtures would replace the very things
 * checked here (they mock the workspace and the settings, and need a server
 * without a token with galata's helper extension added).
 */
const path = require('path');
const chromium = require('./chromium');

const results =
  process.env.IBL_NWB_BINDER_RESULTS ||
  path.join(__dirname, 'test-results', 'binder');

module.exports = {
  testDir: path.join(__dirname, 'binder'),
  outputDir: results,
  workers: 1,
  retries: 0,
  timeout: 300 * 1000,
  expect: { timeout: 60 * 1000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    video: 'off',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromium
  }
};
