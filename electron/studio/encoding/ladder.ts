/**
 * Plans an encode from a transform and the probe (encoding.md §1.3, §2.1, §5): which rungs survive
 * (never upscale), their sizes on the display orientation, bitrates (the AdaptiveStreaming rule),
 * profile/level, the picture fixes before the split, and one AAC output per audio language.
 */
import type { AudioStreamInfo, MediaInfo, VideoStreamInfo } from '../media/media-info.ts';
import { EncodeError } from './encode-error.ts';
import type { EncodePlan, EncoderCapabilities, PlannedAudio, PlannedCopy, PlannedRung, PlannedVideo } from './encode-plan.ts';
import { formatRate, gopFrames, rateValue, snapFrameRate } from './frame-rate.ts';
import { defaultProfile, levelFits, normalizeLevel, pickLevel } from './h264-level.ts';
import { audioFileName, audioTrackName, patternFileName, sanitizeBaseName, uniqueNames, videoFileName } from './output-names.ts';
import type { AudioCodec, AudioDefinition, TransformDefinition, VideoRungDefinition } from './transform-definition.ts';
import { codecOfEncoder, SOFTWARE_ENCODERS, VIDEO_CODEC_LABELS } from './video-encoder-names.ts';

const GOP_SEC = 2;
const AUDIO_SAMPLE_RATE = 48_000;
/** AMS's `{Codec}` word in file names. */
const CODEC_WORD = { h264: 'H264', h265: 'H265', av1: 'AV1', aac: 'AACAudio', dd: 'DDAudio' } as const;
/** AdaptiveStreaming's published ladders scale with (fps / 29.97)^0.8 (§1.3). */
const REFERENCE_FPS = 30000 / 1001;
const FPS_EXPONENT = 0.8;
/** A rung this little taller than the source is kept at the source height (a 719-line source keeps its 720 rung). */
const HEIGHT_TOLERANCE = 1.02;
/** Used when the transform has video but the source has none, and the transform brings no audio setting. */
const FALLBACK_AUDIO: AudioDefinition = { kbps: 192, channels: 2 };

const HDR_TONEMAP =
  'zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p';

const even = (x: number): number => Math.max(2, Math.round(x / 2) * 2);
const evenDown = (x: number): number => Math.max(2, Math.floor(x / 2) * 2);
const roundTo10 = (x: number): number => Math.max(10, Math.round(x / 10) * 10);

export function planLadder(
  definition: TransformDefinition,
  media: MediaInfo,
  capabilities: EncoderCapabilities = { zscale: false },
): EncodePlan {
  const baseName = sanitizeBaseName(media.file);
  if (!media.video && media.audio.length === 0) {
    throw new EncodeError(`${media.file} has no video or audio stream to encode.`, media.file);
  }
  if (media.video && media.video.frameCount === 0) {
    throw new EncodeError(`The video stream of ${media.file} holds no frames: there is nothing to encode.`, media.file);
  }
  if (definition.copy) return planCopy(definition, media, baseName);

  const warnings: string[] = [];
  const encodeVideo = definition.video.length > 0 && media.video !== null;
  let audioDefinition = definition.audio;
  if (definition.video.length > 0 && !media.video) {
    audioDefinition = definition.audio ?? FALLBACK_AUDIO;
    warnings.push(`The source has no video: encoding its audio only (as AACGoodQualityAudio would), at ${audioDefinition.kbps} kbps.`);
  }
  if (definition.video.length === 0 && media.video) {
    warnings.push(`${definition.name} encodes audio only: the source's video is not used.`);
  }
  if (!encodeVideo && media.audio.length === 0) {
    throw new EncodeError(`${definition.name} encodes audio, but ${media.file} has no audio stream. Choose a video transform such as AdaptiveStreaming.`, media.file);
  }
  if (audioDefinition === null && media.audio.length > 0) {
    warnings.push(`${definition.name} has no audio setting: the source's audio is not encoded.`);
  }
  if (encodeVideo && audioDefinition !== null && media.audio.length === 0) {
    warnings.push('The source has no audio: the asset is video only.');
  }

  const interleaved = definition.interleaved && encodeVideo && audioDefinition !== null && media.audio.length > 0;
  const video = encodeVideo && media.video ? planVideo(definition, media, media.video, baseName, interleaved, capabilities, warnings) : null;
  const audio = audioDefinition ? planAudio(media.audio, audioDefinition, baseName, interleaved, video !== null, definition.filenamePattern) : [];

  const names = uniqueNames([...(video?.rungs.map((r) => r.fileName) ?? []), ...audio.flatMap((a) => (a.fileName ? [a.fileName] : []))]);
  const rungs = video?.rungs.map((r, i) => ({ ...r, fileName: names[i] ?? r.fileName }));
  let next = rungs?.length ?? 0;
  const audioOut = audio.map((a) => (a.fileName ? { ...a, fileName: names[next++] ?? a.fileName } : a));
  const finalVideo = video && rungs ? { ...video, rungs } : null;

  const interleavedAudioKbps = interleaved ? (audioOut[0]?.kbps ?? 0) : 0;
  const kbpsTotal =
    (finalVideo?.rungs.reduce((s, r) => s + r.maxrateKbps + interleavedAudioKbps, 0) ?? 0) +
    audioOut.filter((a) => a.fileName !== null).reduce((s, a) => s + a.kbps, 0);

  return {
    transform: definition.name,
    baseName,
    mode: 'encode',
    durationSec: media.durationSec,
    video: finalVideo,
    audio: audioOut,
    copies: [],
    interleaved,
    outputFiles: names,
    estimatedBytes: estimateBytes(kbpsTotal, media.durationSec),
    warnings,
  };
}

