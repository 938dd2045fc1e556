/**
 * npm run bench:hot-paths — in-process timings of the origin's small hot paths, the timing that used to
 * sit in unit tests (speed is measured by benches, not asserted by tests on a shared machine):
 * a 2 s 60 fps fMP4 fragment header, applyFilters against the filtered-presentation cache hit, a
 * streaming-locator lookup without a cache, and protected responses (Common Encryption and AES-128
 * segments, manifests with their key signalling) as the packager answers them. Prints numbers (wall
 * and CPU time per call: the machine is shared, CPU time is the steadier), and the CPU time of a 2 s
 * muxed TS segment, whole and streamed; asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { insertAsset } from '../electron/studio/catalog/assets-repo.ts';
import { openCatalog } from '../electron/studio/catalog/open-catalog.ts';
import { createLocatorResolver } from '../electron/studio/publishing/locator-resolver.ts';
import { createLocator } from '../electron/studio/publishing/locators.ts';
import { buildMediaSegment } from '../packaging-core/fmp4/media-segment.ts';
import { createPackagingCaches, packageRequest } from '../packaging-core/packager/package-request.ts';
import type { FragmentRequest, LocatorProtection, ManifestRequest, PlaylistRequest, Presentation } from '../packaging-core/index.ts';
import { applyFilters } from '../packaging-core/presentation/filters/apply-filters.ts';
import { FilteredPresentations } from '../packaging-core/presentation/filters/filtered-presentations.ts';
import { requestFilters } from '../packaging-core/presentation/filters/request-filters.ts';
import { videoTrack } from '../test/unit/packaging-core/fmp4/synthetic-track.ts';
import { fakePresentation } from '../test/unit/packaging-core/manifest/fake-presentation.ts';
import { buildTsSegment, planTsSegment } from '../packaging-core/mp2t/ts-segment.ts';
import { streamedTsPart } from '../packaging-core/mp2t/stream-segment.ts';
import { syntheticAudio, syntheticVideo } from '../test/unit/packaging-core/mp2t/synthetic-tracks.ts';

/** Mean µs per call over `n` calls after `warm` untimed ones. */
async function perCall(n: number, warm: number, fn: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < warm; i++) await fn(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  return Number(process.hrtime.bigint() - t0) / 1000 / n;
}

/** Mean wall and CPU (user + system) µs per call. */
async function perCallCpu(n: number, warm: number, fn: (i: number) => unknown): Promise<{ wall: number; cpu: number }> {
  for (let i = 0; i < warm; i++) await fn(i);
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  const wall = Number(process.hrtime.bigint() - t0) / 1000 / n;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / n };
}

const track = videoTrack({ frames: 120 * 60, gop: 120, frameDuration: 256 });
const fragments = track.fragments.firstSample.length - 1;
const header = await perCall(5000, 200, (i) => buildMediaSegment(track, i % fragments, 'cmaf'));
console.log(`fMP4 fragment header, 2 s of 60 fps (120 samples): ${header.toFixed(2)} µs`);

await protectedResponses();

