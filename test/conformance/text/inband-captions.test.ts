/**
 * CEA-608 captions inside the H.264 video (A/53 SEI): the origin finds them when it opens the asset and
 * signals them (DASH Accessibility, HLS CLOSED-CAPTIONS), and they reach players inside the video
 * it serves: ffprobe sees the caption side data in the origin's segments and ffmpeg's own 608 decoder
 * reads the caption text back at the source time. An asset without them signals nothing.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPTION_CLEARED_MS, CAPTION_SHOWN_MS, CAPTION_TEXT, cea608Fixture } from '../../helpers/cea608-fixture.ts';
import { abrFixture } from '../../helpers/fixtures.ts';
import { startTestOrigin, type TestOrigin } from '../../helpers/origin-server.ts';
import { parseSrt, type ReadCue } from '../../helpers/ffmpeg-cues.ts';
import { mustRun } from '../../helpers/run-process.ts';

/**
 * The captions ffmpeg decodes from a file's video (lavfi movie + subcc → 608 decoder), times from the
 * file's start (ffmpeg starts its output at 0: a TS segment's 10 s clock offset is gone).
 */
async function decodedCaptions(file: string): Promise<ReadCue[]> {
  const out = (await mustRun('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `movie=${file}[out0+subcc]`, '-map', '0:1', '-f', 'srt', '-'])).stdout.toString('utf8');
  // The 608 decoder wraps the text in its font and position tags.
  return parseSrt(out).map((c) => ({ ...c, text: c.text.replace(/<[^>]*>|\{[^}]*\}/g, '') }));
}

/** What ffprobe reports of the first video frames of a file (their side data among it). */
async function firstFrames(file: string): Promise<string> {
  const out = await mustRun('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-read_intervals', '%+#3', '-show_frames', '-of', 'compact', file]);
  return out.stdout.toString('utf8');
}

describe('CEA-608 captions in the video', () => {
  let origin: TestOrigin;
  let plain: TestOrigin;
  let dir: string;
  let source: string;

  beforeAll(async () => {
    const fx = await cea608Fixture();
    source = fx.video;
    origin = await startTestOrigin(fx);
    plain = await startTestOrigin(await abrFixture());
    dir = await mkdtemp(path.join(tmpdir(), 'inband-'));
  });
  afterAll(async () => {
    await origin?.close();
    await plain?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const expected = [{ startMs: CAPTION_SHOWN_MS, endMs: CAPTION_CLEARED_MS, text: CAPTION_TEXT }];

  it('the fixture itself: ffprobe sees A/53 captions and ffmpeg decodes the caption', async () => {
    expect(await firstFrames(source)).toContain('ATSC A53 Part 4 Closed Captions');
    expect(await decodedCaptions(source)).toEqual(expected);
  });

  it('DASH signals CC1 on the video AdaptationSet; the captions ride in the segments the origin serves', async () => {
    const mpd = await (await fetch(`${origin.ismUrl}/manifest(format=mpd-time-csf)`)).text();
    const video = /<AdaptationSet[^>]*contentType="video"[\s\S]*?<\/AdaptationSet>/.exec(mpd)?.[0] ?? '';
    expect(video).toContain('<Accessibility schemeIdUri="urn:scte:dash:cc:cea-608:2015" value="CC1=eng"/>');
    expect(mpd).not.toContain('cea-708');
    // The first two segments (the caption runs 1/3 s to 3 s), at the times the timeline gives.
    const run = /<S t="(\d+)" d="(\d+)"/.exec(video)!;
    const times = [Number(run[1]), Number(run[1]) + Number(run[2])];
    const base = `${origin.ismUrl}/QualityLevels(300000)/Fragments(video=`;
    const parts = await Promise.all(['i', ...times.map(String)].map(async (t) => Buffer.from(await (await fetch(`${base}${t},format=mpd-time-csf)`)).arrayBuffer())));
    const file = path.join(dir, 'dash.mp4');
    await writeFile(file, Buffer.concat(parts));
    expect(await firstFrames(file)).toContain('ATSC A53 Part 4 Closed Captions');
    expect(await decodedCaptions(file)).toEqual(expected);
  });

  it.each(['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf'])('%s signals CC1 as a CLOSED-CAPTIONS group on every variant', async (format) => {
    const master = await (await fetch(`${origin.ismUrl}/manifest(format=${format})`)).text();
    expect(master).toContain('#EXT-X-MEDIA:TYPE=CLOSED-CAPTIONS,GROUP-ID="cc",NAME="CC1",LANGUAGE="eng",DEFAULT=NO,AUTOSELECT=YES,INSTREAM-ID="CC1"');
    const variants = master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'));
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) expect(v).toContain('CLOSED-CAPTIONS="cc"');
  });

  it('the captions ride in the HLS TS segments the origin serves', async () => {
    const playlist = await (await fetch(`${origin.ismUrl}/QualityLevels(300000)/Manifest(video,format=m3u8-aapl)`)).text();
    const first = playlist.split('\n').find((l) => l.startsWith('Fragments('))!;
    const file = path.join(dir, 'first.ts');
    await writeFile(file, Buffer.from(await (await fetch(`${origin.ismUrl}/QualityLevels(300000)/${first}`)).arrayBuffer()));
    expect(await firstFrames(file)).toContain('ATSC A53 Part 4 Closed Captions');
    expect(await decodedCaptions(file)).toEqual(expected);
  });

  it('an asset without captions signals none', async () => {
    const mpd = await (await fetch(`${plain.ismUrl}/manifest(format=mpd-time-csf)`)).text();
    expect(mpd).not.toContain('urn:scte:dash:cc');
    const master = await (await fetch(`${plain.ismUrl}/manifest(format=m3u8-aapl)`)).text();
    expect(master).not.toContain('CLOSED-CAPTIONS');
  });
});