function estimateBytes(kbpsTotal: number, durationSec: number): number {
  // 20 % for container overhead and rate-control overshoot, plus room for thumbnails and manifests.
  return Math.ceil(((kbpsTotal * 1000) / 8) * durationSec * 1.2) + 2 * 1024 * 1024;
}

/** Video bitrate of the source in kbps: the stream's own, else the container's minus the audio. */
function sourceVideoKbps(media: MediaInfo, video: VideoStreamInfo): number | null {
  if (video.bitrate) return video.bitrate / 1000;
  if (!media.bitrate) return null;
  const audio = media.audio.reduce((s, a) => s + (a.bitrate ?? 128_000), 0);
  const rest = media.bitrate - audio;
  return rest > 0 ? rest / 1000 : null;
}

interface SizedRung {
  readonly definition: VideoRungDefinition;
  readonly width: number;
  readonly height: number;
}

/** Sizes on the display orientation: the ladder height is the short side, so portrait stays portrait. */
function sizeRungs(rungs: readonly VideoRungDefinition[], video: VideoStreamInfo, warnings: string[]): SizedRung[] {
  const dw = video.displayWidth;
  const dh = video.displayHeight;
  const portrait = dh > dw;
  const shortSide = Math.min(dw, dh);
  const longSide = Math.max(dw, dh);
  const size = (lines: number): { width: number; height: number } => {
    const s = Math.min(even(lines), evenDown(shortSide));
    const l = Math.min(even((s * longSide) / shortSide), evenDown(longSide));
    return portrait ? { width: s, height: l } : { width: l, height: s };
  };
  const kept: SizedRung[] = [];
  const dropped: VideoRungDefinition[] = [];
  for (const r of rungs) {
    if (r.height > shortSide * HEIGHT_TOLERANCE) dropped.push(r);
    else kept.push({ definition: r, ...size(r.height) });
  }
  if (kept.length === 0) {
    const lowest = [...rungs].sort((a, b) => a.height - b.height || a.kbps - b.kbps)[0];
    if (lowest) {
      kept.push({ definition: lowest, ...size(lowest.height) });
      dropped.splice(dropped.indexOf(lowest), 1);
      warnings.push(`The source (${dw}x${dh}) is smaller than every rung: the ${lowest.height}-line rung is encoded at the source size instead.`);
    }
  }
  if (dropped.length > 0) {
    const list = dropped.map((r) => `${r.height}p ${r.kbps} kbps`).join(', ');
    warnings.push(`Rungs taller than the ${shortSide}-line source were dropped (never upscaled): ${list}.`);
  }
  if (portrait) {
    warnings.push(`Portrait source (${dw}x${dh}): rung heights apply to the short side (width).`);
  }
  return kept;
}

