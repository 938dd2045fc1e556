import { describe, expect, it } from 'vitest';
import { encoderListSchema } from '../../../../electron/studio/api/contract.ts';
import { EncoderDetection, encoderList } from '../../../../electron/studio/app/encoder-detection.ts';
import { parseThumbnailVtt, parseVttTime } from '../../../../electron/studio/app/thumbnail-vtt.ts';
import { spriteLayout, spriteVtt } from '../../../../electron/studio/encoding/thumbnails.ts';
import type { FfmpegCapabilities, HardwareEncoderTrial } from '../../../../electron/studio/media/capabilities.ts';

function fakeCapabilities(usable: readonly string[] = [], libx264 = true): FfmpegCapabilities {
  const hardware: HardwareEncoderTrial[] = (['h264_nvenc', 'h264_qsv', 'h264_vaapi', 'h264_videotoolbox', 'h264_amf'] as const).map((encoder) => ({
    encoder,
    listed: encoder !== 'h264_amf',
    usable: usable.includes(encoder),
    reason: usable.includes(encoder) ? null : encoder === 'h264_amf' ? 'not compiled into this ffmpeg' : `Cannot load ${encoder} driver`,
  }));
  return {
    ffmpegPath: '/usr/bin/ffmpeg',
    encoders: ['libx264', 'h264_nvenc', 'libx265'],
    libx264,
    hardware,
    h264Encoders: [...usable, ...(libx264 ? ['libx264'] : [])],
    filters: { libvmaf: false, zscale: false },
  };
}

describe('encoderList', () => {
  it('lists software first as the default, and hardware with availability and reason', () => {
    const list = encoderList(fakeCapabilities(['h264_qsv']));
    expect(encoderListSchema.shape.encoders.parse(list)).toEqual(list);
    expect(list.map((e) => e.name)).toEqual([
      'libx264', 'h264_nvenc', 'h264_qsv', 'h264_vaapi', 'h264_videotoolbox', 'h264_amf',
      'libx265', 'hevc_nvenc', 'hevc_qsv', 'hevc_vaapi', 'hevc_videotoolbox', 'hevc_amf',
      'libsvtav1',
    ]);
    expect(list[0]).toEqual({ name: 'libx264', codec: 'h264', label: 'Software (x264)', hardware: false, available: true, reason: null, default: true });
    // Each codec's software encoder is its default; one this ffmpeg lacks says so.
    expect(list.find((e) => e.name === 'libx265')).toMatchObject({ codec: 'h265', hardware: false, available: true, default: true });
    expect(list.find((e) => e.name === 'libsvtav1')).toMatchObject({ codec: 'av1', available: false, reason: expect.stringMatching(/without libsvtav1/) });
    // HEVC hardware is offered the way H.264's is: only after a trial encode (none ran in this fake).
    expect(list.find((e) => e.name === 'hevc_nvenc')).toMatchObject({ codec: 'h265', hardware: true, available: false, default: false });
    expect(list.find((e) => e.name === 'h264_nvenc')).toMatchObject({ hardware: true, available: false, reason: 'Cannot load h264_nvenc driver', default: false });
    expect(list.find((e) => e.name === 'h264_qsv')).toMatchObject({ available: true, reason: null });
    expect(list.find((e) => e.name === 'h264_amf')?.reason).toBe('not compiled into this ffmpeg');
  });

  it('says why software is missing from a build without libx264', () => {
    expect(encoderList(fakeCapabilities([], false))[0]).toMatchObject({ available: false, reason: expect.stringMatching(/without libx264/) });
  });

  it('while detecting, nothing is offered as available', () => {
    expect(encoderList(null).every((e) => !e.available && /still running/.test(e.reason ?? ''))).toBe(true);
  });
});

