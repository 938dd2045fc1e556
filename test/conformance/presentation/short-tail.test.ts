/**
 * A video that runs one frame past a forced 2 s key frame while its audio stops at that boundary (901
 * frames against 30.0 s of audio is the everyday case) leaves a last GOP no audio reaches. The origin folds
 * that tail into the fragment before instead of refusing the asset; ffmpeg then reads every frame.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPresentation, writeIsm } from '../../../packaging-core/index.ts';
import { startTestOrigin, type TestOrigin } from '../../helpers/origin-server.ts';
import { mustRun } from '../../helpers/run-process.ts';

describe('a one-frame last GOP past the end of the audio', () => {
  let dir: string;
  let origin: TestOrigin;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'short-tail-'));
    const q = ['-hide_banner', '-loglevel', 'error', '-y'];
    await mustRun('ffmpeg', [...q, '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=30', '-frames:v', '61', '-c:v', 'libx264',
      '-preset', 'ultrafast', '-bf', '0', '-g', '60', '-keyint_min', '60', '-sc_threshold', '0',
      '-force_key_frames', 'expr:gte(t,n_forced*2)', path.join(dir, 'tail_320x180_300.mp4')]);
    await mustRun('ffmpeg', [...q, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '2', '-c:a', 'aac',
      '-b:a', '96k', path.join(dir, 'tail_AACAudio_eng_96.mp4')]);
    await writeFile(path.join(dir, 'tail.ism'), writeIsm({ tracks: [
      { kind: 'video', src: 'tail_320x180_300.mp4', bitrate: 300_000, trackId: 1, trackName: 'video' },
      { kind: 'audio', src: 'tail_AACAudio_eng_96.mp4', bitrate: 96_000, trackId: 1, trackName: 'audio', language: 'eng' },
    ] }));
    origin = await startTestOrigin({ folder: dir, ismName: 'tail.ism' });
  });
  afterAll(async () => {
    await origin?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('opens with the tail folded into the last fragment: every frame and audio sample kept', async () => {
    const p = await openPresentation(dir, 'tail.ism');
    const video = p.video[0]!;
    expect(video.fragments.firstSample.length - 1).toBe(1);
    expect(video.fragments.firstSample.at(-1)).toBe(61);
    expect(p.audio[0]!.fragments.firstSample.at(-1)).toBe(p.audio[0]!.samples.count);
  });

  it('serves HLS from which ffmpeg decodes all 61 frames', async () => {
    const url = `${origin.ismUrl}/manifest(format=m3u8-aapl-v3)`;
    const r = await mustRun('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries',
      'stream=nb_read_frames', '-of', 'json', url]);
    const streams = (JSON.parse(r.stdout.toString()) as { streams: { nb_read_frames: string }[] }).streams;
    expect(streams.map((s) => Number(s.nb_read_frames))).toEqual([61]);
    expect(origin.errors).toEqual([]);
  });
});
