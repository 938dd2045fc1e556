/**
 * esbuild options of the Electron bundles (build-shell.ts): CommonJS for Node 24, 'electron' and
 * ffmpeg-static external (its binary lives beside it, unpacked from asar in a packaged app). Shared
 * with the test that runs the origin's bundle under Node.
 */
export const shellBundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  sourcemap: true,
  external: ['electron', 'ffmpeg-static'] as string[],
  logLevel: 'info',
  // import.meta.url is the bundle's own file URL (CommonJS has no import.meta).
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
} as const;