describe('EncoderDetection', () => {
  it('reports "detecting" until the trials finish, then the result; wait waits', async () => {
    let finish: (c: FfmpegCapabilities) => void = () => {};
    const pending = new Promise<FfmpegCapabilities>((resolve) => (finish = resolve));
    let calls = 0;
    const detection = new EncoderDetection(() => {
      calls++;
      return calls === 1 ? pending : Promise.resolve(fakeCapabilities(['h264_nvenc']));
    });
    detection.start();
    const early = await detection.list();
    expect(early.detecting).toBe(true);
    expect(early.encoders.some((e) => e.available)).toBe(false);
    expect(calls).toBe(1); // joins the running detection, does not start another
    const waited = detection.list({ wait: true });
    finish(fakeCapabilities(['h264_nvenc']));
    expect((await waited).detecting).toBe(false);
    const later = await detection.list();
    expect(later).toMatchObject({ detecting: false, error: null });
    expect(later.encoders.find((e) => e.name === 'h264_nvenc')?.available).toBe(true);
  });

  it('require() accepts an available encoder and refuses an unavailable or unknown one with the reason', async () => {
    const detection = new EncoderDetection(async () => fakeCapabilities(['h264_qsv']));
    await expect(detection.require('h264_qsv')).resolves.toBe('h264_qsv');
    await expect(detection.require('h264_nvenc')).rejects.toMatchObject({
      code: 'encoder-unavailable',
      message: expect.stringContaining('Cannot load h264_nvenc driver'),
      hint: expect.stringContaining('libx264'),
    });
    await expect(detection.require('hevc_nvenc')).rejects.toMatchObject({ code: 'encoder-unavailable', hint: expect.stringContaining('libx265') });
    await expect(detection.require('x264_turbo')).rejects.toMatchObject({ code: 'invalid-argument' });
  });

  it('a failed detection is reported, and tried again on the next call', async () => {
    let fail = true;
    const detection = new EncoderDetection(async () => {
      if (fail) throw new Error('No ffmpeg found');
      return fakeCapabilities();
    });
    const failed = await detection.list({ wait: true });
    expect(failed).toMatchObject({ detecting: false, error: 'No ffmpeg found' });
    expect(failed.encoders[0]?.reason).toMatch(/detection failed: No ffmpeg found/);
    fail = false;
    expect((await detection.list({ wait: true })).encoders[0]?.available).toBe(true);
  });
});

describe('parseThumbnailVtt', () => {
  it('reads back what the encoder writes', () => {
    const layout = spriteLayout([0, 2, 4, 6, 8, 10, 12], 13, 1280, 720);
    const cues = parseThumbnailVtt(spriteVtt(layout, 'clip_thumbnails.jpg'));
    expect(cues).toHaveLength(7);
    expect(cues[0]).toEqual({ start: 0, end: 2, image: 'clip_thumbnails.jpg', x: 0, y: 0, w: 160, h: 90 });
    expect(cues[6]).toEqual({ start: 12, end: 13, image: 'clip_thumbnails.jpg', x: 960, y: 0, w: 160, h: 90 });
  });

  it('accepts cue ids, settings, short timestamps, CRLF, a BOM and pixel: fragments; skips non-tile cues', () => {
    const text =
      '\uFEFFWEBVTT - thumbs\r\n\r\nNOTE made elsewhere\r\n\r\n1\r\n00:01.500 --> 00:03.000 align:start\r\nsprite.jpg#xywh=pixel:160,90,160,90\r\n\r\n' +
      '01:00:00.000 --> 01:00:02.250\r\nsprite.jpg#xywh=0,180,160,90\r\n\r\n00:05.000 --> 00:06.000\r\njust text\r\n';
    expect(parseThumbnailVtt(text)).toEqual([
      { start: 1.5, end: 3, image: 'sprite.jpg', x: 160, y: 90, w: 160, h: 90 },
      { start: 3600, end: 3602.25, image: 'sprite.jpg', x: 0, y: 180, w: 160, h: 90 },
    ]);
  });

  it('refuses a file that is not WebVTT, and bad timestamps', () => {
    expect(() => parseThumbnailVtt('00:00.000 --> 00:01.000\na.jpg#xywh=0,0,1,1')).toThrow(/WEBVTT/);
    expect(parseVttTime('00:61.000')).toBeNull();
    expect(parseVttTime('1:02:03.004')).toBeCloseTo(3723.004, 6);
    expect(parseThumbnailVtt('WEBVTT\n\n00:03.000 --> 00:01.000\na.jpg#xywh=0,0,1,1\n')).toEqual([]);
  });
});