const source = fakePresentation();
const filters = await requestFilters(
  {
    folder: '/x',
    protocols: new Set(),
    resolveFilter: () => ({ tracks: [{ trackSelections: [{ property: 'Bitrate', operation: 'Equal', value: '0-600000' }] }] }),
  },
  ['low'],
);
const cache = new FilteredPresentations();
const apply = await perCall(2000, 100, () => applyFilters(source, filters));
const hit = await perCall(2000, 100, () => cache.get(source, filters));
console.log(`applyFilters ${apply.toFixed(1)} µs, cached ${hit.toFixed(2)} µs`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-paths-'));
try {
  const catalog = openCatalog(dir);
  const asset = insertAsset(catalog, { name: 'Movie', state: 'Finished', ismName: 'movie.ism' });
  const ids = Array.from({ length: 200 }, (_, i) =>
    createLocator(catalog, { assetId: asset.id, policyName: 'Predefined_ClearStreamingOnly', name: `l${i}` }).id,
  );
  const resolve = createLocatorResolver(catalog);
  const lookup = await perCallCpu(20_000, 200, (i) => resolve(ids[i % ids.length]!));
  // Each lookup checks the catalog's change stamp; the row is read again only after a write.
  console.log(`streaming locator lookup (200 locators, catalog unchanged): ${lookup.wall.toFixed(1)} µs wall, ${lookup.cpu.toFixed(1)} µs CPU`);
  catalog.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A 20 s 60 fps H.264-shaped video track in a temp file (each sample one length-prefixed slice NAL,
 * so subsample encryption has real work), served under a cenc+cbcs+AES-128 policy.
 */
async function protectedResponses(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-paths-protected-'));
  try {
    const file = path.join(dir, 'video.mp4');
    const video = videoTrack({ frames: 120 * 10, gop: 120, frameDuration: 256, file });
    const { offsets, sizes, sync } = video.samples;
    const last = video.samples.count - 1;
    const bytes = Buffer.alloc(offsets[last]! + sizes[last]!);
    for (let i = 0; i <= last; i++) {
      const at = offsets[i]!;
      bytes.writeUInt32BE(sizes[i]! - 4, at);
      bytes[at + 4] = sync[i] ? 0x65 : 0x41;
      for (let k = at + 5; k < at + sizes[i]!; k++) bytes[k] = (k * 31) & 0xff;
    }
    fs.writeFileSync(file, bytes);
    const p: Presentation = {
      folder: dir,
      ismName: 'movie.ism',
      video: [video],
      audio: [],
      durationTicks: video.fragments.startTicks[video.fragments.startTicks.length - 1]!,
      fragmentsPerHlsSegment: 3,
      version: 'bench-1',
    };
    const protection: LocatorProtection = {
      schemes: new Set(['cenc', 'cbcs', 'cbc']),
      keyId: '6f0c5b1e-2a3d-4c5b-8e9f-0a1b2c3d4e5f',
      contentKey: () => Uint8Array.of(0, 17, 34, 51, 68, 85, 102, 119, 136, 153, 170, 187, 204, 221, 238, 255),
      keyPolicy: { kind: 'open' },
      drmSystems: [{ systemId: 'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed', psshData: Buffer.from('widevine-header').toString('base64') }],
    };
    const locator = '00000000-0000-4000-8000-000000000001';
    const ctx = { locator, protection, origin: 'http://127.0.0.1:8080' };
    const caches = createPackagingCaches();
    const base = { locator, ism: 'movie.ism' };
    const options = (encryption?: string) => ({ filters: [], audioOnly: true, keyframes: false, ...(encryption ? { encryption } : {}) });
    const starts = video.fragments.startTicks;
    const fragments = starts.length - 1;
    const fragment = (format: FragmentRequest['format'], i: number, encryption?: string): FragmentRequest => ({
      ...base,
      kind: 'fragment',
      format,
      bitrate: video.bitrate,
      track: video.name,
      time: starts[i]!,
      options: options(encryption),
    });
    const cases: [string, (i: number) => Promise<unknown>][] = [
      ['cenc DASH media segment (2 s, 60 fps)', (i) => packageRequest(fragment('mpd-time-cmaf', i % fragments), p, ctx)],
      ['cbcs HLS CMAF media segment', (i) => packageRequest(fragment('m3u8-cmaf', i % fragments), p, ctx)],
      ['cenc Smooth fragment', (i) => packageRequest(fragment('smooth', i % fragments), p, ctx)],
      ['AES-128 HLS CMAF media segment', (i) => packageRequest(fragment('m3u8-cmaf', i % fragments, 'cbc'), p, ctx)],
      [
        'AES-128 HLS TS segment (6 s, cached)',
        async (i) => {
          const out = await packageRequest(fragment('m3u8-aapl', (i % 3) * 3), p, ctx, caches);
          out.release?.(true);
        },
      ],
      ['cenc DASH init segment (cached)', () => packageRequest({ ...fragment('mpd-time-cmaf', 0), time: 'init' }, p, ctx, caches)],
      [
        'protected MPD (cached)',
        () => packageRequest({ ...base, kind: 'manifest', format: 'mpd-time-cmaf', options: options() } satisfies ManifestRequest, p, ctx, caches),
      ],
      [
        'AES-128 HLS media playlist (cached)',
        () =>
          packageRequest(
            { ...base, kind: 'playlist', format: 'm3u8-aapl', bitrate: video.bitrate, track: video.name, options: options() } satisfies PlaylistRequest,
            p,
            ctx,
            caches,
          ),
      ],
    ];
    for (const [name, run] of cases) {
      const t = await perCallCpu(300, 30, run);
      console.log(`protected: ${name}: ${t.wall.toFixed(1)} µs wall, ${t.cpu.toFixed(1)} µs CPU`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// A 2 s 1080p-sized muxed TS segment (60 frames of ~20 KB, 2 s of AAC): the CPU time of planning and
// writing it (the samples come from the page cache), whole into one buffer and streamed in chunks.
const tsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-paths-ts-'));
try {
  const tsVideo = await syntheticVideo(path.join(tsDir, 'v.mp4'), { frames: 60, gop: 60, sliceSize: 19_000 });
  const tsAudio = await syntheticAudio(path.join(tsDir, 'a.mp4'), 2);
  const input = { video: { track: tsVideo, firstSample: 0, endSample: 60 }, audio: { track: tsAudio, firstSample: 0, endSample: 94 } };
  const out = Buffer.alloc((await planTsSegment(input)).size);
  const whole = await perCallCpu(400, 50, () => buildTsSegment(input, () => out));
  const chunk = Buffer.alloc(2048 * 188);
  const streamed = await perCallCpu(400, 50, async () => {
    const plan = await planTsSegment(input);
    await plan.write({ next: () => chunk, filled: () => undefined }, () => undefined);
    plan.close();
  });
  // As an uncached response streams it: samples and packets in the byte arena, copied by WebAssembly.
  const response = await perCallCpu(400, 50, async () => {
    await streamedTsPart(await planTsSegment(input)).write({
      push(_, done) {
        done();
        return undefined;
      },
    });
  });
  console.log(
    `TS segment, 2 s muxed, ${(out.length / 1e6).toFixed(2)} MB: whole ${whole.cpu.toFixed(0)} µs CPU, streamed ${streamed.cpu.toFixed(0)} µs CPU (${(out.length / whole.cpu).toFixed(0)} MB per CPU-second), as a response through the byte arena ${response.cpu.toFixed(0)} µs CPU (${(out.length / response.cpu).toFixed(0)} MB per CPU-second)`,
  );
} finally {
  fs.rmSync(tsDir, { recursive: true, force: true });
}
