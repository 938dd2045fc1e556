/**
 * AMS's custom transform schema (`#Microsoft.Media.StandardEncoderPreset`) ⇄ the studio's transform
 * definitions: the one mapping, used by transform import/export (CLI, UI) and by the AMS v3 API.
 *
 * Every field AMS defines is either mapped (layers' height, bitrate, maxBitrate, bufferWindow, profile,
 * level, label; the codec's complexity; audio bitrate, channels, label; Mp4Format's filenamePattern and
 * outputFiles; CopyVideo/CopyAudio), accepted at the one value the studio encodes with (2 s GOPs, no scene
 * cuts, AutoSize, ABR, 3 B-frames …), or refused: the error names the field by its JSON path
 * (`codecs[1].layers[0].bFrames`) and says what the studio does instead. Nothing is dropped silently.
 */
import type { AudioDefinition, Complexity, H264Profile, TransformDefinition, VideoRungDefinition } from './transform-definition.ts';
import { COMPLEXITIES, TransformDefinitionError } from './transform-definition.ts';
import { filenamePatternProblem } from './output-names.ts';

type Json = Record<string, unknown>;

export const STANDARD_ENCODER_PRESET = '#Microsoft.Media.StandardEncoderPreset';
const MEDIA = '#Microsoft.Media.';

/** A StandardEncoderPreset field the studio cannot honour, named by its JSON path. */
export class PresetFieldError extends TransformDefinitionError {
  readonly path: string;
  /** The message without the path. */
  readonly detail: string;
  constructor(path: string, detail: string) {
    super(`StandardEncoderPreset ${path}: ${detail}`);
    this.name = 'PresetFieldError';
    this.path = path;
    this.detail = detail;
  }
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const typeOf = (v: Json): string => (typeof v['@odata.type'] === 'string' ? (v['@odata.type'] as string) : '');
const show = (v: unknown): string => JSON.stringify(v);

/** Fields a node may hold; any other is refused by name. */
function onlyFields(node: Json, at: string, allowed: readonly string[], what: string): void {
  for (const key of Object.keys(node)) {
    if (!allowed.includes(key)) throw new PresetFieldError(`${at}${at ? '.' : ''}${key}`, `is not supported in ${what} (the studio maps ${allowed.filter((k) => k !== '@odata.type').join(', ')}).`);
  }
}

function num(v: unknown, at: string): number {
  const n = typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new PresetFieldError(at, `must be a number; got ${show(v)}.`);
  return n;
}

/** ISO 8601 durations as AMS writes them (PT2S, PT0.5S, PT1M) and hh:mm:ss. */
export function durationSec(v: unknown, at: string): number {
  if (typeof v === 'string') {
    const iso = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/i.exec(v.trim());
    if (iso && v.trim().length > 2) return Number(iso[1] ?? 0) * 3600 + Number(iso[2] ?? 0) * 60 + Number(iso[3] ?? 0);
    const clock = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(v.trim());
    if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]);
  }
  throw new PresetFieldError(at, `must be a duration such as "PT2S"; got ${show(v)}.`);
}

/** A field the studio supports at one value only: absent or that value (case-insensitive for text). */
function fixed(node: Json, key: string, at: string, accepted: readonly unknown[], why: string): void {
  if (!(key in node) || node[key] === null) return;
  const v = node[key];
  const same = (a: unknown): boolean => (typeof a === 'string' && typeof v === 'string' ? a.toLowerCase() === v.toLowerCase() : a === v);
  if (!accepted.some(same)) throw new PresetFieldError(`${at}.${key}`, `${show(v)} is not supported: ${why}.`);
}

