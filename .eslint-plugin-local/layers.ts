import type { LayerAliases, LayerSpec } from './code-layering.ts';
import { coreLayers, testLayers } from './core-layers.ts';

const IN_BROWSER = { allowNodeBuiltins: false, denyPackages: ['electron'] } as const;
const RENDERER_INSIDE = ['renderer/src/app', 'renderer/src/features', 'renderer/src/components', 'renderer/src/lib'];

/** The layers of architecture.md, most specific first where they nest. */
export const layers: readonly LayerSpec[] = [
  // A pure library: no app state, no Electron, no UI.
  { layer: 'packaging-core', mayImport: [], denyPackages: ['electron', 'react', 'react-dom'] },
  ...coreLayers,
  // The typed contract: shared by the renderer, so it needs neither Node nor Electron.
  { layer: 'electron/studio/api', mayImport: ['packaging-core/types', 'packaging-core/formats'], allowNodeBuiltins: false, denyPackages: ['electron', 'react'] },
  // Plain Node services: everything but drawing.
  { layer: 'electron/studio', mayImport: ['packaging-core/index.ts', 'electron/studio/api'], denyPackages: ['electron', 'react', 'react-dom'] },
  // The only code that imports 'electron'. Hosts (shell, CLI) reach the studio through its public face,
  // electron/studio/index.ts (the Studio facade and what serving it takes), and the contract.
  { layer: 'electron/shell', mayImport: ['electron/studio/index.ts', 'electron/studio/api', 'packaging-core/index.ts'], denyPackages: ['react', 'react-dom'] },
  { layer: 'electron/cli.ts', mayImport: ['electron/cli', 'electron/studio/index.ts', 'electron/studio/api', 'packaging-core/index.ts'], denyPackages: ['electron', 'react'] },
  // The command line's parts (the commands generated from the contract).
  { layer: 'electron/cli', mayImport: ['electron/studio/index.ts', 'electron/studio/api', 'packaging-core/index.ts'], denyPackages: ['electron', 'react'] },
  // Runs in a sandboxed page: no Node, talks to the studio only through the contract.
  { layer: 'renderer/src', mayImport: ['electron/studio/api', ...RENDERER_INSIDE], ...IN_BROWSER },
  // Inside the renderer every arrow points down: app/ (the shell composing the views) → features/ →
  // components/ → lib/. A feature never imports app/.
  { layer: 'renderer/src/app', mayImport: ['electron/studio/api', 'renderer/src/features', 'renderer/src/components', 'renderer/src/lib'], ...IN_BROWSER },
  { layer: 'renderer/src/features', mayImport: ['electron/studio/api', 'renderer/src/components', 'renderer/src/lib'], ...IN_BROWSER },
  { layer: 'renderer/src/components', mayImport: ['electron/studio/api', 'renderer/src/lib'], ...IN_BROWSER },
  { layer: 'renderer/src/lib', mayImport: ['electron/studio/api'], ...IN_BROWSER },
  // Tests and benchmarks: packaging-core through index.ts, but for tests of its internals.
  ...testLayers,
];

/** Bare specifiers resolved like relative imports (the renderer's one alias for the contract). */
export const aliases: LayerAliases = { '@contract': 'electron/studio/api/contract.ts' };
