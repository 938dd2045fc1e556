/**
 * Captions end to end: a WebVTT text track added to the fixture's .ism (a <textstream>) is served as
 * HLS SUBTITLES (segmented WebVTT on the video's segment boundaries); ffmpeg reads the playlists with
 * the source's cue times and a cue straddling a segment boundary is in both segments.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abrFixture } from '../../helpers/fixtures.ts';
import { startTestOrigin, type TestOrigin } from '../../helpers/origin-server.ts';
import { mustRun } from '../../helpers/run-process.ts';

// TS segments are 3 × 2 s fragments: 6 s is a boundary, the second cue straddles it.
const SOURCE = [
  { start: '00:00:01.250', end: '00:00:03.500', startMs: 1250, endMs: 3500, text: 'Hello from the origin' },
  { start: '00:00:05.400', end: '00:00:07.200', startMs: 5400, endMs: 7200, text: 'Across the boundary' },
  { start: '00:00:09.001', end: '00:00:11.999', startMs: 9001, endMs: 11_999, text: 'Third cue' },
];
const VTT = `WEBVTT\n\n${SOURCE.map((c) => `${c.start} --> ${c.end}\n${c.text}\n`).join('\n')}`;
const TEXT_URL = (format: string) => `QualityLevels(1000)/Manifest(English,format=${format})`;

// Asynchronous: the origin answering ffmpeg runs in this same process.
async function ffmpegCues(input: string): Promise<{ startMs: number; endMs: number; text: string }[]> {
  const out = (await mustRun('ffmpeg', ['-v', 'error', '-i', input, '-map', '0:s:0', '-f', 'srt', '-'])).stdout.toString('utf8');
  const ms = (t: string): number => {
    const [h, m, s] = t.replace(',', '.').split(':');
    return Math.round((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000);
  };
  return out
    .trim()
    .split(/\n\n+/)
    .map((block) => {
      const [, timing, ...text] = block.split('\n');
      const [a, b] = timing!.split(' --> ');
      return { startMs: ms(a!), endMs: ms(b!), text: text.join('\n') };
    });
}

describe('captions', () => {
  let dir: string;
  let origin: TestOrigin;

  beforeAll(async () => {
    const fx = await abrFixture();
    // The fixture folder is shared by every test: the text track goes on a copy.
    dir = await mkdtemp(path.join(tmpdir(), 'captions-'));
    await cp(fx.folder, dir, { recursive: true });
    await writeFile(path.join(dir, 'subs_eng.vtt'), VTT);
    const ismPath = path.join(dir, fx.ismName);
    const ism = await readFile(ismPath, 'utf8');
    const text = `      <textstream src="subs_eng.vtt" systemBitrate="1000" systemLanguage="eng">\n        <param name="trackName" value="English" valuetype="data"/>\n        <param name="default" value="true" valuetype="data"/>\n      </textstream>\n    </switch>`;
    await writeFile(ismPath, ism.replace('</switch>', text));
    origin = await startTestOrigin({ ...fx, folder: dir });
  });
  afterAll(async () => {
    await origin?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each(['m3u8-aapl', 'm3u8-cmaf'])('%s: SUBTITLES group; ffmpeg reads the WebVTT playlist with the source cue times', async (format) => {
    const master = await (await fetch(`${origin.ismUrl}/manifest(format=${format})`)).text();
    expect(master).toContain(`#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="eng",DEFAULT=YES,AUTOSELECT=YES,URI="${TEXT_URL(format)}"`);
    expect(master).toMatch(/#EXT-X-STREAM-INF:[^\n]*SUBTITLES="subs"/);
    const cues = await ffmpegCues(`${origin.ismUrl}/${TEXT_URL(format)}`);
    // The straddling cue comes once per segment it overlaps; the times are the source's, exactly.
    const unique = [...new Map(cues.map((c) => [`${c.startMs}-${c.endMs}-${c.text}`, c])).values()];
    expect(unique).toEqual(SOURCE.map((c) => ({ startMs: c.startMs, endMs: c.endMs, text: c.text })));
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

  it('a broken text file makes the asset refuse with the file and line', async () => {
    await writeFile(path.join(dir, 'subs_eng.vtt'), 'WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nbad\n');
    // The origin re-checks an opened asset's files (the text file among them) at most once a second.
    await new Promise((r) => setTimeout(r, 1100));
    try {
      const res = await fetch(`${origin.ismUrl}/manifest(format=m3u8-cmaf)`);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await res.text()).toMatch(/subs_eng\.vtt line 3/);
    } finally {
      await writeFile(path.join(dir, 'subs_eng.vtt'), VTT);
    }
  });
});
