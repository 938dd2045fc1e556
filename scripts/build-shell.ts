/**
 * Bundles the Electron main process, the preload and the origin's utility process into CommonJS files
 * in dist-electron/ (a sandboxed preload must be one CommonJS file); options in shell-bundle-options.ts.
 */
import { build } from 'esbuild';
import { shellBundleOptions as common } from './shell-bundle-options.ts';

await build({ ...common, entryPoints: ['electron/shell/main.ts'], outfile: 'dist-electron/main.cjs' });
await build({ ...common, entryPoints: ['electron/shell/preload.ts'], outfile: 'dist-electron/preload.cjs' });
// The origin's utility process (electron/shell/origin-process.ts): plain Node, no 'electron'.
await build({ ...common, entryPoints: ['electron/studio/endpoint/origin-worker.ts'], outfile: 'dist-electron/origin-worker.cjs' });
