/**
 * A transform (AMS's word for an encoding recipe) as plain JSON: the built-in presets are values of
 * this type, and users import/export custom ladders as JSON validated by the same schema.
 */
import { z } from 'zod';
import { filenamePatternProblem } from './output-names.ts';
import { VIDEO_CODECS, type VideoCodec } from './video-encoder-names.ts';

export const H264_PROFILES = ['baseline', 'main', 'high'] as const;
export type H264Profile = (typeof H264_PROFILES)[number];

/** AMS `Complexity`: which x264 speed preset the rungs use. */
export const COMPLEXITIES = ['Speed', 'Balanced', 'Quality'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];

export interface VideoRungDefinition {
  /** Rung height; for portrait sources it applies to the short side. Width follows the source aspect ratio. */
  readonly height: number;
  readonly kbps: number;
  /** Omitted: chosen per rung (H.264: High from 720 lines up, Main below; H.265 and AV1: Main). */
  readonly profile?: H264Profile;
  /** e.g. "3.1" (H.264 only); omitted: the lowest level (at least 3.0) that fits the size, rate and bitrate. */
  readonly level?: string;
  /** Peak bitrate (VBV maxrate); omitted: 110 % of kbps. Fixed ladders only (auto ladders scale kbps). */
  readonly maxKbps?: number;
  /** VBV buffer in seconds of kbps (AMS bufferWindow); omitted: 2. */
  readonly bufferSec?: number;
  /** AMS layer label: the `{Label}` of the file name pattern. */
  readonly label?: string;
}

export const AUDIO_CODECS = ['aac', 'dd'] as const;
/** AAC-LC, or Dolby Digital (AC-3, AMS's DDAudio). */
export type AudioCodec = (typeof AUDIO_CODECS)[number];

export interface AudioDefinition {
  readonly kbps: number;
  readonly channels: number;
  /** Default aac. */
  readonly codec?: AudioCodec;
  /** Dolby Digital only: a 5.1 source stays 5.1 at this bitrate (DDGoodQualityAudio); without it, `channels`. */
  readonly surroundKbps?: number;
  /** AMS codec label: the `{Label}` of audio file names. */
  readonly label?: string;
}

/** AMS's PresetConfigurations for content-aware encoding; absent fields take CONTENT_AWARE_DEFAULTS. */
export interface ContentAwareSettings {
  readonly minBitrateKbps?: number;
  readonly maxBitrateKbps?: number;
  readonly minHeight?: number;
  readonly maxHeight?: number;
  readonly maxLayers?: number;
}

export interface TransformDefinition {
  readonly name: string;
  readonly description: string;
  /** Default h264 (libx264, or a hardware encoder of the codec the user picks). */
  readonly videoCodec?: VideoCodec;
  /** Empty for audio-only transforms and for copy. */
  readonly video: readonly VideoRungDefinition[];
  /** null: no audio output. */
  readonly audio: AudioDefinition | null;
  /** Audio muxed into every video file (MultipleBitrate presets) or kept in its own files (AdaptiveStreaming). */
  readonly interleaved: boolean;
  /** Copy the source streams without re-encoding (CopyAllBitrateNonInterleaved). */
  readonly copy: boolean;
  /** Auto ladder (AdaptiveStreaming): the rungs are a base ladder scaled by frame rate and capped by the source bitrate. */
  readonly adaptive?: boolean;
  readonly complexity?: Complexity;
  /** Content-aware: `video` is the base ladder (candidate heights); the rungs are chosen per title. */
  readonly contentAware?: ContentAwareSettings;
  /**
   * AMS Mp4Format filenamePattern for the output files, e.g. `{Basename}_{Label}_{Bitrate}{Extension}`
   * (output-names.ts: the macros); omitted: AMS's default naming.
   */
  readonly filenamePattern?: string;
}

