import type { LayerSpec } from './code-layering.ts';

/**
 * packaging-core's own layers, bottom to top: the request → bytes pipeline. A folder may import the
 * folders of the tiers below it, never one above and never a sibling of its own tier (siblings are
 * alternatives: a TS segment is not made of fMP4 code, an MPD does not quote a playlist). Folders
 * the renderer-shared contract may import (types, formats) and the URL grammar stay free of Node.
 * A file directly in packaging-core/ other than index.ts belongs to no tier and may import nothing.
 */
export const CORE_TIERS: readonly (readonly string[])[] = [
  ['types'], // the vocabulary: media model, requests, errors, bodies, format names
  ['formats', 'io'], // the format table; file handles, buffers, body slices, sample reads
  ['url', 'mp4', 'ism', 'text'], // the AMS URL grammar; MP4 boxes read and written; the .ism server manifest; WebVTT/SRT
  ['presentation'], // an asset as tracks and fragments: open, cache, find a track, filter
  ['manifest/xml'], // what the XML manifests (MPD, Smooth) share: escaping, timeline runs
  ['fmp4', 'mp2t', 'manifest/hls', 'manifest/dash', 'manifest/mss'], // segment and manifest writers
  ['protection'], // content protection: keys, schemes, sample encryption, signalling
  ['packager'], // one parsed request → the bytes of its answer
  ['server'], // HTTP: the handler, Range, CORS, key delivery, policy files
  ['index.ts'], // the public face: the only file code outside packaging-core imports
];

const PURE = new Set(['types', 'formats', 'url']);

export const coreLayers: readonly LayerSpec[] = CORE_TIERS.flatMap((tier, i) =>
  tier.map((folder) => ({
    layer: `packaging-core/${folder}`,
    mayImport: CORE_TIERS.slice(0, i).flat().map((f) => `packaging-core/${f}`),
    denyPackages: ['electron', 'react', 'react-dom'],
    ...(PURE.has(folder) ? { allowNodeBuiltins: false } : {}),
  })),
);

/**
 * Outside code uses packaging-core through index.ts. Tests of a module's internals import that
 * module directly: packaging-core's unit tests (test/unit/packaging-core/<folder> mirrors
 * packaging-core/<folder>), the conformance tests that hold the fMP4 and MPEG-TS segment
 * builders against ffmpeg, the fuzz targets that drive the readers and builders directly, and the
 * micro-benchmarks of the origin's hot paths.
 */
export const testLayers: readonly LayerSpec[] = [
  { layer: 'test', mayImport: ['packaging-core/index.ts', 'electron', 'renderer', 'bench', 'scripts', 'test'] },
  { layer: 'bench', mayImport: ['packaging-core/index.ts', 'electron', 'test'] },
  { layer: 'test/unit/packaging-core', mayImport: ['packaging-core', 'test', 'electron'] },
  { layer: 'test/conformance/fmp4', mayImport: ['packaging-core/index.ts', 'packaging-core/fmp4', 'test'] },
  { layer: 'test/fuzz', mayImport: ['packaging-core', 'test'] },
  { layer: 'bench/hot-paths.bench.ts', mayImport: ['packaging-core', 'electron', 'test'] },
  { layer: 'test/conformance/mp2t', mayImport: ['packaging-core/index.ts', 'packaging-core/mp2t', 'test'] },
];
