/**
 * ffmpeg as an independent client of the origin: for every rung of HLS v4, HLS v3, HLS CMAF, DASH CSF
 * and DASH CMAF, the pictures ffmpeg decodes from the origin equal, frame for frame, those it decodes
 * from the source MP4 (per-frame MD5 of decoded pictures; timestamps may be offset, counts may not).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { startTestOrigin, type TestOrigin } from '../../helpers/origin-server.ts';
import { ffmpegBin, ffprobeBin, mustRun } from '../../helpers/run-process.ts';
import { frameHashes } from '../../helpers/frame-hashes.ts';

// ffmpeg's HLS demuxer (Debian 5.1 with its security backports, and every current release) refuses
// segment URLs that do not end in their container's extension; the playlists give every segment one
// (`Fragments(…).ts`, `.m4s`, init `.mp4`), so ffmpeg reads them with no option at all.

async function probe(input: string, args: string[], extra: string[] = []): Promise<any> {
  const r = await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', ...extra, ...args, input]);
  return JSON.parse(r.stdout.toString());
}

async function audioDuration(input: string, extra: string[] = []): Promise<number> {
  const r = await mustRun(ffmpegBin(), ['-v', 'error', ...extra, '-i', input, '-map', '0:a:0', '-f', 'framemd5', '-']);
  const rows = r.stdout.toString().split('\n').filter((l) => l && !l.startsWith('#'));
  // framemd5 rows: stream, dts, pts, duration, size, hash — in the stream's time base (1/48000 for AAC).
  return rows.reduce((sum, l) => sum + Number(l.split(',')[3]), 0) / 48000;
}

describe('origin output decoded by ffmpeg', () => {
  let fx: AbrFixture;
  let origin: TestOrigin;
  const source = new Map<number, string[]>();

  beforeAll(async () => {
    fx = await abrFixture();
    origin = await startTestOrigin(fx);
    for (const v of fx.videoFiles) source.set(v.bitrate, await frameHashes(`file:${v.file}`, '0:v:0'));
  });
  afterAll(async () => {
    await origin?.close();
  });

  const variantUrl = (format: string, bitrate: number, audio?: string) =>
    `${origin.ismUrl}/QualityLevels(${bitrate})/Manifest(video,format=${format}${audio ? `,audiotrack=${audio}` : ''})`;

  it.each(['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf'])('HLS %s: every rung decodes to the source pictures', async (format) => {
    for (const v of fx.videoFiles) {
      const hashes = await frameHashes(variantUrl(format, v.bitrate), '0:v:0');
      expect(hashes.length, `${format} ${v.bitrate}`).toBe(source.get(v.bitrate)!.length);
      expect(hashes).toEqual(source.get(v.bitrate));
    }
  });

  it.each(['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf'])('plain `ffmpeg -i <manifest url>` reads HLS %s: each variant is the source, frame for frame', async (format) => {
    const master = `${origin.ismUrl}/manifest(format=${format})`;
    const info = await probe(master, ['-show_streams']);
    const videos = info.streams.filter((s: any) => s.codec_type === 'video');
    for (const v of fx.videoFiles) {
      const i = videos.findIndex((s: any) => s.width === v.rung.width && s.height === v.rung.height);
      expect(i, `${format} ${v.rung.width}x${v.rung.height}`).toBeGreaterThanOrEqual(0);
      expect(await frameHashes(master, `0:v:${i}`)).toEqual(source.get(v.bitrate));
    }
  });

  it('HLS I-frame playlists (type=keyframes) decode to the source keyframe pictures', async () => {
    const v = fx.videoFiles[0]!;
    const url = `${origin.ismUrl}/QualityLevels(${v.bitrate})/Manifest(video,format=m3u8-aapl,type=keyframes)`;
    const body = await (await fetch(url)).text();
    expect(body).toContain('#EXT-X-I-FRAMES-ONLY');
    const hashes = await frameHashes(url, '0:v:0');
    const gop = fx.recipe.fps * fx.recipe.gopSec;
    const keyframes = source.get(v.bitrate)!.filter((_, i) => i % gop === 0);
    expect(hashes).toEqual(keyframes);
  });

  it.each(['mpd-time-csf', 'mpd-time-cmaf'])('DASH %s: every representation decodes to the source pictures', async (format) => {
    const mpd = `${origin.ismUrl}/manifest(format=${format})`;
    const info = await probe(mpd, ['-show_streams']);
    const videos = info.streams.filter((s: any) => s.codec_type === 'video');
    expect(videos).toHaveLength(fx.videoFiles.length);
    for (const v of fx.videoFiles) {
      const i = videos.findIndex((s: any) => s.width === v.rung.width && s.height === v.rung.height);
      expect(i, `${format} ${v.rung.width}x${v.rung.height}`).toBeGreaterThanOrEqual(0);
      const hashes = await frameHashes(mpd, `0:v:${i}`);
      expect(hashes).toEqual(source.get(v.bitrate));
    }
  });

  it('DASH fMP4 packets have the source packet sizes', async () => {
    const v = fx.videoFiles[0]!;
    const sizes = async (input: string, stream: string) =>
      (await probe(input, ['-select_streams', stream, '-show_entries', 'packet=size'])).packets.map((p: any) => Number(p.size));
    const src = await sizes(`file:${v.file}`, 'v:0');
    const mpd = `${origin.ismUrl}/manifest(format=mpd-time-cmaf)`;
    const info = await probe(mpd, ['-show_streams']);
    const i = info.streams.filter((s: any) => s.codec_type === 'video').findIndex((s: any) => s.width === v.rung.width);
    expect(await sizes(mpd, `v:${i}`)).toEqual(src);
  });

  it('audio renditions decode to the source duration in HLS v4, HLS CMAF and DASH', async () => {
    for (const a of fx.audioFiles) {
      const expected = await audioDuration(`file:${a.file}`);
      for (const format of ['m3u8-aapl', 'm3u8-cmaf']) {
        const url = `${origin.ismUrl}/QualityLevels(${a.bitrate})/Manifest(${a.trackName},format=${format})`;
        expect(Math.abs((await audioDuration(url)) - expected), `${format} ${a.language}`).toBeLessThan(0.025);
      }
    }
    const v3 = variantUrl('m3u8-aapl-v3', fx.videoFiles[2]!.bitrate, fx.audioFiles[1]!.trackName);
    const muxed = await probe(v3, ['-show_streams']);
    expect(muxed.streams.map((s: any) => s.codec_type).sort()).toEqual(['audio', 'video']);
  });

  // Encoder priming (AAC) and B-frame reordering (H.264) are signalled with edit lists in fMP4, which
  // ffmpeg applies; with negative composition offsets it put video 2 frames and audio 1 frame late.
  it.each(['mpd-time-csf', 'mpd-time-cmaf', 'm3u8-cmaf'])('%s: ffprobe packet times equal the source, A/V start skew ≤ 1 audio frame', async (format) => {
    const times = async (input: string, stream: string, extra: string[] = []) =>
      (await probe(input, ['-select_streams', stream, '-show_entries', 'packet=pts_time', '-read_intervals', '%+3'], extra)).packets.map((p: any) => Number(p.pts_time)) as number[];
    const v = fx.videoFiles[0]!;
    const a = fx.audioFiles[0]!;
    const url = `${origin.ismUrl}/manifest(format=${format})`;
    const info = await probe(url, ['-show_streams']);
    const vi = info.streams.filter((s: any) => s.codec_type === 'video').findIndex((s: any) => s.width === v.rung.width);
    const ai = info.streams.filter((s: any) => s.codec_type === 'audio').findIndex((s: any) => s.tags?.language === a.language);
    const [srcVideo, srcAudio, outVideo, outAudio] = await Promise.all([
      times(`file:${v.file}`, 'v:0'),
      times(`file:${a.file}`, 'a:0'),
      times(url, `v:${vi < 0 ? 0 : vi}`),
      times(url, `a:${ai < 0 ? 0 : ai}`),
    ]);
    const audioFrame = 1024 / 48000;
    const skew = (outVideo[0]! - outAudio[0]!) - (srcVideo[0]! - srcAudio[0]!);
    expect(Math.abs(skew), `A/V start skew ${skew.toFixed(4)} s`).toBeLessThanOrEqual(audioFrame);
    // Not only the start: the first packets sit where the source has them (to the ms).
    expect(outVideo.slice(0, 30).map((t) => t.toFixed(3))).toEqual(srcVideo.slice(0, 30).map((t) => t.toFixed(3)));
    expect(outAudio.slice(0, 30).map((t) => t.toFixed(3))).toEqual(srcAudio.slice(0, 30).map((t) => t.toFixed(3)));
  });

  it('ffprobe lists every HLS variant with its resolution, codec and bitrate', async () => {
    const info = await probe(`${origin.ismUrl}/manifest(format=m3u8-aapl)`, ['-show_streams', '-show_programs']);
    const videos = info.streams.filter((s: any) => s.codec_type === 'video');
    const sizes = videos.map((s: any) => `${s.codec_name} ${s.width}x${s.height}`).sort();
    expect(sizes).toEqual(fx.videoFiles.map((v) => `h264 ${v.rung.width}x${v.rung.height}`).sort());
    const bitrates = info.programs.map((p: any) => Number(p.tags?.variant_bitrate)).filter((b: number) => b > 0);
    for (const v of fx.videoFiles) expect(bitrates.some((b: number) => b >= v.bitrate && b < v.bitrate * 2)).toBe(true);
    const languages = info.streams.filter((s: any) => s.codec_type === 'audio').map((s: any) => s.tags?.language);
    // The audio-only variant reuses a rendition playlist that ffmpeg lists again without EXT-X-MEDIA's tags.
    expect(new Set(languages.filter(Boolean))).toEqual(new Set(['eng', 'fra']));
  });
});
