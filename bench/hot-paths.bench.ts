/**
 * npm run bench:hot-paths — in-process timings of the origin's small hot paths, the timing that used to
 * sit in unit tests (speed is measured by benches, not asserted by tests on a shared machine):
 * a 2 s 60 fps fMP4 fragment header, applyFilters against the filtered-presentation cache hit, and a
 * streaming-locator lookup without a cache. Prints numbers; asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { insertAsset } from '../electron/studio/catalog/assets-repo.ts';
import { openCatalog } from '../electron/studio/catalog/open-catalog.ts';
import { createLocatorResolver } from '../electron/studio/publishing/locator-resolver.ts';
import { createLocator } from '../electron/studio/publishing/locators.ts';
import { buildMediaSegment } from '../packaging-core/fmp4/media-segment.ts';
import { applyFilters } from '../packaging-core/presentation/filters/apply-filters.ts';
import { FilteredPresentations } from '../packaging-core/presentation/filters/filtered-presentations.ts';
import { requestFilters } from '../packaging-core/presentation/filters/request-filters.ts';
import { videoTrack } from '../test/unit/packaging-core/fmp4/synthetic-track.ts';
import { fakePresentation } from '../test/unit/packaging-core/manifest/fake-presentation.ts';

/** Mean µs per call over `n` calls after `warm` untimed ones. */
async function perCall(n: number, warm: number, fn: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < warm; i++) await fn(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  return Number(process.hrtime.bigint() - t0) / 1000 / n;
}

const track = videoTrack({ frames: 120 * 60, gop: 120, frameDuration: 256 });
const fragments = track.fragments.firstSample.length - 1;
const header = await perCall(5000, 200, (i) => buildMediaSegment(track, i % fragments, 'cmaf'));
console.log(`fMP4 fragment header, 2 s of 60 fps (120 samples): ${header.toFixed(2)} µs`);

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
  const lookup = await perCall(20_000, 200, (i) => resolve(ids[i % ids.length]!));
  console.log(`streaming locator lookup (no cache, 200 locators): ${lookup.toFixed(1)} µs`);
  catalog.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
