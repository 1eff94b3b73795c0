/**
 * Debian's Chromium for every Playwright run here (the galata suite and the
 * Binder check): Playwright may not download a browser or ffmpeg, so use
 * /usr/bin/chromium, with video off in the configs.
 */
module.exports = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-dev-shm-usage',
    '--disable-gpu',
    // WebGL (the rasters' scattergl) on SwiftShader, without the GPU.
    '--enable-unsafe-swiftshader',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run'
  ]
};