const GOP_SEC = 2;
/** AMS's default Mp4Format pattern: the studio's default naming. */
export const AMS_DEFAULT_PATTERN = '{Basename}_{Resolution}_{Bitrate}{Extension}';
const VIDEO_CODEC_FIELDS = ['@odata.type', 'label', 'keyFrameInterval', 'complexity', 'sceneChangeDetection', 'stretchMode', 'syncMode', 'rateControlMode', 'layers'];
const H264_LAYER_FIELDS = ['width', 'height', 'label', 'bitrate', 'maxBitrate', 'bufferWindow', 'profile', 'level', 'bFrames', 'referenceFrames', 'adaptiveBFrame', 'slices', 'entropyMode', 'frameRate'];
const H265_LAYER_FIELDS = ['width', 'height', 'label', 'bitrate', 'maxBitrate', 'bufferWindow', 'profile', 'level', 'bFrames', 'referenceFrames', 'adaptiveBFrame', 'slices', 'frameRate'];
const H264_PROFILES: Readonly<Record<string, H264Profile | undefined>> = { auto: undefined, baseline: 'baseline', main: 'main', high: 'high' };

function videoCodec(c: Json, at: string, codec: 'h264' | 'h265'): { rungs: VideoRungDefinition[]; complexity?: Complexity } {
  const what = codec === 'h264' ? 'H264Video' : 'H265Video';
  onlyFields(c, at, VIDEO_CODEC_FIELDS, what);
  const gop = c.keyFrameInterval;
  if (gop !== undefined && gop !== null && Math.abs(durationSec(gop, `${at}.keyFrameInterval`) - GOP_SEC) > 1e-6) {
    throw new PresetFieldError(`${at}.keyFrameInterval`, `${show(gop)} is not supported: the studio's GOPs are 2 s ("PT2S"), aligned across rungs for the origin.`);
  }
  fixed(c, 'sceneChangeDetection', at, [false], 'keyframes fall every 2 s only, aligned across rungs');
  fixed(c, 'stretchMode', at, ['AutoSize'], 'the studio keeps the source aspect ratio (AutoSize)');
  fixed(c, 'syncMode', at, ['Auto', 'Cfr'], 'the studio writes a constant frame rate');
  fixed(c, 'rateControlMode', at, ['ABR'], 'the studio encodes capped VBR (ABR); CBR and CRF are not offered');
  let complexity: Complexity | undefined;
  if (c.complexity !== undefined) {
    complexity = COMPLEXITIES.find((x) => x.toLowerCase() === String(c.complexity).toLowerCase());
    if (!complexity) throw new PresetFieldError(`${at}.complexity`, `must be one of ${COMPLEXITIES.join(', ')}; got ${show(c.complexity)}.`);
  }
  if (!Array.isArray(c.layers) || c.layers.length === 0) throw new PresetFieldError(`${at}.layers`, `${what} needs at least one layer.`);
  const rungs = c.layers.map((l: unknown, i: number): VideoRungDefinition => {
    const la = `${at}.layers[${i}]`;
    if (!isObject(l)) throw new PresetFieldError(la, 'must be an object.');
    onlyFields(l, la, ['@odata.type', ...(codec === 'h264' ? H264_LAYER_FIELDS : H265_LAYER_FIELDS)], `an ${what} layer`);
    if (l.height === undefined || l.height === null) throw new PresetFieldError(`${la}.height`, 'is required (the studio sizes each rung by its height and keeps the source aspect ratio).');
    if (typeof l.height === 'string' && l.height.trim().endsWith('%')) {
      throw new PresetFieldError(`${la}.height`, `a relative height (${show(l.height)}) is not supported; give the height in lines.`);
    }
    if (typeof l.width === 'string' && l.width.trim().endsWith('%')) {
      throw new PresetFieldError(`${la}.width`, `a relative width (${show(l.width)}) is not supported; give the height in lines.`);
    }
    if (l.width !== undefined && l.width !== null) num(l.width, `${la}.width`); // AutoSize: the source aspect ratio sets the width
    const height = num(l.height, `${la}.height`);
    if (l.bitrate === undefined) throw new PresetFieldError(`${la}.bitrate`, 'is required (bits per second).');
    const bitrate = num(l.bitrate, `${la}.bitrate`);
    const kbps = Math.round(bitrate / 1000);
    const profiles = codec === 'h264' ? H264_PROFILES : { auto: undefined, main: 'main' as const };
    const profileKey = l.profile === undefined || l.profile === null ? 'auto' : String(l.profile).toLowerCase();
    if (!(profileKey in profiles)) {
      throw new PresetFieldError(`${la}.profile`, `${show(l.profile)} is not supported; use ${codec === 'h264' ? 'Auto, Baseline, Main or High' : 'Auto or Main (8-bit)'}.`);
    }
    const profile = profiles[profileKey];
    const level = l.level === undefined || l.level === null || String(l.level).toLowerCase() === 'auto' ? undefined : String(l.level);
    if (level !== undefined && codec === 'h265') throw new PresetFieldError(`${la}.level`, `${show(l.level)} is not supported: the HEVC encoder picks its level (use "auto").`);
    const bframes = profile === 'baseline' ? 0 : 3;
    fixed(l, 'bFrames', la, [bframes], `the studio uses ${bframes} B-frames${profile === 'baseline' ? ' (Baseline has none)' : ''}`);
    fixed(l, 'referenceFrames', la, [3], 'the studio uses 3 reference frames');
    fixed(l, 'adaptiveBFrame', la, [true], 'the encoder places B-frames adaptively');
    fixed(l, 'slices', la, [0], 'the encoder chooses the slices (0)');
    fixed(l, 'frameRate', la, ['0/1', '0'], "every rung keeps the source's frame rate (\"0/1\")");
    if (codec === 'h264') fixed(l, 'entropyMode', la, [profile === 'baseline' ? 'Cavlc' : 'Cabac'], profile === 'baseline' ? 'Baseline uses CAVLC' : 'Main and High use CABAC');
    const maxKbps = l.maxBitrate === undefined || l.maxBitrate === null ? undefined : Math.round(num(l.maxBitrate, `${la}.maxBitrate`) / 1000);
    if (maxKbps !== undefined && maxKbps < kbps) throw new PresetFieldError(`${la}.maxBitrate`, `${show(l.maxBitrate)} is below the layer's bitrate ${bitrate}.`);
    const bufferSec = l.bufferWindow === undefined || l.bufferWindow === null ? undefined : durationSec(l.bufferWindow, `${la}.bufferWindow`);
    if (bufferSec !== undefined && (bufferSec < 0.1 || bufferSec > 10)) throw new PresetFieldError(`${la}.bufferWindow`, `${show(l.bufferWindow)} is outside 0.1–10 s.`);
    const label = l.label === undefined || l.label === null ? undefined : String(l.label);
    return {
      height,
      kbps,
      ...(profile && { profile }),
      ...(level !== undefined && { level }),
      ...(maxKbps !== undefined && { maxKbps }),
      ...(bufferSec !== undefined && { bufferSec }),
      ...(label !== undefined && label !== '' && { label }),
    };
  });
  return { rungs, ...(complexity && { complexity }) };
}

