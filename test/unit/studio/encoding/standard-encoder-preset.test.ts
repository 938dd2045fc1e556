/**
 * AMS's StandardEncoderPreset ⇄ transform definitions (issue 14): a round trip keeps every definition,
 * each AMS field lands where it should, and what the studio cannot honour is refused by its JSON path.
 */
import { describe, expect, it } from 'vitest';
import { patternFileName } from '../../../../electron/studio/encoding/output-names.ts';
import { builtInPreset } from '../../../../electron/studio/encoding/presets.ts';
import { definitionFromStandardPreset, PresetFieldError, standardPresetFromDefinition } from '../../../../electron/studio/encoding/standard-encoder-preset.ts';
import { parseTransformDefinition, type TransformDefinition } from '../../../../electron/studio/encoding/transform-definition.ts';
import { exportTransformText, importTransformText, nameFromFileName } from '../../../../electron/studio/encoding/transform-file.ts';

const M = '#Microsoft.Media.';
const builtIn = (n: string) => {
  try {
    return builtInPreset(n as never);
  } catch {
    return null;
  }
};

const DEFINITIONS: TransformDefinition[] = [
  {
    name: 'H264 labelled',
    description: 'every H.264 field',
    video: [
      { height: 1080, kbps: 6000, profile: 'high', level: '4.1', maxKbps: 7500, bufferSec: 3, label: 'HD' },
      { height: 720, kbps: 3400, profile: 'main', label: 'SD720' },
      { height: 360, kbps: 800, profile: 'baseline', label: 'low' },
    ],
    audio: { kbps: 96, channels: 2, label: 'aud' },
    interleaved: true,
    copy: false,
    complexity: 'Quality',
    filenamePattern: 'Video-{Basename}-{Label}-{Bitrate}{Extension}',
  },
  { name: 'H265 separate', description: '', videoCodec: 'h265', video: [{ height: 720, kbps: 1800 }, { height: 360, kbps: 600 }], audio: { kbps: 128, channels: 2 }, interleaved: false, copy: false },
  { name: 'DD only', description: '', video: [], audio: { kbps: 384, channels: 6, codec: 'dd' }, interleaved: false, copy: false },
  { name: 'Copy', description: '', video: [], audio: null, interleaved: false, copy: true, filenamePattern: '{Basename}_{Codec}_{Bitrate}{Extension}' },
];

/** Labels the export adds so that separate audio can be said in outputFiles (video1…, audio). */
const withExportLabels = (d: TransformDefinition): TransformDefinition =>
  d.interleaved || d.video.length === 0 || d.audio === null
    ? d
    : { ...d, video: d.video.map((r, i) => ({ ...r, label: r.label ?? `video${i + 1}` })), audio: { ...d.audio, label: d.audio.label ?? 'audio' } };

describe('StandardEncoderPreset round trip', () => {
  it.each(DEFINITIONS.map((d) => [d.name, d] as const))('%s: definition → preset → definition is the same', (_, d) => {
    const preset = JSON.parse(JSON.stringify(standardPresetFromDefinition(d))) as unknown;
    expect(definitionFromStandardPreset(preset, d.name, d.description)).toEqual(withExportLabels(parseTransformDefinition(d)));
  });

  it('AMS default naming is the default pattern, and auto/content-aware/AV1 ladders are not StandardEncoderPresets', () => {
    const preset = standardPresetFromDefinition(DEFINITIONS[1]!) as { formats: { filenamePattern: string; outputFiles: unknown }[] };
    expect(preset.formats[0]?.filenamePattern).toBe('{Basename}_{Resolution}_{Bitrate}{Extension}');
    expect(preset.formats[0]?.outputFiles).toEqual([{ labels: ['video1'] }, { labels: ['video2'] }, { labels: ['audio'] }]);
    expect(() => standardPresetFromDefinition(builtInPreset('AdaptiveStreaming'))).toThrow(/BuiltInStandardEncoderPreset/);
    expect(() => standardPresetFromDefinition(builtInPreset('ContentAwareEncoding'))).toThrow(/content-aware/);
    expect(() => standardPresetFromDefinition({ ...DEFINITIONS[1]!, videoCodec: 'av1' })).toThrow(/AV1/);
    expect(JSON.parse(exportTransformText(builtInPreset('AdaptiveStreaming'), 'ams', true))).toEqual({ '@odata.type': `${M}BuiltInStandardEncoderPreset`, presetName: 'AdaptiveStreaming' });
  });
});

