import type { LayerSpec } from './code-layering.ts';

/** The layers of architecture.md, most specific first where they nest. */
export const layers: readonly LayerSpec[] = [
  // A pure library: no app state, no Electron, no UI.
  { layer: 'packaging-core', mayImport: [], denyPackages: ['electron', 'react', 'react-dom'] },
  // The typed contract: shared by the renderer, so it needs neither Node nor Electron.
  { layer: 'electron/studio/api', mayImport: ['packaging-core/types'], allowNodeBuiltins: false, denyPackages: ['electron', 'react'] },
  // Plain Node services: everything but drawing.
  { layer: 'electron/studio', mayImport: ['packaging-core', 'electron/studio/api'], denyPackages: ['electron', 'react', 'react-dom'] },
  // The only code that imports 'electron'.
  { layer: 'electron/shell', mayImport: ['electron/studio', 'electron/studio/api', 'packaging-core'], denyPackages: ['react', 'react-dom'] },
  { layer: 'electron/cli.ts', mayImport: ['electron/cli', 'electron/studio', 'electron/studio/api', 'packaging-core'], denyPackages: ['electron', 'react'] },
  // The command line's parts (the commands generated from the contract).
  { layer: 'electron/cli', mayImport: ['electron/studio', 'electron/studio/api', 'packaging-core'], denyPackages: ['electron', 'react'] },
  // Runs in a sandboxed page: no Node, talks to the studio only through the contract.
  { layer: 'renderer/src', mayImport: ['electron/studio/api'], allowNodeBuiltins: false, denyPackages: ['electron'] },
];