function planVideo(
  definition: TransformDefinition,
  media: MediaInfo,
  video: VideoStreamInfo,
  baseName: string,
  interleaved: boolean,
  capabilities: EncoderCapabilities,
  warnings: string[],
): PlannedVideo {
  const snapped = snapFrameRate(video.frameRate);
  if (snapped.warning) warnings.push(snapped.warning);
  const fps = rateValue(snapped.rate);
  if (video.variableFrameRate) {
    warnings.push(`Variable frame rate source: encoded at a constant ${fps.toFixed(3).replace(/\.?0+$/, '')} fps.`);
  }

  const codec = definition.videoCodec ?? 'h264';
  const encoder = capabilities.videoEncoder ?? SOFTWARE_ENCODERS[codec];
  if (codecOfEncoder(encoder) !== codec) {
    throw new EncodeError(
      `${definition.name} encodes ${VIDEO_CODEC_LABELS[codec]}, but the ${encoder} encoder writes ${VIDEO_CODEC_LABELS[codecOfEncoder(encoder)]}: choose an ${VIDEO_CODEC_LABELS[codec]} encoder (${SOFTWARE_ENCODERS[codec]} is the software one).`,
      media.file,
    );
  }
  const sized = sizeRungs(definition.video, video, warnings);
  let kbpsOf = (r: VideoRungDefinition): number => r.kbps;
  if (definition.adaptive) {
    const fpsFactor = (fps / REFERENCE_FPS) ** FPS_EXPONENT;
    const top = Math.max(...sized.map((s) => s.definition.kbps * fpsFactor));
    const sourceKbps = sourceVideoKbps(media, video);
    const cap = sourceKbps !== null && top > sourceKbps ? sourceKbps / top : 1;
    if (cap < 1) warnings.push(`The ladder was scaled to ${Math.round(cap * 100)} % so that no rung exceeds the source's ${Math.round(sourceKbps ?? 0)} kbps.`);
    kbpsOf = (r) => roundTo10(r.kbps * fpsFactor * cap);
  }

  const rungs: PlannedRung[] = sized.map((s) => {
    const kbps = kbpsOf(s.definition);
    // An auto ladder scales kbps, so a fixed peak would not fit it: the peak is a fixed ladder's.
    const maxrateKbps = !definition.adaptive && s.definition.maxKbps !== undefined ? Math.max(kbps, s.definition.maxKbps) : Math.round(kbps * 1.1);
    const bufsizeKbps = Math.round(kbps * (s.definition.bufferSec ?? 2));
    const fileName = definition.filenamePattern
      ? patternFileName(definition.filenamePattern, { basename: baseName, label: s.definition.label, kbps, codec: CODEC_WORD[codec], resolution: `${s.width}x${s.height}` })
      : videoFileName(baseName, s.width, s.height, kbps, interleaved);
    // H.265 and AV1 rungs are Main profile; their encoders choose the level.
    if (codec !== 'h264') return { width: s.width, height: s.height, kbps, maxrateKbps, bufsizeKbps, profile: 'main', level: 'auto', fileName };
    const profile = s.definition.profile ?? defaultProfile(s.height, s.width);
    let level = s.definition.level ? normalizeLevel(s.definition.level) : pickLevel(s.width, s.height, fps, maxrateKbps, profile);
    if (s.definition.level && !levelFits(s.definition.level, s.width, s.height, fps, maxrateKbps, profile)) {
      const fitting = pickLevel(s.width, s.height, fps, maxrateKbps, profile);
      warnings.push(`Level ${s.definition.level} is too low for ${s.width}x${s.height} at ${fps.toFixed(2)} fps and ${kbps} kbps: using ${fitting ?? '5.2'}.`);
      level = fitting;
    }
    if (level === null) {
      warnings.push(`${s.width}x${s.height} at ${fps.toFixed(2)} fps exceeds H.264 level 5.2: players may refuse it.`);
      level = '5.2';
    }
    return { width: s.width, height: s.height, kbps, maxrateKbps, bufsizeKbps, profile, level, fileName };
  });

  return {
    sourceIndex: video.index,
    frameRate: snapped.rate,
    gopSec: GOP_SEC,
    gopFrames: gopFrames(snapped.rate, GOP_SEC),
    preFilters: pictureFilters(video, formatRate(snapped.rate), capabilities, warnings),
    ...(video.hdr ? { stripHdrMetadata: true } : {}),
    rungs,
    complexity: definition.complexity ?? 'Speed',
    codec,
    encoder,
  };
}

/**
 * Run once before the split. The deinterlacer sees the source's own frames (its temporal
 * neighbours), so it precedes `fps=`; everything else follows the constant-rate conversion.
 */
function pictureFilters(video: VideoStreamInfo, rate: string, capabilities: EncoderCapabilities, warnings: string[]): string[] {
  const filters: string[] = [];
  if (video.interlaced) {
    filters.push('bwdif=mode=send_frame');
    warnings.push('Interlaced source: deinterlaced (bwdif).');
  }
  // Without frame durations ffmpeg ends the stream 1 ms after the last frame's start, and fps= rounds
  // that end down, dropping the last frame; eof_action=pass rounds it up, so every frame is kept.
  filters.push(video.frameDurationsUnknown ? `fps=${rate}:eof_action=pass` : `fps=${rate}`);
  if (video.hdr) {
    const label = video.hdr === 'pq' ? 'HDR10 (PQ)' : 'HLG';
    if (capabilities.zscale) {
      filters.push(HDR_TONEMAP);
      warnings.push(`${label} source converted to SDR (BT.709).`);
    } else {
      filters.push('format=yuv420p');
      warnings.push(`${label} source: this ffmpeg has no zscale filter, so it is converted to 8-bit without tone-mapping; colours will look washed out.`);
    }
  } else {
    if (video.bitDepth > 8) warnings.push(`${video.bitDepth}-bit source converted to 8-bit 4:2:0.`);
    filters.push('format=yuv420p');
  }
  return filters;
}