function audioCodec(c: Json, at: string, codec: 'aac' | 'dd'): AudioDefinition {
  const what = codec === 'aac' ? 'AacAudio' : 'DDAudio';
  onlyFields(c, at, ['@odata.type', 'label', 'channels', 'samplingRate', 'bitrate', ...(codec === 'aac' ? ['profile'] : [])], what);
  fixed(c, 'samplingRate', at, [48000], 'the studio writes 48 kHz audio');
  if (codec === 'aac') fixed(c, 'profile', at, ['AacLc'], 'the studio writes AAC-LC (HE-AAC is not offered)');
  const label = c.label === undefined || c.label === null || c.label === '' ? undefined : String(c.label);
  return {
    kbps: Math.round(num(c.bitrate ?? (codec === 'aac' ? 128000 : 192000), `${at}.bitrate`) / 1000),
    channels: num(c.channels ?? 2, `${at}.channels`),
    ...(codec === 'dd' && { codec: 'dd' as const }),
    ...(label !== undefined && { label }),
  };
}

/** The filename pattern's rule is output-names.ts's; here it gets the field's path. */
function checkFilenamePattern(pattern: string, at: string): void {
  const problem = filenamePatternProblem(pattern);
  if (problem) throw new PresetFieldError(at, `${problem}.`);
}

