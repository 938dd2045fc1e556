import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { writeIsm } from '../../../../packaging-core/index.ts';
import { ismDocument, ismName } from '../../../../electron/studio/encoding/asset-manifest.ts';
import { levelFits, pickLevel } from '../../../../electron/studio/encoding/h264-level.ts';
import { planLadder } from '../../../../electron/studio/encoding/ladder.ts';
import { builtInPreset } from '../../../../electron/studio/encoding/presets.ts';
import { spriteLayout, spriteVtt } from '../../../../electron/studio/encoding/thumbnails.ts';
import { WeightedProgress } from '../../../../electron/studio/encoding/weighted-progress.ts';
import { audioStream, mediaInfo } from './media-fixtures.ts';

describe('ismDocument', () => {
  it('non-interleaved: one video track per rung, one audio track per language', () => {
    const plan = planLadder(builtInPreset('AdaptiveStreaming'), mediaInfo({ audio: [audioStream(), audioStream({ index: 2, language: 'fra' })] }));
    expect(ismName(plan)).toBe('My_Movie.ism');
    const doc = ismDocument(plan, new Map());
    expect(doc.tracks.filter((t) => t.kind === 'video').map((t) => [t.src, t.bitrate, t.trackId, t.trackName])[0]).toEqual([
      'My_Movie_1920x1080_6780.mp4',
      6_780_000,
      1,
      'video',
    ]);
    expect(doc.tracks.filter((t) => t.kind === 'audio')).toEqual([
      { kind: 'audio', src: 'My_Movie_AACAudio_eng_128.mp4', bitrate: 128_000, trackId: 1, trackName: 'aac_eng_2_128000', language: 'eng' },
      { kind: 'audio', src: 'My_Movie_AACAudio_fra_128.mp4', bitrate: 128_000, trackId: 1, trackName: 'aac_fra_2_128000', language: 'fra' },
    ]);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(writeIsm(doc));
    expect(xml.smil.body.switch.video).toHaveLength(6);
  });

  it('interleaved: the audio is track 2 of the top rung', () => {
    const plan = planLadder(builtInPreset('H264MultipleBitrate720p'), mediaInfo());
    const audio = ismDocument(plan, new Map()).tracks.filter((t) => t.kind === 'audio');
    expect(audio).toEqual([{ kind: 'audio', src: 'My_Movie_1280x720_AACAudio_3400.mp4', bitrate: 128_000, trackId: 2, trackName: 'aac_eng_2_128000', language: 'eng' }]);
  });

  it('copy: measured bitrates', () => {
    const plan = planLadder(builtInPreset('CopyAllBitrateNonInterleaved'), mediaInfo());
    const doc = ismDocument(plan, new Map([[plan.outputFiles[0] ?? '', 19_876_543]]), 'My_Movie.ismc');
    expect(doc.tracks[0]?.bitrate).toBe(19_876_543);
    expect(doc.clientManifest).toBe('My_Movie.ismc');
  });
});

describe('sprite layout and WebVTT index', () => {
  it('one 160 px tile per 2 s keyframe in a 10-column grid', () => {
    const keys = Array.from({ length: 13 }, (_, i) => i * 2);
    const layout = spriteLayout(keys, 25.5, 640, 360);
    expect(layout).toMatchObject({ step: 1, columns: 10, rows: 2, tileWidth: 160, tileHeight: 90 });
    const vtt = spriteVtt(layout, 'x_thumbnails.jpg');
    expect(vtt.startsWith('WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nx_thumbnails.jpg#xywh=0,0,160,90\n')).toBe(true);
    expect(vtt).toContain('00:00:20.000 --> 00:00:22.000\nx_thumbnails.jpg#xywh=0,90,160,90');
    expect(vtt.trimEnd().endsWith('00:00:24.000 --> 00:00:25.500\nx_thumbnails.jpg#xywh=320,90,160,90')).toBe(true);
  });

  it('spreads long sources over at most 100 tiles; portrait tiles are tall', () => {
    const keys = Array.from({ length: 1800 }, (_, i) => i * 2); // one hour
    const layout = spriteLayout(keys, 3600, 360, 640);
    expect(layout.step).toBe(18);
    expect(layout.cues).toHaveLength(100);
    expect(layout.cues[1]?.startSec).toBe(36);
    expect(layout.tileHeight).toBe(284);
  });
});

describe('WeightedProgress', () => {
  it('weights the steps and never goes backwards', () => {
    const p = new WeightedProgress([
      { id: 'encode', weight: 90 },
      { id: 'verify', weight: 5 },
      { id: 'finish', weight: 5 },
    ]);
    expect(p.percent('encode', 0.5)).toBeCloseTo(45);
    expect(p.percent('encode', 0.4)).toBeCloseTo(45);
    expect(p.percent('verify', 0.5)).toBeCloseTo(92.5);
    expect(p.percent('finish', 2)).toBe(100);
  });
});

describe('H.264 levels', () => {
  it('picks the lowest fitting level from 3.0 up', () => {
    expect(pickLevel(320, 180, 30, 400, 'main')).toBe('3.0');
    expect(pickLevel(960, 540, 30, 2400, 'main')).toBe('3.1');
    expect(pickLevel(1920, 1080, 30, 7000, 'high')).toBe('4.0');
    expect(pickLevel(1920, 1080, 30, 30000, 'high')).toBe('4.1');
    expect(pickLevel(3840, 2160, 30, 20000, 'high')).toBe('5.1');
    expect(pickLevel(7680, 4320, 30, 20000, 'high')).toBeNull();
    expect(levelFits('3', 640, 360, 30, 1000, 'main')).toBe(true);
    expect(levelFits('2.1', 1280, 720, 30, 1000, 'main')).toBe(false);
  });
});
