import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractTextTracks } from '../../../electron/studio/media/extract-text-tracks.ts';
import { readTextTrack, TextTrackError, writeWebVtt, writeWebVttSegment } from '../../../packaging-core/index.ts';
import { CORPUS } from '../../helpers/corpus.ts';
import { ffmpegCues } from '../../helpers/ffmpeg-cues.ts';


let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'text-tracks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('text tracks', () => {
  it('the SRT stream of an MKV comes out as WebVTT cues at the times ffmpeg reads in the source', async () => {
    const source = path.join(CORPUS, 'mkv_h264_ac3_srt_subtitle.mkv');
    const [track, ...rest] = await extractTextTracks('ffmpeg', 'ffprobe', source);
    expect(rest).toEqual([]);
    expect(track).toMatchObject({ codec: 'subrip', language: 'eng', name: 'Subs Label', isDefault: true });
    const expected = await ffmpegCues(source);
    expect(track!.cues.length).toBe(expected.length);
    track!.cues.forEach((cue, i) => {
      expect(Math.abs(cue.startMs - expected[i]!.startMs)).toBeLessThanOrEqual(1);
      expect(Math.abs(cue.endMs - expected[i]!.endMs)).toBeLessThanOrEqual(1);
    });
    // The normalised WebVTT reads back in ffmpeg with the same cues.
    const vtt = path.join(dir, 'mkv.vtt');
    await writeFile(vtt, writeWebVtt(track!.cues));
    expect((await ffmpegCues(vtt)).map((c) => [c.startMs, c.endMs])).toEqual(expected.map((c) => [c.startMs, c.endMs]));
  });

  it('a QuickTime c608 closed-caption track (players never read it) comes out as a WebVTT track with the captions ffmpeg decodes', async () => {
    const source = path.join(CORPUS, 'fmp4_hls_h264_cea608_start10s.mp4');
    const [track, ...rest] = await extractTextTracks('ffmpeg', 'ffprobe', source);
    expect(rest).toEqual([]);
    expect(track).toMatchObject({ codec: 'eia_608', language: 'eng' });
    const expected = await ffmpegCues(source);
    expect(expected.length).toBeGreaterThan(3);
    // ffmpeg's SRT keeps the decoder's styling (<font>, {\\an7}); the WebVTT track has the text only.
    expect(track!.cues.map((c) => c.text)).toEqual(expected.map((c) => c.text.replace(/<[^>]+>|\{\\[^}]*\}/g, '')));
    track!.cues.forEach((cue, i) => expect(Math.abs(cue.startMs - expected[i]!.startMs)).toBeLessThanOrEqual(1));
    expect(track!.cues[0]!.text).toBe('Bip!');
  });

  it('a broken SRT is refused with the line at fault', () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\nhello\n\n2\n00:00:0x,000 --> 00:00:03,000\nbad\n';
    expect(() => readTextTrack(srt, 'movie.srt')).toThrow(TextTrackError);
    expect(() => readTextTrack(srt, 'movie.srt')).toThrow(/movie\.srt line 6: "00:00:0x,000" is not a time/);
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:0x:03.000 --> 00:00:04.000\nbad\n';
    expect(() => readTextTrack(vtt, 'movie.vtt')).toThrow(/movie\.vtt line 6/);
  });

  it('a cue after the asset ends is refused; one running past it is cut at the end', () => {
    const srt = '1\n00:00:01,000 --> 00:00:12,000\na\n\n2\n00:00:20,000 --> 00:00:21,000\nb\n';
    expect(() => readTextTrack(srt, 's.srt', 10_000)).toThrow(/s\.srt line 6 \(cue 2\): starts at 20 s, after the asset ends \(10 s\)/);
    expect(readTextTrack(srt.split('\n\n')[0]!, 's.srt', 10_000)[0]).toMatchObject({ startMs: 1000, endMs: 10_000 });
  });

  it('segmented WebVTT: ffmpeg reads the playlist with the source cue times, a straddling cue is in both segments', async () => {
    const srt = [
      '1\n00:00:01,250 --> 00:00:03,500\n<i>first</i> line',
      '2\n00:00:05,000 --> 00:00:07,125\nacross the boundary',
      '3\n00:00:08,001 --> 00:00:09,999\nlast & done',
    ].join('\n\n');
    const cues = readTextTrack(srt, 'seg.srt', 12_000);
    const bounds = [0, 6000, 12_000];
    const segments = [0, 1].map((i) => writeWebVttSegment(cues, { startMs: bounds[i]!, endMs: bounds[i + 1]!, mpegtsAtZero: 900_000 }));
    expect(segments[0]).toContain('across the boundary');
    expect(segments[1]).toContain('across the boundary');
    expect(segments[1]).toContain('X-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000');
    await Promise.all(segments.map((s, i) => writeFile(path.join(dir, `seg${i}.vtt`), s)));
    await writeFile(
      path.join(dir, 'subs.m3u8'),
      '#EXTM3U\n#EXT-X-VERSION:4\n#EXT-X-TARGETDURATION:6\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:6.000,\nseg0.vtt\n#EXTINF:6.000,\nseg1.vtt\n#EXT-X-ENDLIST\n',
    );
    for (const [i, s] of segments.entries()) {
      const read = await ffmpegCues(path.join(dir, `seg${i}.vtt`));
      const expected = cues.filter((c) => c.startMs < bounds[i + 1]! && c.endMs > bounds[i]!);
      expect(read.map((c) => [c.startMs, c.endMs])).toEqual(expected.map((c) => [c.startMs, c.endMs]));
      expect(s.startsWith('WEBVTT\n')).toBe(true);
    }
    const all = await ffmpegCues(path.join(dir, 'subs.m3u8'));
    expect(all.filter((c) => c.text === 'across the boundary').length).toBeGreaterThanOrEqual(1);
    expect(all.map((c) => c.text)).toContain('last & done');
  });
});