/**
 * The studio definition a StandardEncoderPreset describes. `name`/`description` come from outside (the
 * ARM transform, the file name): the preset itself has none.
 */
export function definitionFromStandardPreset(preset: unknown, name: string, description: string): TransformDefinition {
  if (!isObject(preset)) throw new PresetFieldError('(preset)', 'must be a JSON object.');
  if (typeOf(preset) !== STANDARD_ENCODER_PRESET) throw new PresetFieldError('@odata.type', `must be "${STANDARD_ENCODER_PRESET}"; got ${show(preset['@odata.type'])}.`);
  onlyFields(preset, '', ['@odata.type', 'codecs', 'formats', 'filters'], 'a StandardEncoderPreset');
  if (preset.filters !== undefined && preset.filters !== null) {
    if (!isObject(preset.filters)) throw new PresetFieldError('filters', 'must be an object.');
    const first = Object.keys(preset.filters)[0];
    if (first !== undefined) throw new PresetFieldError(`filters.${first}`, 'is not supported (crop, rotation, overlays, deinterlace and fades are not offered; the studio applies rotation and deinterlacing from the source).');
  }
  if (!Array.isArray(preset.codecs) || preset.codecs.length === 0) throw new PresetFieldError('codecs', 'must list at least one codec.');
  const video: VideoRungDefinition[] = [];
  let videoCodecName: 'h264' | 'h265' | undefined;
  let complexity: Complexity | undefined;
  let audio: AudioDefinition | null = null;
  const copied = new Set<string>();
  const videoLabels = new Set<string>();
  let audioLabel: string | undefined;
  preset.codecs.forEach((c: unknown, i: number) => {
    const at = `codecs[${i}]`;
    if (!isObject(c)) throw new PresetFieldError(at, 'must be an object.');
    const type = typeOf(c);
    if (type === `${MEDIA}H264Video` || type === `${MEDIA}H265Video`) {
      const codec = type.endsWith('H264Video') ? 'h264' : 'h265';
      if (videoCodecName) throw new PresetFieldError(at, 'a second video codec is not supported (one ladder per transform).');
      videoCodecName = codec;
      const v = videoCodec(c, at, codec);
      video.push(...v.rungs);
      for (const r of v.rungs) if (r.label) videoLabels.add(r.label);
      complexity = v.complexity;
    } else if (type === `${MEDIA}AacAudio` || type === `${MEDIA}DDAudio`) {
      if (audio) throw new PresetFieldError(at, 'a second audio codec is not supported (the studio encodes every audio track of the source with one setting).');
      audio = audioCodec(c, at, type.endsWith('AacAudio') ? 'aac' : 'dd');
      audioLabel = typeof c.label === 'string' && c.label !== '' ? c.label : undefined;
    } else if (type === `${MEDIA}CopyVideo` || type === `${MEDIA}CopyAudio`) {
      onlyFields(c, at, ['@odata.type', 'label'], type.slice(MEDIA.length));
      copied.add(type);
    } else {
      throw new PresetFieldError(`${at}.@odata.type`, `the codec ${show(c['@odata.type'])} is not supported; the studio encodes H264Video, H265Video, AacAudio and DDAudio, or copies with CopyVideo and CopyAudio (thumbnails come with every encode).`);
    }
  });
  if (copied.size > 0 && (video.length > 0 || audio !== null)) {
    throw new PresetFieldError('codecs', 'CopyVideo/CopyAudio together with encoded codecs is not supported: the studio copies every stream or encodes them all.');
  }

  if (!Array.isArray(preset.formats) || preset.formats.length === 0) throw new PresetFieldError('formats', 'must list one Mp4Format.');
  if (preset.formats.length > 1) throw new PresetFieldError('formats[1]', 'a second format is not supported: the studio writes one Mp4Format (the origin packages HLS, DASH and Smooth from it).');
  const format = preset.formats[0] as unknown;
  if (!isObject(format)) throw new PresetFieldError('formats[0]', 'must be an object.');
  if (typeOf(format) !== `${MEDIA}Mp4Format`) {
    throw new PresetFieldError('formats[0].@odata.type', `the format ${show(format['@odata.type'])} is not supported; the studio writes Mp4Format (the origin packages HLS, DASH and Smooth from it; thumbnails come with every encode).`);
  }
  onlyFields(format, 'formats[0]', ['@odata.type', 'filenamePattern', 'outputFiles'], 'an Mp4Format');
  // AMS's own default pattern is the studio's default naming (which also names interleaved and audio files as AMS does).
  const pattern = typeof format.filenamePattern === 'string' && format.filenamePattern !== '' && format.filenamePattern !== AMS_DEFAULT_PATTERN ? format.filenamePattern : undefined;
  if (format.filenamePattern !== undefined && typeof format.filenamePattern !== 'string') throw new PresetFieldError('formats[0].filenamePattern', 'must be text such as "{Basename}_{Resolution}_{Bitrate}{Extension}".');
  if (pattern !== undefined) checkFilenamePattern(pattern, 'formats[0].filenamePattern');

  // outputFiles: each entry muxes the labelled layers. Audio alone in a file = separate audio; audio with
  // every video label = interleaved (AMS's default without outputFiles). Other groupings are refused.
  let interleaved = video.length > 0 && audio !== null;
  if (format.outputFiles !== undefined && format.outputFiles !== null) {
    if (!Array.isArray(format.outputFiles)) throw new PresetFieldError('formats[0].outputFiles', 'must be a list of { "labels": [...] }.');
    const files = format.outputFiles.map((f: unknown, i: number) => {
      const at = `formats[0].outputFiles[${i}]`;
      if (!isObject(f)) throw new PresetFieldError(at, 'must be an object.');
      onlyFields(f, at, ['labels'], 'an output file');
      if (!Array.isArray(f.labels) || f.labels.length === 0) throw new PresetFieldError(`${at}.labels`, 'must list the labels of the layers muxed into the file.');
      for (const [k, l] of f.labels.entries()) {
        if (typeof l !== 'string' || (!videoLabels.has(l) && l !== audioLabel)) throw new PresetFieldError(`${at}.labels[${k}]`, `${show(l)} is not the label of a layer or audio codec of this preset.`);
      }
      return f.labels as string[];
    });
    const audioAlone = audioLabel !== undefined && files.some((l) => l.length === 1 && l[0] === audioLabel);
    const everyVideoWithAudio = video.every((r) => files.some((l) => l.includes(r.label ?? '\0') && (audioLabel === undefined || l.includes(audioLabel))));
    if (audioAlone) interleaved = false;
    else if (!everyVideoWithAudio) {
      throw new PresetFieldError('formats[0].outputFiles', 'this grouping is not supported: list every video layer with the audio (interleaved), or each video layer alone and the audio alone.');
    }
    if (files.some((l) => l.filter((x) => videoLabels.has(x)).length > 1)) throw new PresetFieldError('formats[0].outputFiles', 'several video layers in one file are not supported (one rung per MP4).');
  }

  if (copied.size > 0) {
    return { name, description, video: [], audio: null, interleaved: false, copy: true, ...(pattern !== undefined && { filenamePattern: pattern }) };
  }
  if (video.length === 0 && audio === null) throw new PresetFieldError('codecs', 'needs a video or an audio codec.');
  return {
    name,
    description,
    ...(videoCodecName === 'h265' && { videoCodec: 'h265' as const }),
    video,
    audio,
    interleaved,
    copy: false,
    ...(complexity && { complexity }),
    ...(pattern !== undefined && { filenamePattern: pattern }),
  };
}

