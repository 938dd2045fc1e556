import { describe, expect, it } from 'vitest';
import type { SetLadderData } from '../../../electron/studio/api/contract.ts';
import { formatsLine, isSetDrop, ladderRows } from '../../../renderer/src/features/library/set-drop.ts';

const ladder: SetLadderData = {
  name: 'movie',
  source: 'files',
  ismName: 'movie.ism',
  durationSec: 6,
  video: [
    { file: 'movie_1280x720_3000.mp4', trackId: 1, codec: 'H.265/HEVC', codecString: 'hvc1.1.6.L93.B0', width: 1280, height: 720, bitrate: 3_000_000, frameRate: 24 },
    { file: 'movie_640x360_900.mp4', trackId: 1, codec: 'H.265/HEVC', codecString: 'hvc1.1.6.L63.B0', width: 640, height: 360, bitrate: 900_000, frameRate: 24 },
  ],
  audio: [{ file: 'movie_1280x720_3000.mp4', trackId: 2, codec: 'E-AC-3', codecString: 'ec-3', language: 'eng', channels: 6, bitrate: 256_000, trackName: 'ec3_eng_6_256000', alsoIn: ['movie_640x360_900.mp4'] }],
  files: ['movie_1280x720_3000.mp4', 'movie_640x360_900.mp4'],
  formats: ['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf', 'mpd-time-csf', 'mpd-time-cmaf'],
};

describe('dropping an ABR set', () => {
  it('previews several MP4/M4A/ISMV files, a .ism or a folder; one media file stays a mezzanine import', () => {
    expect(isSetDrop(['a_1080.mp4', 'a_720.mp4', 'a_audio.m4a'])).toBe(true);
    expect(isSetDrop(['a.ismv', 'a.isma'])).toBe(true);
    expect(isSetDrop(['movie.ism'])).toBe(true);
    expect(isSetDrop(['asset-1c1d3b7e'])).toBe(true);
    expect(isSetDrop(['clip.mp4'])).toBe(false);
    expect(isSetDrop(['clip.mov', 'notes.txt'])).toBe(false);
    expect(isSetDrop(['a.mkv', 'b.mkv'])).toBe(false);
  });

  it('lists rungs then each distinct audio stream, saying where muxed audio is served once', () => {
    expect(ladderRows(ladder)).toEqual([
      { kind: 'video', label: '1280×720', codec: 'hvc1.1.6.L93.B0', kbps: 3000, file: 'movie_1280x720_3000.mp4', note: null },
      { kind: 'video', label: '640×360', codec: 'hvc1.1.6.L63.B0', kbps: 900, file: 'movie_640x360_900.mp4', note: null },
      { kind: 'audio', label: 'eng 6 ch', codec: 'ec-3', kbps: 256, file: 'movie_1280x720_3000.mp4', note: 'also muxed in 1 other file: served once' },
    ]);
  });

  it('names the formats it will be served in and those its codecs keep it out of', () => {
    expect(formatsLine(ladder)).toEqual({ served: 'HLS v4, HLS v3, HLS CMAF, DASH CSF, DASH CMAF', notServed: 'Smooth' });
    expect(formatsLine({ ...ladder, formats: ['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf', 'mpd-time-csf', 'mpd-time-cmaf', 'smooth'] }).notServed).toBeNull();
  });
});
