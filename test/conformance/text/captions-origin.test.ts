/**
 * Captions end to end: a WebVTT text track added to the fixture's .ism (a <textstream>) is served as
 * HLS SUBTITLES (segmented WebVTT on the video's segment boundaries); ffmpeg reads the playlists with
 * the source's cue times and a cue straddling a segment boundary is in both segments.
 */
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captionedFixture, CAPTION_CUES, CAPTIONS_FILE, CAPTIONS_VTT } from '../../helpers/captioned-fixture.ts';
import type { FilterDefinition } from '../../../packaging-core/index.ts';
import { startTestOrigin, type TestOrigin } from '../../helpers/origin-server.ts';
import { ffmpegCues } from '../../helpers/ffmpeg-cues.ts';
import { mustRun } from '../../helpers/run-process.ts';

const TEXT_URL = (format: string) => `QualityLevels(1000)/Manifest(English,format=${format})`;

const S = 10_000_000;
const FILTERS: Record<string, FilterDefinition> = {
  // Video and audio only: the text track goes.
  notext: { tracks: [{ trackSelections: [{ property: 'Type', operation: 'NotEqual', value: 'text' }] }] },
  // Video and the English text (selected by type and language): the audio goes.
  vtext: {
    tracks: [
      { trackSelections: [{ property: 'Type', operation: 'Equal', value: 'video' }] },
      { trackSelections: [{ property: 'Type', operation: 'Equal', value: 'text' }, { property: 'Language', operation: 'Equal', value: 'en' }] },
    ],
  },
  // 6–10 s: the fragments from 6 s to 10 s.
  late: { presentationTimeRange: { startTimestamp: 6 * S, endTimestamp: 10 * S } },
};