const LEVELS = ['1', '1b', '1.1', '1.2', '1.3', '2', '2.1', '2.2', '3', '3.1', '3.2', '4', '4.1', '4.2', '5', '5.1', '5.2'];

const labelSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'label may hold letters, digits, "_", "." and "-" (it can appear in file names)');

const videoRungSchema = z.strictObject({
  height: z
    .number()
    .int('height must be a whole number of lines')
    .min(64, 'height must be at least 64 lines')
    .max(4320, 'height must be at most 4320 lines')
    .refine((h) => h % 2 === 0, 'height must be even (H.264 4:2:0 needs even sizes)'),
  kbps: z.number().int('kbps must be a whole number').min(50, 'video kbps must be at least 50').max(100_000, 'video kbps must be at most 100000'),
  profile: z.enum(H264_PROFILES, { error: `profile must be one of ${H264_PROFILES.join(', ')}` }).optional(),
  level: z
    .string()
    .refine((l) => LEVELS.includes(l.replace(/\.0$/, '')), `level must be an H.264 level such as 3.0, 3.1, 4.0 (one of ${LEVELS.join(', ')})`)
    .optional(),
  maxKbps: z.number().int().min(50, 'maxKbps must be at least 50').max(200_000, 'maxKbps must be at most 200000').optional(),
  bufferSec: z.number().min(0.1, 'bufferSec must be 0.1 to 10').max(10, 'bufferSec must be 0.1 to 10').optional(),
  label: labelSchema.optional(),
});

const audioSchema = z.strictObject({
  kbps: z.number().int().min(32, 'audio kbps must be at least 32').max(640, 'audio kbps must be at most 640'),
  channels: z.number().int().min(1, 'audio channels must be 1 to 8').max(8, 'audio channels must be 1 to 8'),
  codec: z.enum(AUDIO_CODECS, { error: `audio codec must be one of ${AUDIO_CODECS.join(', ')}` }).optional(),
  surroundKbps: z.number().int().min(192, 'surroundKbps must be at least 192').max(640, 'surroundKbps must be at most 640 (AC-3)').optional(),
  label: labelSchema.optional(),
});