describe('each AMS field lands in the definition', () => {
  const full = {
    '@odata.type': `${M}StandardEncoderPreset`,
    filters: {},
    codecs: [
      { '@odata.type': `${M}AacAudio`, label: 'aac', channels: 1, samplingRate: 48000, bitrate: 64000, profile: 'AacLc' },
      {
        '@odata.type': `${M}H264Video`,
        keyFrameInterval: '00:00:02',
        complexity: 'speed',
        sceneChangeDetection: false,
        stretchMode: 'AutoSize',
        syncMode: 'Cfr',
        rateControlMode: 'ABR',
        layers: [
          {
            '@odata.type': `${M}H264Layer`,
            width: '1280',
            height: '720',
            label: 'HD',
            bitrate: 3400000,
            maxBitrate: 4000000,
            bufferWindow: 'PT5S',
            profile: 'High',
            level: '3.1',
            bFrames: 3,
            referenceFrames: 3,
            adaptiveBFrame: true,
            slices: 0,
            entropyMode: 'Cabac',
            frameRate: '0/1',
          },
          { height: 360, bitrate: '600000', profile: 'Baseline', bFrames: 0, entropyMode: 'Cavlc', label: 'SD' },
        ],
      },
    ],
    formats: [{ '@odata.type': `${M}Mp4Format`, filenamePattern: '{Basename}_{Label}_{Bitrate}{Extension}', outputFiles: [{ labels: ['HD'] }, { labels: ['SD'] }, { labels: ['aac'] }] }],
  };

  it('maps codecs, layers and the format', () => {
    expect(definitionFromStandardPreset(full, 'Full', 'd')).toEqual({
      name: 'Full',
      description: 'd',
      video: [
        { height: 720, kbps: 3400, profile: 'high', level: '3.1', maxKbps: 4000, bufferSec: 5, label: 'HD' },
        { height: 360, kbps: 600, profile: 'baseline', label: 'SD' },
      ],
      audio: { kbps: 64, channels: 1, label: 'aac' },
      interleaved: false,
      copy: false,
      complexity: 'Speed',
      filenamePattern: '{Basename}_{Label}_{Bitrate}{Extension}',
    });
  });

  it('H265Video, DDAudio, interleaved outputFiles and CopyVideo/CopyAudio', () => {
    const h265 = definitionFromStandardPreset(
      {
        '@odata.type': `${M}StandardEncoderPreset`,
        codecs: [
          { '@odata.type': `${M}DDAudio`, channels: 6, bitrate: 448000, label: 'dd' },
          { '@odata.type': `${M}H265Video`, layers: [{ height: 1080, bitrate: 3500000, profile: 'Main', level: 'auto', label: 'v' }] },
        ],
        formats: [{ '@odata.type': `${M}Mp4Format`, filenamePattern: '{Basename}_{Resolution}_{Bitrate}{Extension}', outputFiles: [{ labels: ['v', 'dd'] }] }],
      },
      'H',
      '',
    );
    expect(h265).toMatchObject({ videoCodec: 'h265', video: [{ height: 1080, kbps: 3500, profile: 'main', label: 'v' }], audio: { kbps: 448, channels: 6, codec: 'dd', label: 'dd' }, interleaved: true });
    const copy = definitionFromStandardPreset(
      { '@odata.type': `${M}StandardEncoderPreset`, codecs: [{ '@odata.type': `${M}CopyVideo` }, { '@odata.type': `${M}CopyAudio` }], formats: [{ '@odata.type': `${M}Mp4Format`, filenamePattern: '{Basename}{Extension}' }] },
      'C',
      '',
    );
    expect(copy).toMatchObject({ copy: true, video: [], audio: null, filenamePattern: '{Basename}{Extension}' });
  });

  /** The preset above with one change; the error must name the field's path. */
  const refused: [string, string, (p: any) => void, RegExp][] = [
    ['an unknown top-level field', 'experimentalOptions', (p) => (p.experimentalOptions = {}), /not supported/],
    ['a filter', 'filters.crop', (p) => (p.filters = { crop: { left: '0' } }), /crop/],
    ['a layer field the studio has not', 'codecs[1].layers[0].crf', (p) => (p.codecs[1].layers[0].crf = 23), /studio maps/],
    ['B-frames other than 3', 'codecs[1].layers[0].bFrames', (p) => (p.codecs[1].layers[0].bFrames = 2), /3 B-frames/],
    ['a 4 s GOP', 'codecs[1].keyFrameInterval', (p) => (p.codecs[1].keyFrameInterval = 'PT4S'), /2 s/],
    ['CRF rate control', 'codecs[1].rateControlMode', (p) => (p.codecs[1].rateControlMode = 'CRF'), /CRF/],
    ['stretch mode None', 'codecs[1].stretchMode', (p) => (p.codecs[1].stretchMode = 'None'), /aspect ratio/],
    ['a relative height', 'codecs[1].layers[1].height', (p) => (p.codecs[1].layers[1].height = '50%'), /relative height/],
    ['HE-AAC', 'codecs[0].profile', (p) => (p.codecs[0].profile = 'HeAacV1'), /AAC-LC/],
    ['44.1 kHz', 'codecs[0].samplingRate', (p) => (p.codecs[0].samplingRate = 44100), /48 kHz/],
    ['High 4:2:2', 'codecs[1].layers[0].profile', (p) => (p.codecs[1].layers[0].profile = 'High422'), /Baseline, Main or High/],
    ['a thumbnail codec', 'codecs[2].@odata.type', (p) => p.codecs.push({ '@odata.type': `${M}PngImage`, start: '0%' }), /PngImage/],
    ['a TS format', 'formats[0].@odata.type', (p) => (p.formats[0]['@odata.type'] = `${M}TransportStreamFormat`), /TransportStreamFormat/],
    ['a second format', 'formats[1]', (p) => p.formats.push({ '@odata.type': `${M}JpgFormat` }), /one Mp4Format/],
    ['an unknown macro', 'formats[0].filenamePattern', (p) => (p.formats[0].filenamePattern = '{Basename}_{Date}{Extension}'), /\{Date\}/],
    ['a space in the pattern', 'formats[0].filenamePattern', (p) => (p.formats[0].filenamePattern = '{Basename} {Bitrate}{Extension}'), /character " "/],
    ['an unknown label', 'formats[0].outputFiles[0].labels[0]', (p) => (p.formats[0].outputFiles[0].labels = ['UHD']), /"UHD"/],
    ['two video layers in one file', 'formats[0].outputFiles', (p) => (p.formats[0].outputFiles = [{ labels: ['HD', 'SD', 'aac'] }]), /one rung per MP4/],
  ];
  it.each(refused)('refuses %s, naming %s', (_, path, change, message) => {
    const p = structuredClone(full);
    change(p);
    let caught: unknown;
    try {
      definitionFromStandardPreset(p, 'X', '');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PresetFieldError);
    expect((caught as PresetFieldError).path).toBe(path);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).toContain(path);
  });
});