describe('captions', () => {
  let dir: string;
  let origin: TestOrigin;

  beforeAll(async () => {
    const captioned = await captionedFixture('captions-');
    dir = captioned.folder;
    origin = await startTestOrigin(captioned, { filters: FILTERS });
  });
  afterAll(async () => {
    await origin?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // v3 too: EXT-X-MEDIA and SUBTITLES= are backward compatible to version 1 (RFC 8216 §7); its URLs
  // carry the muxed audio track's name, as every v3 URL does.
  it.each(['m3u8-aapl', 'm3u8-cmaf', 'm3u8-aapl-v3'])('%s: SUBTITLES group; ffmpeg reads the WebVTT playlist with the source cue times', async (format) => {
    const master = await (await fetch(`${origin.ismUrl}/manifest(format=${format})`)).text();
    const uri = /#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="eng",DEFAULT=YES,AUTOSELECT=YES,URI="([^"]+)"/.exec(master)?.[1];
    expect(uri).toBe(format === 'm3u8-aapl-v3' ? 'QualityLevels(1000)/Manifest(English,format=m3u8-aapl-v3,audiotrack=aac_eng_2_128000)' : TEXT_URL(format));
    expect(master).toMatch(/#EXT-X-STREAM-INF:[^\n]*SUBTITLES="subs"/);
    expect(master.match(/#EXT-X-STREAM-INF:[^\n]*SUBTITLES="subs"/g)?.length).toBe(master.match(/#EXT-X-STREAM-INF:[^\n]*RESOLUTION/g)?.length);
    const playlist = await (await fetch(`${origin.ismUrl}/${uri}`)).text();
    expect(playlist).toContain(`#EXT-X-VERSION:${format === 'm3u8-aapl-v3' ? 3 : format === 'm3u8-cmaf' ? 7 : 4}`);
    const cues = await ffmpegCues(`${origin.ismUrl}/${uri}`);
    // The straddling cue comes once per segment it overlaps; the times are the source's, exactly.
    const unique = [...new Map(cues.map((c) => [`${c.startMs}-${c.endMs}-${c.text}`, c])).values()];
    expect(unique).toEqual(CAPTION_CUES);
  });

  it('a cue straddling a segment boundary is in both segments, with the TS clock map', async () => {
    const playlist = await (await fetch(`${origin.ismUrl}/${TEXT_URL('m3u8-aapl')}`)).text();
    const uris = playlist.split('\n').filter((l) => l.startsWith('Fragments('));
    expect(uris.length).toBeGreaterThanOrEqual(3);
    const base = `${origin.ismUrl}/QualityLevels(1000)/`;
    const [first, second] = await Promise.all(uris.slice(0, 2).map(async (u) => (await fetch(base + u)).text()));
    expect(first).toContain('X-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000');
    expect(first).toContain('00:00:05.400 --> 00:00:07.200\nAcross the boundary');
    expect(second).toContain('00:00:05.400 --> 00:00:07.200\nAcross the boundary');
    expect(first).not.toContain('Third cue');
    expect(second).not.toContain('Hello from the origin');
  });

  it.each(['mpd-time-csf', 'mpd-time-cmaf'])('%s: stpp segments on the video timeline; ffmpeg reads the TTML samples with the source cue times', async (format) => {
    const mpd = await (await fetch(`${origin.ismUrl}/manifest(format=${format})`)).text();
    const set = /<AdaptationSet[^>]*contentType="text"[^>]*>[\s\S]*?<\/AdaptationSet>/.exec(mpd)?.[0] ?? '';
    expect(set).toContain('mimeType="application/mp4" codecs="stpp.ttml.im1t"');
    expect(set).toContain('lang="eng"');
    // The same SegmentTimeline as the video: a player fetches the text that goes with each segment.
    const timeline = (xml: string) => /<SegmentTimeline>[\s\S]*?<\/SegmentTimeline>/.exec(xml)?.[0];
    expect(timeline(set)).toBe(timeline(mpd));
    const starts: number[] = [];
    let t = 0;
    for (const m of timeline(set)!.matchAll(/<S (?:t="(\d+)" )?d="(\d+)"(?: r="(\d+)")?\/>/g)) {
      if (m[1]) t = Number(m[1]);
      for (let k = 0; k <= Number(m[3] ?? 0); k++, t += Number(m[2])) starts.push(t);
    }
    const base = `${origin.ismUrl}/QualityLevels(1000)/Fragments(English=`;
    const parts = await Promise.all([`i,format=${format})`, ...starts.map((s) => `${s},format=${format})`)].map(async (u) => Buffer.from(await (await fetch(base + u)).arrayBuffer())));
    const file = path.join(dir, `${format}-text.mp4`);
    await writeFile(file, Buffer.concat(parts));
    const probe = JSON.parse((await mustRun('ffprobe', ['-v', 'error', '-show_streams', '-show_packets', '-of', 'json', file])).stdout.toString('utf8'));
    expect(probe.streams).toMatchObject([{ codec_tag_string: 'stpp', tags: { language: 'eng', handler_name: 'SubtitleHandler' } }]);
    // One TTML document per video fragment, at the fragment's time.
    expect(probe.packets.map((p: { pts: number }) => p.pts)).toEqual(starts);
    const ttml = (await mustRun('ffmpeg', ['-v', 'error', '-i', file, '-map', '0', '-c', 'copy', '-f', 'data', '-'])).stdout.toString('utf8');
    const ms = (clock: string): number => {
      const [h, m, sec] = clock.split(':');
      return Math.round((Number(h) * 3600 + Number(m) * 60 + Number(sec)) * 1000);
    };
    const pieces = [...ttml.matchAll(/<p begin="([^"]+)" end="([^"]+)">([^<]*)<\/p>/g)].map((m) => ({ startMs: ms(m[1]!), endMs: ms(m[2]!), text: m[3]! }));
    // A cue is cut at each fragment boundary it crosses (a sample presents its own span only): the
    // pieces meet exactly and join back into the source cue.
    const cues: typeof pieces = [];
    for (const piece of pieces) {
      const last = cues.at(-1);
      if (last && last.text === piece.text && last.endMs === piece.startMs) last.endMs = piece.endMs;
      else cues.push({ ...piece });
    }
    expect(cues).toEqual(CAPTION_CUES);
    expect(pieces.length).toBeGreaterThan(cues.length);
  });

  it('Smooth: a text StreamIndex of TTML fragments whose times count from the fragment start, as AMS wrote them', async () => {
    const manifest = await (await fetch(`${origin.ismUrl}/manifest`)).text();
    const index = /<StreamIndex Type="text"[^>]*>[\s\S]*?<\/StreamIndex>/.exec(manifest)?.[0] ?? '';
    expect(index).toContain('Name="English" Language="eng" Subtype="SUBT"');
    expect(index).toContain('Url="QualityLevels({bitrate})/Fragments(English={start time})"');
    expect(index).toContain('<QualityLevel Index="0" Bitrate="1000" FourCC="TTML" CodecPrivateData=""/>');
    const fragment = Buffer.from(await (await fetch(`${origin.ismUrl}/QualityLevels(1000)/Fragments(English=20000000)`)).arrayBuffer());
    const text = fragment.toString('utf8');
    // The cue at 1.25–3.5 s seen from the fragment at 2 s: 0 to 1.5 s.
    expect(text).toContain('<p begin="00:00:00.000" end="00:00:01.500">Hello from the origin</p>');
    expect(fragment.includes(Buffer.from('6d1d9b0542d544e680e2141daff757b2', 'hex'))).toBe(true); // tfxd
  });

  it('a track filter drops or keeps the text track in every format', async () => {
    const manifests = async (filter: string) =>
      Promise.all(['format=m3u8-aapl,', 'format=m3u8-cmaf,', 'format=mpd-time-csf,', ''].map(async (f) => (await fetch(`${origin.ismUrl}/manifest(${f}filter=${filter})`)).text()));
    const [hls, cmaf, dash, smooth] = await manifests('notext');
    for (const m of [hls, cmaf]) {
      expect(m).not.toContain('TYPE=SUBTITLES');
      expect(m).not.toContain('SUBTITLES="subs"');
      expect(m).toContain('TYPE=AUDIO');
    }
    expect(dash).not.toContain('contentType="text"');
    expect(smooth).not.toContain('Type="text"');
    const kept = await manifests('vtext');
    for (const m of kept.slice(0, 2)) {
      expect(m).toContain('TYPE=SUBTITLES,GROUP-ID="subs",NAME="English"');
      expect(m).not.toContain('TYPE=AUDIO');
    }
    expect(kept[2]).toContain('contentType="text"');
    expect(kept[2]).not.toContain('contentType="audio"');
    expect(kept[3]).toContain('Type="text"');
  });

  it('a time-range filter serves the cues of the kept fragments, cut at its edges (ffmpeg reads HLS and DASH)', async () => {
    const hls = await ffmpegCues(`${origin.ismUrl}/QualityLevels(1000)/Manifest(English,format=m3u8-cmaf,filter=late)`);
    const unique = [...new Map(hls.map((c) => [`${c.startMs}-${c.endMs}-${c.text}`, c])).values()];
    const expected = [
      { startMs: 6000, endMs: 7200, text: 'Across the boundary' },
      { startMs: 9001, endMs: 10_000, text: 'Third cue' },
    ];
    expect(unique).toEqual(expected);
    const mpd = await (await fetch(`${origin.ismUrl}/manifest(format=mpd-time-csf,filter=late)`)).text();
    const set = /<AdaptationSet[^>]*contentType="text"[^>]*>[\s\S]*?<\/AdaptationSet>/.exec(mpd)?.[0] ?? '';
    // The text's timeline is the filtered video's, rebased the same way.
    expect(set).toContain('presentationTimeOffset="60000000"');
    expect(set).toMatch(/<S t="60000000" d="20000000" r="1"\/>/);
    const ttml = await Promise.all([6, 8].map(async (t) => (await fetch(`${origin.ismUrl}/QualityLevels(1000)/Fragments(English=${t * S},format=mpd-time-csf,filter=late)`)).text()));
    expect(ttml[0]).toContain('<p begin="00:00:06.000" end="00:00:07.200">Across the boundary</p>');
    expect(ttml[1]).toContain('<p begin="00:00:09.001" end="00:00:10.000">Third cue</p>');
    expect((await fetch(`${origin.ismUrl}/QualityLevels(1000)/Fragments(English=${4 * S},format=mpd-time-csf,filter=late)`)).status).toBe(404);
  });

  it('a broken text file makes the asset refuse with the file and line', async () => {
    await writeFile(path.join(dir, CAPTIONS_FILE), 'WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nbad\n');
    // The origin re-checks an opened asset's files (the text file among them) at most once a second.
    await new Promise((r) => setTimeout(r, 1100));
    try {
      const res = await fetch(`${origin.ismUrl}/manifest(format=m3u8-cmaf)`);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await res.text()).toMatch(/subs_eng\.vtt line 3/);
    } finally {
      await writeFile(path.join(dir, CAPTIONS_FILE), CAPTIONS_VTT);
    }
  });
});