export const transformDefinitionSchema = z
  .strictObject({
    name: z
      .string()
      .min(1, 'name is required')
      .max(64, 'name must be at most 64 characters')
      .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*$/, 'name may hold letters, digits, spaces, "_", "." and "-" and must start with a letter or digit'),
    description: z.string().max(500, 'description must be at most 500 characters'),
    videoCodec: z.enum(VIDEO_CODECS, { error: `videoCodec must be one of ${VIDEO_CODECS.join(', ')}` }).optional(),
    video: z.array(videoRungSchema).max(12, 'at most 12 video rungs'),
    audio: audioSchema.nullable(),
    interleaved: z.boolean(),
    copy: z.boolean(),
    adaptive: z.boolean().optional(),
    complexity: z.enum(COMPLEXITIES, { error: `complexity must be one of ${COMPLEXITIES.join(', ')}` }).optional(),
    contentAware: z
      .strictObject({
        minBitrateKbps: z.number().int().min(50, 'minBitrateKbps must be at least 50').max(100_000).optional(),
        maxBitrateKbps: z.number().int().min(50).max(100_000, 'maxBitrateKbps must be at most 100000').optional(),
        minHeight: z.number().int().min(64, 'minHeight must be at least 64').max(4320).optional(),
        maxHeight: z.number().int().min(64).max(4320, 'maxHeight must be at most 4320').optional(),
        maxLayers: z.number().int().min(1, 'maxLayers must be 1 to 12').max(12, 'maxLayers must be 1 to 12').optional(),
      })
      .optional(),
    filenamePattern: z.string().min(1).max(200).optional(),
  })
  .superRefine((d, ctx) => {
    if (d.copy && (d.video.length > 0 || d.audio !== null || d.interleaved)) {
      ctx.addIssue({ code: 'custom', message: 'a copy transform has no video rungs, no audio settings and is not interleaved', path: ['copy'] });
    }
    if (!d.copy && d.video.length === 0 && d.audio === null) {
      ctx.addIssue({ code: 'custom', message: 'a transform needs at least one video rung or an audio setting', path: ['video'] });
    }
    if (d.interleaved && (d.video.length === 0 || d.audio === null)) {
      ctx.addIssue({ code: 'custom', message: 'an interleaved transform needs both video rungs and audio', path: ['interleaved'] });
    }
    const ca = d.contentAware;
    if (ca && (ca.minBitrateKbps ?? 0) > (ca.maxBitrateKbps ?? Infinity)) {
      ctx.addIssue({ code: 'custom', message: 'minBitrateKbps is above maxBitrateKbps', path: ['contentAware', 'minBitrateKbps'] });
    }
    if (ca && (ca.minHeight ?? 0) > (ca.maxHeight ?? Infinity)) {
      ctx.addIssue({ code: 'custom', message: 'minHeight is above maxHeight', path: ['contentAware', 'minHeight'] });
    }
    if (ca && d.video.length === 0) ctx.addIssue({ code: 'custom', message: 'a content-aware transform needs a base ladder in video', path: ['contentAware'] });
    const codec = d.videoCodec ?? 'h264';
    if (codec !== 'h264') {
      d.video.forEach((r, i) => {
        if (r.profile !== undefined && r.profile !== 'main') ctx.addIssue({ code: 'custom', message: `${codec} rungs use the Main profile`, path: ['video', i, 'profile'] });
        if (r.level !== undefined) ctx.addIssue({ code: 'custom', message: `level applies to H.264 rungs only (the ${codec} encoder picks its level)`, path: ['video', i, 'level'] });
      });
    }
    if (d.audio?.surroundKbps !== undefined && d.audio.codec !== 'dd') {
      ctx.addIssue({ code: 'custom', message: 'surroundKbps applies to Dolby Digital audio (codec "dd") only', path: ['audio', 'surroundKbps'] });
    }
    if (d.audio?.codec === 'dd' && d.audio.channels > 6) {
      ctx.addIssue({ code: 'custom', message: 'Dolby Digital carries at most 6 channels (5.1)', path: ['audio', 'channels'] });
    }
    if (d.filenamePattern !== undefined) {
      const problem = filenamePatternProblem(d.filenamePattern);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['filenamePattern'] });
    }
    d.video.forEach((r, i) => {
      if (r.maxKbps !== undefined && r.maxKbps < r.kbps) ctx.addIssue({ code: 'custom', message: 'maxKbps is below kbps', path: ['video', i, 'maxKbps'] });
    });
    const seen = new Set<string>();
    d.video.forEach((r, i) => {
      const key = `${r.height}/${r.kbps}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `rung ${i + 1} repeats ${r.height} lines at ${r.kbps} kbps`, path: ['video', i] });
      seen.add(key);
    });
  });

/** Thrown when a transform JSON is not valid; the message lists every problem with its path. */
export class TransformDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransformDefinitionError';
  }
}

/** Validates an already parsed value (e.g. from the catalog or IPC). */
export function parseTransformDefinition(value: unknown): TransformDefinition {
  const result = transformDefinitionSchema.safeParse(value);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join('.') : '(transform)';
      return `- ${where}: ${issue.message}`;
    });
    throw new TransformDefinitionError(`The transform is not valid:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Imports a transform from JSON text (a file the user picked). */
export function importTransformJson(text: string): TransformDefinition {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new TransformDefinitionError(`The transform file is not valid JSON: ${(err as Error).message}`);
  }
  return parseTransformDefinition(value);
}

/** Exports a transform as stable, human-editable JSON. */
export function exportTransformJson(definition: TransformDefinition): string {
  return `${JSON.stringify(parseTransformDefinition(definition), null, 2)}\n`;
}
