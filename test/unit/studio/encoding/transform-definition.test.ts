import { describe, expect, it } from 'vitest';
import { BUILT_IN_PRESETS, builtInPreset } from '../../../../electron/studio/encoding/presets.ts';
import {
  exportTransformJson,
  importTransformJson,
  parseTransformDefinition,
  TransformDefinitionError,
} from '../../../../electron/studio/encoding/transform-definition.ts';

describe('built-in presets', () => {
  it('are all valid transform definitions and round-trip through JSON', () => {
    expect(BUILT_IN_PRESETS.map((p) => p.name)).toEqual([
      'AdaptiveStreaming',
      'ContentAwareEncoding',
      'H264MultipleBitrate1080p',
      'H264MultipleBitrate720p',
      'H264MultipleBitrateSD',
      'H264SingleBitrate1080p',
      'H264SingleBitrate720p',
      'H264SingleBitrateSD',
      'AACGoodQualityAudio',
      'H265AdaptiveStreaming',
      'H265ContentAwareEncoding',
      'H265SingleBitrate720p',
      'H265SingleBitrate1080p',
      'H265SingleBitrate4K',
      'DDGoodQualityAudio',
      'AV1AdaptiveStreaming',
      'CopyAllBitrateNonInterleaved',
    ]);
    for (const p of BUILT_IN_PRESETS) expect(importTransformJson(exportTransformJson(p))).toEqual(p);
  });

  it('match the table of encoding.md §1.2', () => {
    expect(builtInPreset('H264MultipleBitrate1080p').video.map((r) => r.kbps)).toEqual([6000, 4700, 3400, 2250, 1500, 1000, 650, 400]);
    expect(builtInPreset('H264MultipleBitrate720p').video).toHaveLength(6);
    expect(builtInPreset('H264SingleBitrateSD').video).toEqual([{ height: 480, kbps: 2200 }]);
    expect(builtInPreset('AACGoodQualityAudio').audio).toEqual({ kbps: 192, channels: 2 });
    expect(builtInPreset('AdaptiveStreaming')).toMatchObject({ interleaved: false, adaptive: true });
    expect(builtInPreset('H264SingleBitrate1080p').interleaved).toBe(true);
    expect(['H265SingleBitrate720p', 'H265SingleBitrate1080p', 'H265SingleBitrate4K'].map((n) => builtInPreset(n as 'H265SingleBitrate4K').video)).toEqual([
      [{ height: 720, kbps: 1800 }],
      [{ height: 1080, kbps: 3500 }],
      [{ height: 2160, kbps: 9500 }],
    ]);
    expect(builtInPreset('H265AdaptiveStreaming')).toMatchObject({ videoCodec: 'h265', adaptive: true, interleaved: false });
    expect(builtInPreset('DDGoodQualityAudio').audio).toEqual({ kbps: 192, channels: 2, codec: 'dd', surroundKbps: 448 });
    expect(builtInPreset('AV1AdaptiveStreaming').videoCodec).toBe('av1');
  });

  it('refuses settings another codec does not have, naming the field', () => {
    const h265 = { ...builtInPreset('H265SingleBitrate720p'), name: 'x' };
    expect(() => parseTransformDefinition({ ...h265, video: [{ height: 720, kbps: 1800, profile: 'high' }] })).toThrow(/video\.0\.profile: h265 rungs use the Main profile/);
    expect(() => parseTransformDefinition({ ...h265, video: [{ height: 720, kbps: 1800, level: '4.1' }] })).toThrow(/video\.0\.level: level applies to H\.264/);
    expect(() => parseTransformDefinition({ ...h265, audio: { kbps: 128, channels: 2, surroundKbps: 448 } })).toThrow(/audio\.surroundKbps/);
    expect(() => parseTransformDefinition({ ...h265, videoCodec: 'vp9' })).toThrow(/videoCodec must be one of h264, h265, av1/);
  });
});

describe('custom transform JSON', () => {
  const custom = {
    name: 'My ladder',
    description: 'two rungs',
    video: [
      { height: 720, kbps: 2500, profile: 'high', level: '3.1' },
      { height: 360, kbps: 800 },
    ],
    audio: { kbps: 96, channels: 2 },
    interleaved: false,
    copy: false,
    complexity: 'Balanced',
  };

  it('accepts a valid ladder', () => {
    expect(parseTransformDefinition(custom)).toEqual(custom);
  });

  it('lists every problem with its path', () => {
    const bad = { ...custom, video: [{ height: 721, kbps: 10, profile: 'high10' }], audio: { kbps: 96, channels: 12 }, extra: 1 };
    let message = '';
    try {
      parseTransformDefinition(bad);
    } catch (err) {
      expect(err).toBeInstanceOf(TransformDefinitionError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/video\.0\.height: height must be even/);
    expect(message).toMatch(/video\.0\.kbps: video kbps must be at least 50/);
    expect(message).toMatch(/video\.0\.profile: profile must be one of baseline, main, high/);
    expect(message).toMatch(/audio\.channels: audio channels must be 1 to 8/);
    expect(message).toMatch(/extra/);
  });

  it('rejects contradictions and repeated rungs', () => {
    expect(() => parseTransformDefinition({ ...custom, copy: true })).toThrow(/copy transform has no video rungs/);
    expect(() => parseTransformDefinition({ ...custom, video: [], audio: null })).toThrow(/at least one video rung or an audio setting/);
    expect(() => parseTransformDefinition({ ...custom, interleaved: true, audio: null })).toThrow(/interleaved transform needs both/);
    expect(() => parseTransformDefinition({ ...custom, video: [{ height: 360, kbps: 800 }, { height: 360, kbps: 800 }] })).toThrow(
      /rung 2 repeats 360 lines at 800 kbps/,
    );
    expect(() => parseTransformDefinition({ ...custom, video: [{ height: 360, kbps: 800, level: '3.3' }] })).toThrow(/H.264 level/);
  });

  it('reports JSON syntax errors as such', () => {
    expect(() => importTransformJson('{"name": ')).toThrow(/not valid JSON/);
  });
});
