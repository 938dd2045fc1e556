import { describe, expect, it } from 'vitest';
import { writeMpd } from '../../../../packaging-core/manifest/dash/mpd.ts';
import { writeHlsMaster } from '../../../../packaging-core/manifest/hls/master-playlist.ts';
import { writeHlsMediaPlaylist } from '../../../../packaging-core/manifest/hls/media-playlist.ts';
import { writeSmoothManifest } from '../../../../packaging-core/manifest/mss/smooth-manifest.ts';
import type { UrlOptions } from '../../../../packaging-core/types/request.ts';
import { fakePresentation } from './fake-presentation.ts';

// The target is 0.2 ms p50 on a 60 s 3-rung asset; the bound here leaves room for a loaded, shared CI
// machine while still failing on quadratic work (which costs tens of ms at this size).
const P50_BOUND_MS = 1;
const options: UrlOptions = { filters: ['a'], audioOnly: true, keyframes: false };

function p50(run: () => string): number {
  for (let i = 0; i < 50; i++) run();
  const times: number[] = [];
  for (let i = 0; i < 400; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1]!;
}

describe('manifest writers on a 60 s, 3-rung, 2-audio asset', () => {
  const presentation = fakePresentation({ durationSec: 60 });
  const writers: Record<string, () => string> = {
    'HLS v4 master': () => writeHlsMaster(presentation, 'm3u8-aapl', options),
    'HLS v3 master': () => writeHlsMaster(presentation, 'm3u8-aapl-v3', options),
    'HLS CMAF master': () => writeHlsMaster(presentation, 'm3u8-cmaf', options),
    'HLS TS video playlist': () =>
      writeHlsMediaPlaylist(presentation, { format: 'm3u8-aapl', bitrate: 900000, track: 'video', options }),
    'HLS CMAF audio playlist': () =>
      writeHlsMediaPlaylist(presentation, {
        format: 'm3u8-cmaf',
        bitrate: 128000,
        track: 'aac_eng_2_128000',
        options,
      }),
    'DASH CSF MPD': () => writeMpd(presentation, 'mpd-time-csf', options),
    'Smooth 2.2': () => writeSmoothManifest(presentation, 'smooth', options),
  };

  it.each(Object.keys(writers))('%s: p50 under the bound', (name) => {
    const ms = p50(writers[name]!);
    console.log(`${name}: p50 ${(ms * 1000).toFixed(1)} µs`);
    expect(ms).toBeLessThan(P50_BOUND_MS);
  });
});
