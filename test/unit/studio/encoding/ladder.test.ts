import { describe, expect, it } from 'vitest';
import { EncodeError } from '../../../../electron/studio/encoding/encode-error.ts';
import { planLadder } from '../../../../electron/studio/encoding/ladder.ts';
import { builtInPreset } from '../../../../electron/studio/encoding/presets.ts';
import { audioStream, mediaInfo, videoStream } from './media-fixtures.ts';

const adaptive = builtInPreset('AdaptiveStreaming');

function heightsAndKbps(plan: ReturnType<typeof planLadder>): [number, number][] {
  return (plan.video?.rungs ?? []).map((r) => [r.height, r.kbps]);
}

function expectWithin(actual: [number, number][], expected: [number, number][], tolerance: number): void {
  expect(actual.map(([h]) => h)).toEqual(expected.map(([h]) => h));
  actual.forEach(([, kbps], i) => {
    const want = expected[i]?.[1] ?? NaN;
    expect(Math.abs(kbps - want) / want, `rung ${i}: ${kbps} vs ${want}`).toBeLessThanOrEqual(tolerance);
  });
}

describe('planLadder: AdaptiveStreaming published examples (encoding.md §1.3)', () => {
  it('1080p 29.97 fps gives the published six rungs and widths', () => {
    const plan = planLadder(adaptive, mediaInfo());
    expectWithin(heightsAndKbps(plan), [[1080, 6780], [720, 3520], [540, 2210], [360, 1150], [270, 720], [180, 380]], 0.02);
    expect(plan.video?.rungs.map((r) => r.width)).toEqual([1920, 1280, 960, 640, 480, 320]);
    expect(plan.interleaved).toBe(false);
    expect(plan.audio).toHaveLength(1);
    expect(plan.audio[0]?.kbps).toBe(128);
  });

  it('720p 23.97 fps scales by (fps/29.97)^0.8', () => {
    const media = mediaInfo({ video: videoStream({ width: 1280, height: 720, frameRate: 24000 / 1001 }) });
    const plan = planLadder(adaptive, media);
    expectWithin(heightsAndKbps(plan), [[720, 2940], [540, 1850], [360, 960], [270, 600], [180, 320]], 0.02);
    expect(plan.warnings.join('\n')).toMatch(/1080p 6780 kbps/);
  });

  it('360p 29.97 fps is capped by the source bitrate', () => {
    const media = mediaInfo({ video: videoStream({ width: 640, height: 360, bitrate: 700_000 }) });
    const plan = planLadder(adaptive, media);
    expectWithin(heightsAndKbps(plan), [[360, 700], [270, 440], [180, 230]], 0.02);
    expect(plan.warnings.join('\n')).toMatch(/no rung exceeds the source's 700 kbps/);
  });

  it('uses the container bitrate minus audio when the stream bitrate is unknown', () => {
    const media = mediaInfo({ bitrate: 828_000, video: videoStream({ width: 640, height: 360, bitrate: null }) });
    expect(planLadder(adaptive, media).video?.rungs[0]?.kbps).toBe(640); // 828 - 192 audio
  });

  it('sets GOP to round(2·fps), closed 2 s, with profile and level per rung', () => {
    const plan = planLadder(adaptive, mediaInfo());
    expect(plan.video?.gopFrames).toBe(60);
    expect(plan.video?.gopSec).toBe(2);
    const byHeight = new Map(plan.video?.rungs.map((r) => [r.height, r]));
    expect(byHeight.get(1080)).toMatchObject({ profile: 'high', level: '4.0' });
    expect(byHeight.get(720)).toMatchObject({ profile: 'high', level: '3.1' });
    expect(byHeight.get(360)).toMatchObject({ profile: 'main', level: '3.0' });
    expect(byHeight.get(540)?.profile).toBe('main');
  });

  it('1080p60 needs level 4.2 and a 120-frame GOP', () => {
    const plan = planLadder(adaptive, mediaInfo({ video: videoStream({ frameRate: 60 }) }));
    expect(plan.video?.rungs[0]).toMatchObject({ height: 1080, level: '4.2' });
    expect(plan.video?.gopFrames).toBe(120);
  });
});

describe('planLadder: source shapes', () => {
  it('portrait (rotated phone video) applies the ladder height to the short side', () => {
    const media = mediaInfo({ video: videoStream({ width: 1920, height: 1080, rotation: 90, displayWidth: 1080, displayHeight: 1920 }) });
    const plan = planLadder(adaptive, media);
    expect(plan.video?.rungs.map((r) => `${r.width}x${r.height}`)).toEqual(['1080x1920', '720x1280', '540x960', '360x640', '270x480', '180x320']);
    expect(plan.warnings.join('\n')).toMatch(/Portrait/);
  });

  it('odd dimensions give even rung sizes and keep a rung just above the source height', () => {
    const media = mediaInfo({ video: videoStream({ width: 1279, height: 719, displayWidth: 1279, displayHeight: 719 }) });
    const plan = planLadder(builtInPreset('H264MultipleBitrate720p'), media);
    const sizes = plan.video?.rungs.map((r): [number, number] => [r.width, r.height]) ?? [];
    expect(sizes[0]).toEqual([1278, 718]);
    for (const [w, h] of sizes) {
      expect(w % 2).toBe(0);
      expect(h % 2).toBe(0);
    }
  });

  it('an odd source width is never exceeded by rounding', () => {
    const media = mediaInfo({ video: videoStream({ width: 1279, height: 720, displayWidth: 1279, displayHeight: 720 }) });
    expect(planLadder(builtInPreset('H264SingleBitrate720p'), media).video?.rungs[0]).toMatchObject({ width: 1278, height: 720 });
  });

  it('non-square pixels: widths follow the display aspect ratio', () => {
    const media = mediaInfo({ video: videoStream({ width: 720, height: 576, sar: { num: 64, den: 45 }, displayWidth: 1024, displayHeight: 576 }) });
    const plan = planLadder(adaptive, media);
    expect(plan.video?.rungs.map((r) => `${r.width}x${r.height}`)).toEqual(['960x540', '640x360', '480x270', '320x180']);
  });

  it('fixed presets never upscale and say which rungs were dropped', () => {
    const media = mediaInfo({ video: videoStream({ width: 640, height: 360 }) });
    const plan = planLadder(builtInPreset('H264MultipleBitrate1080p'), media);
    expect(plan.video?.rungs.map((r) => [r.height, r.kbps])).toEqual([[360, 1000], [360, 650], [180, 400]]);
    expect(plan.warnings.join('\n')).toMatch(/dropped.*1080p 6000 kbps.*720p 3400 kbps.*540p 1500 kbps/);
    // Fixed presets keep their bitrates (no source cap, unlike AdaptiveStreaming).
    expect(plan.interleaved).toBe(true);
  });

  it('keeps one rung at the source size when every rung is taller', () => {
    const media = mediaInfo({ video: videoStream({ width: 426, height: 240 }) });
    const plan = planLadder(builtInPreset('H264SingleBitrate1080p'), media);
    expect(plan.video?.rungs).toHaveLength(1);
    expect(plan.video?.rungs[0]).toMatchObject({ width: 426, height: 240, kbps: 6750 });
    expect(plan.warnings.join('\n')).toMatch(/smaller than every rung/);
  });

  it('VFR: fps from the average rate, snapped, with a warning', () => {
    const media = mediaInfo({ video: videoStream({ frameRate: 1350 / 45.3, variableFrameRate: true }) });
    const plan = planLadder(adaptive, media);
    expect(plan.video?.frameRate).toEqual({ num: 30000, den: 1001 });
    expect(plan.video?.preFilters[0]).toBe('fps=30000/1001');
    expect(plan.warnings.join('\n')).toMatch(/Variable frame rate/);
  });

  it('10-bit SDR converts to 8-bit; interlaced is deinterlaced before fps', () => {
    const media = mediaInfo({ video: videoStream({ bitDepth: 10, pixelFormat: 'yuv420p10le', interlaced: true, frameRate: 25 }) });
    const plan = planLadder(adaptive, media);
    expect(plan.video?.preFilters).toEqual(['bwdif=mode=send_frame', 'fps=25', 'format=yuv420p']);
    expect(plan.warnings.join('\n')).toMatch(/10-bit source converted/);
  });

  it('HDR is tone-mapped with zscale when the build has it, else converted with a warning', () => {
    const media = mediaInfo({ video: videoStream({ bitDepth: 10, hdr: 'pq', pixelFormat: 'yuv420p10le' }) });
    const withZ = planLadder(adaptive, media, { zscale: true });
    expect(withZ.video?.preFilters.join(',')).toMatch(/zscale=t=linear.*tonemap=tonemap=hable.*format=yuv420p$/);
    expect(withZ.warnings.join('\n')).toMatch(/HDR10 \(PQ\) source converted to SDR/);
    const without = planLadder(adaptive, media, { zscale: false });
    expect(without.video?.preFilters).toEqual(['fps=30000/1001', 'format=yuv420p']);
    expect(without.warnings.join('\n')).toMatch(/no zscale filter/);
  });
});

describe('planLadder: audio and edge cases (encoding.md §5)', () => {
  it('no audio: video-only outputs and no audio file', () => {
    const plan = planLadder(adaptive, mediaInfo({ audio: [] }));
    expect(plan.audio).toEqual([]);
    expect(plan.outputFiles.every((f) => !f.includes('AACAudio'))).toBe(true);
    expect(plan.warnings.join('\n')).toMatch(/no audio/);
  });

  it('no audio with an interleaved preset: video-only names', () => {
    const plan = planLadder(builtInPreset('H264SingleBitrate720p'), mediaInfo({ audio: [] }));
    expect(plan.interleaved).toBe(false);
    expect(plan.outputFiles).toEqual(['My_Movie_1280x720_4500.mp4']);
  });

  it('audio-only source with a video transform becomes an audio transform', () => {
    const plan = planLadder(adaptive, mediaInfo({ video: null }));
    expect(plan.video).toBeNull();
    expect(plan.outputFiles).toEqual(['My_Movie_AACAudio_eng_128.mp4']);
    expect(plan.warnings.join('\n')).toMatch(/no video/);
  });

  it('AACGoodQualityAudio on a video source encodes every language at 192 kbps', () => {
    const plan = planLadder(builtInPreset('AACGoodQualityAudio'), mediaInfo({ audio: [audioStream(), audioStream({ index: 2, language: 'fra' })] }));
    expect(plan.video).toBeNull();
    expect(plan.outputFiles).toEqual(['My_Movie_AACAudio_eng_192.mp4', 'My_Movie_AACAudio_fra_192.mp4']);
  });

  it('AACGoodQualityAudio on a silent video is an error', () => {
    expect(() => planLadder(builtInPreset('AACGoodQualityAudio'), mediaInfo({ audio: [] }))).toThrow(/has no audio stream/);
  });

  it('several languages: one AAC file each, with distinct track names', () => {
    const media = mediaInfo({ audio: [audioStream(), audioStream({ index: 2, language: 'fra' }), audioStream({ index: 3, language: 'fra' })] });
    const plan = planLadder(adaptive, media);
    expect(plan.audio.map((a) => [a.sourceIndex, a.language, a.fileName])).toEqual([
      [1, 'eng', 'My_Movie_AACAudio_eng_128.mp4'],
      [2, 'fra', 'My_Movie_AACAudio_fra_128.mp4'],
      [3, 'fra', 'My_Movie_AACAudio_fra_128_2.mp4'],
    ]);
    expect(new Set(plan.audio.map((a) => a.trackName)).size).toBe(3);
  });

  it('interleaved presets mux the first language into each video file; others get their own file', () => {
    const media = mediaInfo({ audio: [audioStream(), audioStream({ index: 2, language: 'fra' })] });
    const plan = planLadder(builtInPreset('H264MultipleBitrate720p'), media);
    expect(plan.audio[0]?.fileName).toBeNull();
    expect(plan.audio[1]?.fileName).toBe('My_Movie_AACAudio_fra_128.mp4');
    expect(plan.video?.rungs[0]?.fileName).toBe('My_Movie_1280x720_AACAudio_3400.mp4');
  });

  it('rejects a video stream with zero frames and a file with no streams', () => {
    expect(() => planLadder(adaptive, mediaInfo({ video: videoStream({ frameCount: 0 }) }))).toThrow(EncodeError);
    expect(() => planLadder(adaptive, mediaInfo({ video: videoStream({ frameCount: 0 }) }))).toThrow(/holds no frames/);
    expect(() => planLadder(adaptive, mediaInfo({ video: null, audio: [] }))).toThrow(/no video or audio stream/);
  });

  it('a clip shorter than one GOP still plans every rung', () => {
    const media = mediaInfo({ durationSec: 0.5, video: videoStream({ durationSec: 0.5, frameCount: 15 }) });
    expect(planLadder(adaptive, media).video?.rungs).toHaveLength(6);
  });

  it('custom rung level too low is raised with a warning; a custom profile is kept', () => {
    const plan = planLadder(
      { name: 'Custom', description: '', video: [{ height: 1080, kbps: 5000, profile: 'main', level: '3.1' }], audio: null, interleaved: false, copy: false },
      mediaInfo(),
    );
    expect(plan.video?.rungs[0]).toMatchObject({ profile: 'main', level: '4.0' });
    expect(plan.warnings.join('\n')).toMatch(/Level 3.1 is too low/);
  });

  it('estimates the bytes from the rung rates and the duration', () => {
    const plan = planLadder(builtInPreset('H264SingleBitrate720p'), mediaInfo());
    // (4950 maxrate + 128 audio) kbps × 60 s × 1.2 + 2 MiB
    expect(plan.estimatedBytes).toBe(Math.ceil((5078_000 / 8) * 60 * 1.2) + 2 * 1024 * 1024);
  });
});

describe('planLadder: CopyAllBitrateNonInterleaved', () => {
  const copy = builtInPreset('CopyAllBitrateNonInterleaved');
  it('one output per stream, named from the source rates', () => {
    const media = mediaInfo({ video: videoStream({ bitrate: 4_500_000 }), audio: [audioStream(), audioStream({ index: 2, language: 'fra', bitrate: 96_000 })] });
    const plan = planLadder(copy, media);
    expect(plan.mode).toBe('copy');
    expect(plan.outputFiles).toEqual(['My_Movie_1920x1080_4500.mp4', 'My_Movie_AACAudio_eng_192.mp4', 'My_Movie_AACAudio_fra_96.mp4']);
  });
  it('refuses codecs it cannot copy into a streamable asset', () => {
    expect(() => planLadder(copy, mediaInfo({ video: videoStream({ codec: 'hevc' }) }))).toThrow(/copies H.264 video only.*AdaptiveStreaming/);
    expect(() => planLadder(copy, mediaInfo({ audio: [audioStream({ codec: 'ac3' })] }))).toThrow(/copies AAC audio only/);
  });
});