/** Channels and bitrate of one audio output: Dolby Digital with `surroundKbps` keeps a 5.1 source 5.1. */
function audioLayout(definition: AudioDefinition, source: AudioStreamInfo): { channels: number; kbps: number } {
  if (definition.codec === 'dd' && definition.surroundKbps !== undefined && source.channels >= 6) return { channels: 6, kbps: definition.surroundKbps };
  return { channels: definition.channels, kbps: definition.kbps };
}

function planAudio(
  streams: readonly AudioStreamInfo[],
  definition: AudioDefinition,
  baseName: string,
  interleaved: boolean,
  hasVideo: boolean,
  pattern: string | undefined,
): PlannedAudio[] {
  const codec: AudioCodec = definition.codec ?? 'aac';
  const trackNames = new Set<string>();
  return streams.map((s, i) => {
    const { channels, kbps } = audioLayout(definition, s);
    const base = audioTrackName(s.language, channels, kbps * 1000, codec);
    let trackName = base;
    for (let n = 2; trackNames.has(trackName); n++) trackName = `${base}_${n}`;
    trackNames.add(trackName);
    // Interleaved presets carry the first language in every video file; further languages get their own files.
    const muxed = interleaved && hasVideo && i === 0;
    return {
      sourceIndex: s.index,
      language: s.language,
      codec,
      kbps,
      channels,
      sampleRate: AUDIO_SAMPLE_RATE,
      trackName,
      fileName: muxed
        ? null
        : pattern
          ? patternFileName(pattern, { basename: baseName, label: definition.label, kbps, codec: CODEC_WORD[codec] })
          : audioFileName(baseName, s.language, kbps, codec),
    };
  });
}

function planCopy(definition: TransformDefinition, media: MediaInfo, baseName: string): EncodePlan {
  const warnings: string[] = [];
  const copies: PlannedCopy[] = [];
  const v = media.video;
  if (v) {
    if (v.codec !== 'h264') {
      throw new EncodeError(
        `${definition.name} copies H.264 video only; ${media.file} holds ${v.codec}. Choose AdaptiveStreaming to re-encode it.`,
        media.file,
      );
    }
    const kbps = Math.round((sourceVideoKbps(media, v) ?? 0) || 0);
    copies.push({
      kind: 'video',
      sourceIndex: v.index,
      width: v.displayWidth,
      height: v.displayHeight,
      kbps,
      fileName: definition.filenamePattern
        ? patternFileName(definition.filenamePattern, { basename: baseName, kbps, codec: CODEC_WORD.h264, resolution: `${v.displayWidth}x${v.displayHeight}` })
        : videoFileName(baseName, v.displayWidth, v.displayHeight, kbps, false),
    });
  }
  for (const a of media.audio) {
    if (a.codec !== 'aac') {
      throw new EncodeError(
        `${definition.name} copies AAC audio only; the ${a.language} track of ${media.file} is ${a.codec}. Choose AdaptiveStreaming to re-encode it.`,
        media.file,
      );
    }
    const kbps = Math.round((a.bitrate ?? 0) / 1000);
    const fileName = definition.filenamePattern
      ? patternFileName(definition.filenamePattern, { basename: baseName, kbps, codec: CODEC_WORD.aac })
      : audioFileName(baseName, a.language, kbps);
    copies.push({ kind: 'audio', sourceIndex: a.index, language: a.language, channels: a.channels, kbps, fileName });
  }
  if (media.otherVideo.length > 0) warnings.push(`${media.otherVideo.length} further video stream(s) are not copied.`);
  const names = uniqueNames(copies.map((c) => c.fileName));
  const finalCopies = copies.map((c, i) => ({ ...c, fileName: names[i] ?? c.fileName }));
  return {
    transform: definition.name,
    baseName,
    mode: 'copy',
    durationSec: media.durationSec,
    video: null,
    audio: [],
    copies: finalCopies,
    interleaved: false,
    outputFiles: names,
    estimatedBytes: Math.ceil(media.sizeBytes * 1.05) + 2 * 1024 * 1024,
    warnings,
  };
}