const AMS_PROFILE = { baseline: 'Baseline', main: 'Main', high: 'High' } as const;

/**
 * The StandardEncoderPreset of a fixed ladder (what AMS would run). Auto ladders (AdaptiveStreaming)
 * and content-aware ones are AMS built-in presets, not expressible here: the caller exports those as
 * BuiltInStandardEncoderPreset by name.
 */
export function standardPresetFromDefinition(d: TransformDefinition): Json {
  if (d.adaptive || d.contentAware) {
    throw new TransformDefinitionError(`${d.name} plans its ladder per source (${d.contentAware ? 'content-aware' : 'adaptive'}): AMS expresses it as a BuiltInStandardEncoderPreset, not a StandardEncoderPreset.`);
  }
  if (d.videoCodec === 'av1') throw new TransformDefinitionError(`${d.name} encodes AV1, which AMS's StandardEncoderPreset has no codec for.`);
  const codecs: Json[] = [];
  if (d.copy) codecs.push({ '@odata.type': `${MEDIA}CopyVideo` }, { '@odata.type': `${MEDIA}CopyAudio` });
  if (d.audio) {
    const dd = d.audio.codec === 'dd';
    if (d.audio.surroundKbps !== undefined) throw new TransformDefinitionError(`${d.name}: DDAudio has one bitrate in a StandardEncoderPreset; surroundKbps (5.1 at another bitrate) is not expressible.`);
    codecs.push({
      '@odata.type': `${MEDIA}${dd ? 'DDAudio' : 'AacAudio'}`,
      ...(d.audio.label !== undefined && { label: d.audio.label }),
      channels: d.audio.channels,
      samplingRate: 48000,
      bitrate: d.audio.kbps * 1000,
      ...(!dd && { profile: 'AacLc' }),
    });
  }
  if (d.video.length > 0) {
    const h265 = d.videoCodec === 'h265';
    codecs.push({
      '@odata.type': `${MEDIA}${h265 ? 'H265Video' : 'H264Video'}`,
      keyFrameInterval: 'PT2S',
      stretchMode: 'AutoSize',
      sceneChangeDetection: false,
      ...(d.complexity && { complexity: d.complexity }),
      layers: d.video.map((r) => ({
        height: String(r.height),
        ...(r.label !== undefined && { label: r.label }),
        bitrate: r.kbps * 1000,
        ...(r.maxKbps !== undefined && { maxBitrate: r.maxKbps * 1000 }),
        ...(r.bufferSec !== undefined && { bufferWindow: `PT${r.bufferSec}S` }),
        ...(r.profile && { profile: AMS_PROFILE[r.profile] }),
        ...(r.level && { level: r.level }),
      })),
    });
  }
  // Audio in files of its own needs outputFiles, which name layers by label: unlabelled ones get
  // labels here (video1…, audio). Interleaved is AMS's default without outputFiles.
  const separate = d.video.length > 0 && d.audio !== null && !d.interleaved;
  if (separate) {
    const layers = (codecs.find((c) => Array.isArray(c.layers))?.layers ?? []) as Json[];
    layers.forEach((l, i) => (l.label ??= `video${i + 1}`));
    const audioCodec = codecs.find((c) => /Audio$/.test(typeOf(c)) && !/Copy/.test(typeOf(c)));
    if (audioCodec) audioCodec.label ??= 'audio';
  }
  const outputFiles = separate
    ? [
        ...((codecs.find((c) => Array.isArray(c.layers))?.layers ?? []) as Json[]).map((l) => ({ labels: [l.label] })),
        { labels: [codecs.find((c) => /Audio$/.test(typeOf(c)) && !/Copy/.test(typeOf(c)))?.label] },
      ]
    : undefined;
  return {
    '@odata.type': STANDARD_ENCODER_PRESET,
    codecs,
    formats: [
      {
        '@odata.type': `${MEDIA}Mp4Format`,
        filenamePattern: d.filenamePattern ?? AMS_DEFAULT_PATTERN,
        ...(outputFiles && { outputFiles }),
      },
    ],
  };
}