describe('file names from AMS patterns', () => {
  it('fills the macros, and a macro without a value collapses with its separator', () => {
    const video = { basename: 'movie', label: 'HD', kbps: 3400, codec: 'H264', resolution: '1280x720' };
    expect(patternFileName('{Basename}_{Resolution}_{Bitrate}{Extension}', video)).toBe('movie_1280x720_3400.mp4');
    expect(patternFileName('Video-{Basename}-{Label}-{Bitrate}{Extension}', video)).toBe('Video-movie-HD-3400.mp4');
    expect(patternFileName('{Basename}_{Codec}{Extension}', video)).toBe('movie_H264.mp4');
    expect(patternFileName('{Basename}_{Resolution}_{Bitrate}{Extension}', { basename: 'movie', kbps: 128, codec: 'AACAudio' })).toBe('movie_128.mp4');
    expect(patternFileName('{Label}-{Resolution}{Extension}', { basename: 'movie', kbps: 128, codec: 'AACAudio' })).toBe('movie.mp4');
  });
});

describe('transform files', () => {
  const sep = JSON.stringify(standardPresetFromDefinition(DEFINITIONS[1]!));
  it('imports a preset file named by its file, a whole AMS transform named by itself, and a built-in by name', () => {
    expect(nameFromFileName('/x/My ladder.preset.json')).toBe('My ladder');
    expect(importTransformText(sep, { fileName: '/x/My ladder.preset.json', builtIn }).name).toBe('My ladder');
    const arm = JSON.stringify({ name: 'FromPortal', properties: { description: 'exported', outputs: [{ onError: 'StopProcessingJob', preset: JSON.parse(sep) }] } });
    expect(importTransformText(arm, { builtIn })).toMatchObject({ name: 'FromPortal', description: 'exported', videoCodec: 'h265' });
    const bi = importTransformText(JSON.stringify({ '@odata.type': `${M}BuiltInStandardEncoderPreset`, presetName: 'H264SingleBitrateSD' }), { name: 'Mine', builtIn });
    expect(bi).toEqual({ ...builtInPreset('H264SingleBitrateSD'), name: 'Mine' });
    expect(() => importTransformText(sep, { builtIn })).toThrow(/no name of its own/);
    expect(() => importTransformText('{"@odata.type":"#Microsoft.Media.FaceDetectorPreset"}', { name: 'F', builtIn })).toThrow(/FaceDetectorPreset/);
  });
});
