/**
 * Bundles the Electron main process and the preload into CommonJS files in dist-electron/ (a
 * sandboxed preload must be one CommonJS file). 'electron' stays external; ffmpeg-static too, since
 * its binary lives beside it (unpacked from asar in a packaged app).
 */
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  sourcemap: true,
  external: ['electron', 'ffmpeg-static'] as string[],
  logLevel: 'info',
} as const;

await build({ ...common, entryPoints: ['electron/shell/main.ts'], outfile: 'dist-electron/main.cjs' });
await build({ ...common, entryPoints: ['electron/shell/preload.ts'], outfile: 'dist-electron/preload.cjs' });
