/**
 * The studio API contract: every operation the UI (or a script) can ask of the studio, with runtime
 * schemas for its input and output. Both transports serve exactly this map — Electron IPC (preload →
 * main) and web mode (HTTP) — and the CLI calls the same handlers. Pure (zod only): the renderer
 * imports it too.
 *
 * Job progress reaches the UI through `jobs.events`, a long poll ({ since } → { seq, events }): it
 * works unchanged over IPC and HTTP, needs no push channel, and a client that fell behind the
 * bounded event buffer is told to reload (`reset`) instead of silently missing events.
 */
import { z } from 'zod';
import { UI_FORMATS, type FormatKey } from '../../../packaging-core/formats/format-table.ts';
import { AUDIO_ROLES } from '../../../packaging-core/types/media.ts';

const empty = z.object({}).strict();
const id = z.string().min(1).max(200);
const isoTime = z.string();
const deleted = z.object({ deleted: z.boolean() });

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** Where the studio runs: the desktop shell or the headless command (web mode). */
  host: z.enum(['electron', 'web']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

// ---- settings -------------------------------------------------------------------------------------

export const toolStatusSchema = z.object({
  /** The executable the studio runs, null when none was found. */
  path: z.string().nullable(),
  version: z.string().nullable(),
  /** Where it was found: FFMPEG_PATH/FFPROBE_PATH (or the setting), ffmpeg-static, PATH. */
  source: z.string().nullable(),
  /** The path chosen in settings; null = automatic. */
  configuredPath: z.string().nullable(),
  /** Why no tool could be used, with what to do. */
  error: z.string().optional(),
});
export type ToolStatus = z.infer<typeof toolStatusSchema>;

export const settingsSchema = z.object({
  /** Where the catalog and media live; shown, changed only by starting the studio on another folder. */
  libraryDir: z.string(),
  jobConcurrency: z.number().int(),
  ffmpeg: toolStatusSchema,
  ffprobe: toolStatusSchema,
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsPatchSchema = z
  .object({
    jobConcurrency: z.number().int().min(1).max(16).optional(),
    /** null = back to automatic discovery. */
    ffmpegPath: z.string().min(1).nullable().optional(),
    ffprobePath: z.string().min(1).nullable().optional(),
  })
  .strict();

// ---- assets ---------------------------------------------------------------------------------------

const videoStreamSchema = z.object({
  index: z.number().int(),
  codec: z.string(),
  profile: z.string().optional(),
  width: z.number(),
  height: z.number(),
  displayWidth: z.number(),
  displayHeight: z.number(),
  rotation: z.number(),
  sar: z.object({ num: z.number(), den: z.number() }),
  frameRate: z.number(),
  variableFrameRate: z.boolean(),
  pixelFormat: z.string(),
  bitDepth: z.number(),
  hdr: z.enum(['pq', 'hlg']).nullable(),
  interlaced: z.boolean(),
  bitrate: z.number().nullable(),
  durationSec: z.number().nullable(),
  frameCount: z.number().nullable(),
  /** The container states no frame durations (e.g. Matroska without DefaultDuration): the rate was measured. */
  frameDurationsUnknown: z.boolean().optional(),
});
const audioStreamSchema = z.object({
  index: z.number().int(),
  codec: z.string(),
  profile: z.string().optional(),
  sampleRate: z.number(),
  channels: z.number(),
  language: z.string(),
  bitrate: z.number().nullable(),
  durationSec: z.number().nullable(),
});
/** The probe's view of a file (electron/studio/media/media-info.ts, field for field). */
export const mediaInfoSchema = z.object({
  file: z.string(),
  sizeBytes: z.number(),
  container: z.string(),
  durationSec: z.number(),
  bitrate: z.number().nullable(),
  video: videoStreamSchema.nullable(),
  otherVideo: z.array(videoStreamSchema).readonly(),
  audio: z.array(audioStreamSchema).readonly(),
  truncated: z
    .object({ presentBytes: z.number(), declaredBytes: z.number(), playableSec: z.number().nullable() })
    .optional(),
  warnings: z.array(z.string()).readonly(),
});

export const assetSchema = z.object({
  id: z.string(),
  name: z.string(),
  folder: z.string(),
  sourceFile: z.string().nullable(),
  mediaInfo: mediaInfoSchema.nullable(),
  ismName: z.string().nullable(),
  state: z.enum(['Pending', 'Processing', 'Finished', 'Error']),
  /** `local`: the library folder; `blob`: the container asset-<id> in blob storage. */
  storage: z.enum(['local', 'blob']),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type AssetData = z.infer<typeof assetSchema>;

/** What an asset folder holds (assets.files): files, the encoded tracks of its .ism, the poster. */
export const assetFilesSchema = z.object({
  files: z.array(z.object({ name: z.string(), bytes: z.number() })).readonly(),
  tracks: z
    .array(
      z.object({
        kind: z.enum(['video', 'audio']),
        src: z.string(),
        bitrate: z.number().nullable(),
        language: z.string().nullable(),
        width: z.number().nullable(),
        height: z.number().nullable(),
      }),
    )
    .readonly(),
  /** The poster JPEG as a data URL (works before publishing and over both transports); null if none. */
  poster: z.string().nullable(),
});
export type AssetFilesData = z.infer<typeof assetFilesSchema>;

/** An audio track's purpose (DASH Role; `description` is audio description, HLS describes-video). */
export const audioRoleSchema = z.enum(AUDIO_ROLES);
export type AudioRoleData = z.infer<typeof audioRoleSchema>;

/** A text or audio track of an asset (assets.tracks.list). */
export const assetTrackSchema = z.object({
  kind: z.enum(['text', 'audio']),
  /** The label players show and the track's identity (`remove` takes it; the URL key of its playlists). */
  name: z.string(),
  /** Its file in the asset folder (a source asset's audio: the source file). */
  file: z.string(),
  language: z.string(),
  bitrate: z.number().nullable(),
  isDefault: z.boolean(),
  forced: z.boolean(),
  /** false: served, but players do not list it (AMS playerVisibility=Hidden). */
  visible: z.boolean(),
  /** Audio only; null for text. */
  role: audioRoleSchema.nullable(),
  /** false for a source file's own streams and an asset's last media track. */
  removable: z.boolean(),
});
export type AssetTrackData = z.infer<typeof assetTrackSchema>;

const languageCode = z.string().min(2).max(35);

export const addTextTrackSchema = z
  .object({
    id,
    /** A WebVTT, SRT or TTML/IMSC1 file on the studio's machine (web mode: the upload's path). */
    path: z.string().min(1),
    /** ISO 639 / BCP 47: eng, en, fr-CA. */
    language: languageCode,
    /** Label and identity; default: the language's name (English, English_forced); no spaces: it is the URL key too. */
    name: z.string().min(1).max(64).optional(),
    default: z.boolean().optional(),
    forced: z.boolean().optional(),
    /** false = hidden: served, not listed by players. */
    visible: z.boolean().optional(),
    /** Replace the text track of the same name instead of refusing. */
    replace: z.boolean().optional(),
  })
  .strict();

export const addAudioTrackSchema = z
  .object({
    id,
    /** An audio file (or a video file: its first audio stream) on the studio's machine (web mode: the upload's path). */
    path: z.string().min(1),
    language: languageCode,
    /** Label, identity and URL key (no spaces); default AMS-style aac_<lang>_<channels>_<bitrate>[_<role>]. */
    name: z.string().min(1).max(64).optional(),
    /** main (default), alternate, description (audio description), commentary, dub. */
    role: audioRoleSchema.optional(),
    replace: z.boolean().optional(),
  })
  .strict();

/** The added audio track, and whether it was copied (AAC at the asset's rate and length) or re-encoded, and why. */
export const addedAudioTrackSchema = assetTrackSchema.extend({ reencoded: z.boolean(), reason: z.string() });

/** One cue of the thumbnail sprite's WebVTT: the tile (pixels in the sprite) shown from start to end (s). */
export const thumbnailCueSchema = z.object({
  start: z.number(),
  end: z.number(),
  x: z.number(),
  y: z.number(),
  w: z.number(),
  h: z.number(),
});
export type ThumbnailCueData = z.infer<typeof thumbnailCueSchema>;

/** The scrubbing sprite of an asset (assets.thumbnails); sprite null and no cues when it has none. */
export const assetThumbnailsSchema = z.object({
  /** The sprite JPEG as a data URL (works before publishing and over both transports). */
  sprite: z.string().nullable(),
  /** Width and height of the whole sprite image in pixels (tiles × columns/rows). */
  spriteWidth: z.number(),
  spriteHeight: z.number(),
  cues: z.array(thumbnailCueSchema).readonly(),
});
export type AssetThumbnailsData = z.infer<typeof assetThumbnailsSchema>;

/**
 * One video rung of an encoded asset (assets.show with quality): the bitrate as encoded, and PSNR/SSIM
 * (VMAF where ffmpeg has libvmaf) against the source scaled to the rung. Key order is the CLI's columns.
 */
export const rungQualitySchema = z.object({
  resolution: z.string(),
  measuredKbps: z.number().nullable(),
  targetKbps: z.number(),
  /** dB; null when not measured, or when the rung is identical to the source (ssim 1, ffmpeg's "inf"). */
  psnr: z.number().nullable(),
  ssim: z.number().nullable(),
  /** null when not measured or when this ffmpeg has no libvmaf (`qualityNote` says so). */
  vmaf: z.number().nullable(),
  file: z.string(),
  width: z.number(),
  height: z.number(),
});
export type RungQualityData = z.infer<typeof rungQualitySchema>;

/** An asset in brief (assets.show): what a person checks; with `quality`, its rungs' bitrates and quality. */
export const assetSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  state: assetSchema.shape.state,
  storage: assetSchema.shape.storage,
  ismName: z.string().nullable(),
  createdAt: isoTime,
  /** With `quality`: what was measured and what was not (VMAF without libvmaf, quality off for the job). */
  qualityNote: z.string().optional(),
  /** With `quality`: the video rungs, top first; empty when the asset is not a studio encode. */
  rungs: z.array(rungQualitySchema).optional(),
});
export type AssetSummaryData = z.infer<typeof assetSummarySchema>;

// ---- encoders -------------------------------------------------------------------------------------

/** A video encoder the encode can use; hardware ones are offered only after a trial encode passed. */
export const encoderSchema = z.object({
  /** ffmpeg's name: libx264, h264_nvenc, …, libx265, hevc_nvenc, …, libsvtav1. */
  name: z.string(),
  /** The codec it writes: a transform's videoCodec picks among these (software is each codec's default). */
  codec: z.enum(['h264', 'h265', 'av1']),
  label: z.string(),
  hardware: z.boolean(),
  available: z.boolean(),
  /** Why it cannot be used here (ffmpeg's own error line), null when available. */
  reason: z.string().nullable(),
  /** The one jobs.encode uses for its codec when no encoder is given (software). */
  default: z.boolean(),
});
export const encoderListSchema = z.object({
  /** True while the trial encodes still run (a few seconds after start): ask again, or pass wait. */
  detecting: z.boolean(),
  /** Why detection failed (e.g. no ffmpeg found), null otherwise. */
  error: z.string().nullable(),
  encoders: z.array(encoderSchema),
});
export type EncoderListData = z.infer<typeof encoderListSchema>;

export const importAssetSchema = z
  .object({
    /** Absolute path of the file on the studio's machine. */
    path: z.string().min(1),
    /** Display name; default: the file name without extension. */
    name: z.string().min(1).max(260).optional(),
  })
  .strict();

/**
 * An ABR set imported as one asset without re-encoding (electron/studio/abr-set): several MP4/M4A/ISMV
 * files, a folder of them, a `.ism` with its files, an AMS asset container or a folder of containers.
 */
export const importSetSchema = z
  .object({
    /** Absolute paths on the studio's machine: files, one folder, or one .ism. */
    paths: z.array(z.string().min(1)).min(1).max(500),
    /** Asset name when the paths make one set; default: the container, folder or files' base name. */
    name: z.string().min(1).max(260).optional(),
    /** Find and check the ladder only (the drop dialog's preview); nothing is imported. */
    dryRun: z.boolean().optional(),
  })
  .strict();

export const setLadderSchema = z.object({
  name: z.string(),
  source: z.enum(['files', 'ism']),
  ismName: z.string(),
  durationSec: z.number(),
  video: z
    .array(
      z.object({
        file: z.string(),
        trackId: z.number(),
        codec: z.string(),
        codecString: z.string().nullable(),
        width: z.number().nullable(),
        height: z.number().nullable(),
        bitrate: z.number(),
        frameRate: z.number(),
      }),
    )
    .readonly(),
  audio: z
    .array(
      z.object({
        file: z.string(),
        trackId: z.number(),
        codec: z.string(),
        codecString: z.string().nullable(),
        language: z.string(),
        channels: z.number().nullable(),
        bitrate: z.number(),
        trackName: z.string(),
        /** Other files muxing the very same stream: served once. */
        alsoIn: z.array(z.string()).readonly(),
      }),
    )
    .readonly(),
  files: z.array(z.string()).readonly(),
  /** The streaming formats that serve it (by its codecs): m3u8-aapl, m3u8-cmaf, mpd-time-csf, … */
  formats: z.array(z.string()).readonly(),
});
export type SetLadderData = z.infer<typeof setLadderSchema>;

export const importSetOutputSchema = z.object({
  sets: z.array(z.object({ ladder: setLadderSchema, asset: assetSchema.nullable() })),
});

// ---- transforms -----------------------------------------------------------------------------------

/**
 * A transform definition as it crosses the API (electron/studio/encoding/transform-definition.ts);
 * the encoder's own schema, with the rules between fields, checks it again in the handler.
 */
export const transformDefinitionSchema = z.object({
  name: z.string().min(1).max(64),
  description: z.string().max(500),
  /** Default h264. */
  videoCodec: z.enum(['h264', 'h265', 'av1']).optional(),
  video: z
    .array(
      z.object({
        height: z.number().int(),
        kbps: z.number().int(),
        profile: z.enum(['baseline', 'main', 'high']).optional(),
        level: z.string().optional(),
        /** Peak bitrate; default 110 % of kbps. */
        maxKbps: z.number().int().optional(),
        /** VBV buffer in seconds of kbps; default 2. */
        bufferSec: z.number().optional(),
        /** AMS layer label (the {Label} of a filename pattern). */
        label: z.string().optional(),
      }),
    )
    .readonly(),
  audio: z
    .object({
      kbps: z.number().int(),
      channels: z.number().int(),
      /** aac (default) or dd: Dolby Digital (AC-3). */
      codec: z.enum(['aac', 'dd']).optional(),
      /** Dolby Digital: a 5.1 source stays 5.1 at this bitrate. */
      surroundKbps: z.number().int().optional(),
      label: z.string().optional(),
    })
    .nullable(),
  interleaved: z.boolean(),
  copy: z.boolean(),
  adaptive: z.boolean().optional(),
  complexity: z.enum(['Speed', 'Balanced', 'Quality']).optional(),
  /** Content-aware (AMS PresetConfigurations): `video` is the base ladder, the rungs are chosen per title. */
  contentAware: z
    .object({
      minBitrateKbps: z.number().int().optional(),
      maxBitrateKbps: z.number().int().optional(),
      minHeight: z.number().int().optional(),
      maxHeight: z.number().int().optional(),
      maxLayers: z.number().int().optional(),
    })
    .optional(),
  /** AMS Mp4Format filenamePattern ({Basename}, {Label}, {Bitrate}, {Codec}, {Resolution}, {Extension}); default: AMS's naming. */
  filenamePattern: z.string().optional(),
});

export const transformSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  /** The ladder is `definition.video` (rungs: height, kbps); `adaptive` ladders are capped by the source. */
  definition: transformDefinitionSchema,
  builtin: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type TransformData = z.infer<typeof transformSchema>;

/** What an encode of a source with a transform will make (the encoder's own plan), before it runs. */
export const transformPlanSchema = z.object({
  mode: z.enum(['encode', 'copy']),
  durationSec: z.number(),
  /** The video rungs the job will write: capped by the source, dropped ones named in warnings. */
  rungs: z.array(z.object({ width: z.number(), height: z.number(), kbps: z.number(), maxrateKbps: z.number(), profile: z.string(), level: z.string() })),
  audio: z.array(z.object({ language: z.string(), kbps: z.number(), channels: z.number(), muxed: z.boolean() })),
  /** Sum of the planned bitrates × duration. */
  estimatedBytes: z.number(),
  warnings: z.array(z.string()),
});
export type TransformPlanData = z.infer<typeof transformPlanSchema>;

// ---- jobs -----------------------------------------------------------------------------------------

export const jobStateSchema = z.enum(['Queued', 'Processing', 'Finished', 'Error', 'Canceled']);
export const jobProgressSchema = z.object({
  /** 0–100. */
  percent: z.number(),
  /** What the runner is doing, e.g. `encoding`, `writing manifests`. */
  stage: z.string().optional(),
  /** Encode speed as a multiple of real time. */
  speed: z.number().optional(),
  /** Frames encoded per second (ffmpeg's own figure). */
  fps: z.number().optional(),
  /** Seconds left, from the job's average rate so far (smoothed); absent while too early to say. */
  etaSec: z.number().optional(),
});
export const jobSchema = z.object({
  id: z.string(),
  transformName: z.string(),
  inputAssetId: z.string().nullable(),
  inputFile: z.string().nullable(),
  outputAssetId: z.string().nullable(),
  state: jobStateSchema,
  progress: jobProgressSchema.nullable(),
  error: z
    .object({ kind: z.string(), code: z.string().optional(), message: z.string(), retryable: z.boolean() })
    .nullable(),
  logTail: z.string(),
  retryOf: z.string().nullable(),
  /** The video encoder the job uses; null = the transform codec's software encoder. */
  videoEncoder: z.string().nullable().optional(),
  /** PSNR/SSIM per rung after the encode; null = the default (on for content-aware transforms). */
  measureQuality: z.boolean().nullable().optional(),
  /** The input's text track burnt into the picture; null = none. */
  burnSubtitles: z.string().nullable().optional(),
  createdAt: isoTime,
  startedAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
});
export type JobData = z.infer<typeof jobSchema>;

export const encodeInputSchema = z
  .object({
    /** Encode an imported asset… */
    assetId: id.optional(),
    /** …or a file directly (it is probed when the job runs). */
    file: z.string().min(1).optional(),
    transformName: z.string().min(1),
    /** Name of the output asset; default: "<input name> (<transform>)". */
    outputName: z.string().min(1).max(260).optional(),
    /** Write into this existing, empty asset instead of a new one (AMS: JobOutputAsset). */
    outputAssetId: id.optional(),
    /** Video encoder (encoders.list) of the transform's codec; default its software encoder. One not available here is refused. */
    encoder: z.string().min(1).max(64).optional(),
    /** Measure each rung's PSNR and SSIM (VMAF where ffmpeg has libvmaf) against the source; default: on for content-aware transforms. */
    measureQuality: z.boolean().optional(),
    /**
     * Burn a text track of the input into the picture (ffmpeg's subtitles filter): its name as
     * assets.tracks.list gives it (a file's embedded stream: its title or language name, e.g. Subs_Label).
     */
    burnSubtitles: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((v) => (v.assetId === undefined) !== (v.file === undefined), {
    message: 'give either assetId or file, not both',
  })
  .refine((v) => v.outputName === undefined || v.outputAssetId === undefined, {
    message: 'give outputName (a new asset) or outputAssetId (an existing one), not both',
  });

export const jobEventSchema = z.discriminatedUnion('type', [
  z.object({ seq: z.number().int(), type: z.literal('state'), job: jobSchema }),
  z.object({ seq: z.number().int(), type: z.literal('progress'), jobId: z.string(), progress: jobProgressSchema }),
  z.object({ seq: z.number().int(), type: z.literal('storage-error'), jobId: z.string(), message: z.string() }),
  /** Something else changed through the API (e.g. `filters.save`): views showing that group reload. */
  z.object({ seq: z.number().int(), type: z.literal('changed'), operation: z.string() }),
  /** Lines `line`, `line + 1`, … of the job's log (the numbering of jobs.log's `nextLine`). */
  z.object({ seq: z.number().int(), type: z.literal('log'), jobId: z.string(), line: z.number().int(), lines: z.array(z.string()) }),
]);
export type JobEventData = z.infer<typeof jobEventSchema>;

/** A job's whole stored log (ffmpeg's output, its command line, the studio's steps), bounded. */
export const jobLogSchema = z.object({
  text: z.string(),
  /** Live `log` events from this line on are new; earlier ones are already in `text`. */
  nextLine: z.number().int(),
  /** Older lines were dropped (the log outgrew its bound). */
  truncated: z.boolean(),
  /** Where the log file is on the studio's machine; null when the job never ran. */
  file: z.string().nullable(),
});
export type JobLogData = z.infer<typeof jobLogSchema>;

export const jobEventsInputSchema = z
  .object({
    /** The `seq` of the last reply (0 at first). */
    since: z.number().int().min(0),
    /** How long to wait for an event when there is none yet; 0 = answer at once. */
    timeoutMs: z.number().int().min(0).max(30_000).optional(),
  })
  .strict();

export const jobEventsOutputSchema = z.object({
  /** Pass it as `since` on the next call. */
  seq: z.number().int(),
  /** True when events after `since` were dropped (or the studio restarted): reload jobs.list. */
  reset: z.boolean(),
  events: z.array(jobEventSchema),
});

// ---- publishing -----------------------------------------------------------------------------------

export const protocolSchema = z.enum(['hls', 'dash', 'smooth', 'download']);
/** AMS's encryption scheme names, spelled once (the catalog and the UI take them from here). */
export const encryptionSchemeSchema = z.enum([
  'NoEncryption',
  'EnvelopeEncryption',
  'CommonEncryptionCenc',
  'CommonEncryptionCbcs',
  // Predefined_MultiDrmStreaming: cenc for DASH/Smooth, cbcs for HLS. ListPaths names one per protocol.
  'CommonEncryptionCencAndCbcs',
]);
export type EncryptionScheme = z.infer<typeof encryptionSchemeSchema>;
export const policySchema = z.object({
  name: z.string(),
  protocols: z.array(protocolSchema).readonly(),
  encryptionScheme: encryptionSchemeSchema,
  builtin: z.boolean(),
  createdAt: isoTime,
});

export const locatorSchema = z.object({
  id: z.string(),
  name: z.string(),
  assetId: z.string(),
  policyName: z.string(),
  start: isoTime.nullable(),
  end: isoTime.nullable(),
  createdAt: isoTime,
  /** Filters applied to every URL of the locator (names of asset or account filters). */
  filters: z.array(z.string()).readonly().optional(),
  /** Whether its URLs answer now. */
  status: z.enum(['active', 'not-yet-valid', 'expired']),
  /** The content key id (UUID) of a protected locator; null when clear. The key itself never leaves the studio. */
  keyId: z.string().nullable().optional(),
  /** The content key policy that guards the key of a protected locator (open or token); null when clear. */
  contentKeyPolicy: z.string().nullable().optional(),
});
export type LocatorData = z.infer<typeof locatorSchema>;

export const createLocatorSchema = z
  .object({
    assetId: id,
    policyName: z.string().min(1),
    /** A GUID; keeps the URLs of an AMS locator. Generated when absent. */
    id: z.string().optional(),
    name: z.string().max(260).optional(),
    /** ISO 8601 instants. */
    start: z.string().optional(),
    end: z.string().optional(),
    /** Filters (names, up to 3) applied to every URL of the locator; they must exist for the asset. */
    filters: z.array(z.string().min(1)).max(3).optional(),
    /**
     * Protected policies only: the content key policy (open or token), and a given key id (UUID) + key
     * (32 hex digits or base64 of 16 bytes) to keep an existing key; both generated when absent.
     */
    contentKey: z
      .object({ policyName: z.string().min(1).optional(), keyId: z.string().optional(), key: z.string().optional() })
      .strict()
      .optional(),
  })
  .strict();

// ---- content protection -----------------------------------------------------------------------------

const keyAlgorithmSchema = z.enum(['HS256', 'RS256']);

/** Who may get a content key: anyone (open) or a bearer of a JWT with these properties. */
export const keyRestrictionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('open') }).strict(),
  z
    .object({
      kind: z.literal('token'),
      issuer: z.string().min(1),
      audience: z.string().min(1),
      algorithm: keyAlgorithmSchema,
      /** HS256: the shared secret, base64 (≥ 32 bytes); RS256: the PEM public key or certificate. */
      verificationKey: z.string().min(1),
      requiredClaims: z.array(z.object({ type: z.string().min(1), value: z.string().optional() }).strict()).optional(),
    })
    .strict(),
]);

const openRestrictionSchema = z.object({ kind: z.literal('open') });
const storedTokenRestrictionSchema = z.object({
  kind: z.literal('token'),
  issuer: z.string(),
  audience: z.string(),
  algorithm: keyAlgorithmSchema,
  verificationKey: z.string(),
  requiredClaims: z.array(z.object({ type: z.string(), value: z.string().optional() })).optional(),
});
/** A key restriction as the studio stored it (checked on the way in): what a locator document carries. */
export const storedKeyRestrictionSchema = z.union([openRestrictionSchema, storedTokenRestrictionSchema]);

/** A content key policy as listed: the verification key is not sent back (an HS256 one is a secret). */
export const contentKeyPolicySchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  // Not strict: parsing the stored restriction drops its verification key.
  restriction: z.union([openRestrictionSchema, storedTokenRestrictionSchema.omit({ verificationKey: true })]),
  builtin: z.boolean(),
  createdAt: isoTime,
});
export type ContentKeyPolicyData = z.infer<typeof contentKeyPolicySchema>;

/** The named formats (packaging-core's format table): key, AMS format, names, protocol; UI order. */
export { UI_FORMATS, type UiFormat } from '../../../packaging-core/formats/format-table.ts';
export const FORMAT_KEYS: readonly FormatKey[] = UI_FORMATS.map((f) => f.key);
export const formatKeySchema = z.enum(Object.fromEntries(FORMAT_KEYS.map((k) => [k, k])) as { readonly [K in FormatKey]: K });
export type { FormatKey };

export const locatorPathsSchema = z.object({
  /** AMS ListPaths, host-less. */
  streamingPaths: z.array(
    z.object({
      protocol: z.enum(['Hls', 'Dash', 'SmoothStreaming']),
      encryptionScheme: encryptionSchemeSchema.exclude(['CommonEncryptionCencAndCbcs']),
      paths: z.array(z.string()).readonly(),
    }),
  ).readonly(),
  downloadPaths: z.array(z.string()).readonly(),
  /** The endpoint's base URL the absolute URLs use. */
  baseUrl: z.string(),
  /** The named formats the policy enables, absolute. */
  urls: z.partialRecord(formatKeySchema, z.string()),
  downloads: z.array(z.string()).readonly(),
});
export type LocatorPathsData = z.infer<typeof locatorPathsSchema>;

// ---- dynamic manifest filters ---------------------------------------------------------------------

/**
 * A dynamic manifest filter (streaming-formats.md §6), AMS's schema field for field. The studio checks
 * it again on save (names of fields at fault in the error message: `invalid-argument`).
 *  - presentationTimeRange: absolute media times in `timescale` units per second (default 10 000 000,
 *    i.e. 100 ns). Either end may be left out. The origin widens the range to whole fragments (2 s GOPs):
 *    4 s–8 s keeps the fragments [4, 6) and [6, 8); 5 s–7 s keeps the same two.
 *  - tracks: a list of selections OR-ed; each `trackSelections` list is AND-ed. A track is kept when it
 *    meets every condition of at least one entry; absent or empty = all tracks. Properties and values:
 *    Type (video | audio | text), Name (track name, e.g. video, aac_eng_2_128000), Language (en, eng,
 *    fr-CA: compared on the language), FourCC (avc1, mp4a), Bitrate (b/s: 500000, or a range 0-600000).
 *    Operation Equal or NotEqual. Keep audio explicitly: [{Type=video, Bitrate=0-600000}, {Type=audio}].
 *  - firstQuality.bitrate: the video rung listed first in HLS masters (nearest rung when not exact).
 */
export const filterConditionSchema = z.object({
  property: z.enum(['Type', 'Name', 'Language', 'FourCC', 'Bitrate']),
  operation: z.enum(['Equal', 'NotEqual']),
  value: z.string().min(1),
});
export const filterDefinitionSchema = z.object({
  presentationTimeRange: z
    .object({
      startTimestamp: z.number().int().min(0).optional(),
      endTimestamp: z.number().int().min(1).optional(),
      timescale: z.number().int().min(1).optional(),
    })
    .optional(),
  tracks: z.array(z.object({ trackSelections: z.array(filterConditionSchema).min(1) })).optional(),
  firstQuality: z.object({ bitrate: z.number().int().min(1) }).optional(),
});
export type FilterDefinitionData = z.infer<typeof filterDefinitionSchema>;

/** Letters, digits, - _ . (1–128): the name appears in URLs as `filter=name`. */
const filterName = z.string().min(1).max(128);

export const filterSchema = z.object({
  name: filterName,
  /** null = an account filter (every asset may use it); else the asset it belongs to. */
  assetId: z.string().nullable(),
  definition: filterDefinitionSchema,
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type FilterData = z.infer<typeof filterSchema>;

/** A filter scope: omit assetId (or null) for the account filter of that name. */
const filterKey = z.object({ name: filterName, assetId: id.nullable().optional() }).strict();

const previewTrackSchema = z.object({
  kind: z.enum(['video', 'audio']),
  name: z.string(),
  bitrate: z.number(),
  /** RFC 6381, e.g. avc1.64001e, mp4a.40.2. */
  codec: z.string(),
  language: z.string(),
  width: z.number().nullable(),
  height: z.number().nullable(),
});

/** What the filters leave of an asset, computed by the origin's own filter stage on its real tracks. */
export const filterPreviewSchema = z.object({
  /** Kept video rungs in manifest order (a firstQuality rung first). */
  video: z.array(previewTrackSchema).readonly(),
  audio: z.array(previewTrackSchema).readonly(),
  /** Tracks the filters remove. */
  removed: z.array(previewTrackSchema).readonly(),
  /** The kept time range on the asset's timeline, snapped to whole fragments. */
  startSec: z.number(),
  endSec: z.number(),
  durationSec: z.number(),
  /** Fragments kept (segments in CMAF/DASH/Smooth). */
  fragments: z.number().int(),
  /** Non-null when the origin would refuse these filters (HTTP 400), with its reason; nothing is kept then. */
  refusal: z.string().nullable(),
});
export type FilterPreviewData = z.infer<typeof filterPreviewSchema>;

// ---- streaming endpoint ---------------------------------------------------------------------------

export const ipAllowRuleSchema = z
  .object({
    name: z.string().min(1).max(100),
    address: z.string().min(1),
    subnetPrefixLength: z.number().int().min(0).max(128).optional(),
  })
  .strict();

export const endpointSettingsSchema = z.object({
  /** The interface the origin binds; 127.0.0.1 keeps it on this machine. */
  host: z.string().min(1),
  /** 0 = any free port. */
  port: z.number().int().min(0).max(65535),
  corsOrigins: z.array(z.string()).readonly(),
  maxAgeSec: z.number().int().min(0).nullable(),
  ipAllow: z.array(ipAllowRuleSchema).readonly(),
  /** Published URLs use it: a bare host name gets the endpoint's port; a full http(s) URL is used as is. */
  hostName: z.string().min(1).nullable(),
});
export type EndpointSettingsData = z.infer<typeof endpointSettingsSchema>;

export const endpointStatusSchema = z.object({
  state: z.enum(['Stopped', 'Running']),
  /** Base URL of streaming URLs while running. */
  url: z.string().nullable(),
  /** The address actually bound. */
  listening: z.object({ host: z.string(), port: z.number().int() }).nullable(),
  /** Something the user should know, e.g. the configured port was busy and another one is used. */
  notice: z.string().nullable(),
});
export type EndpointStatusData = z.infer<typeof endpointStatusSchema>;

export const requestLogEntrySchema = z.object({
  seq: z.number().int(),
  time: isoTime,
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  bytes: z.number().int(),
  ms: z.number(),
  client: z.string(),
});

// ---- the AMS v3 API -----------------------------------------------------------------------------

export const amsApiStatusSchema = z.object({
  /** The setting: on at every launch of the app. */
  enabled: z.boolean(),
  state: z.enum(['Stopped', 'Running']),
  /** The interface it binds (127.0.0.1 unless chosen) and its port. */
  host: z.string(),
  port: z.number().int(),
  /** https://host:port — the SDK's endpoint — while running. */
  url: z.string().nullable(),
  /** The certificate a client trusts (NODE_EXTRA_CA_CERTS), while running. */
  certFile: z.string().nullable(),
  /** Why it could not start (port in use …), null otherwise. */
  error: z.string().nullable(),
});
export type AmsApiStatusData = z.infer<typeof amsApiStatusSchema>;

// ---- the map --------------------------------------------------------------------------------------

export const contract = {
  'app.info': { input: empty, output: appInfoSchema },

  'settings.get': { input: empty, output: settingsSchema },
  'settings.set': { input: settingsPatchSchema, output: settingsSchema },

  'assets.list': { input: empty, output: z.array(assetSchema) },
  'assets.get': { input: z.object({ id }).strict(), output: assetSchema },
  'assets.import': { input: importAssetSchema, output: assetSchema },
  'assets.importSet': { input: importSetSchema, output: importSetOutputSchema },
  /**
   * An empty asset (AMS: assets.createOrUpdate) that uploads or a job's output fill: in the library
   * folder (default) or as the container asset-<id> in blob storage (the AMS API's assets).
   */
  'assets.create': {
    input: z.object({ name: z.string().min(1).max(260), id: z.uuid().optional(), storage: z.enum(['local', 'blob']).optional() }).strict(),
    output: assetSchema,
  },
  'assets.delete': { input: z.object({ id }).strict(), output: deleted },
  'assets.files': { input: z.object({ id }).strict(), output: assetFilesSchema },
  'assets.thumbnails': { input: z.object({ id }).strict(), output: assetThumbnailsSchema },
  /** An asset in brief; `quality`: each rung's measured bitrate and PSNR/SSIM/VMAF, stored when its encode finished. */
  'assets.show': { input: z.object({ id, quality: z.boolean().optional() }).strict(), output: assetSummarySchema },
  /** Text and audio tracks: list; add a subtitle file (stored as UTF-8 WebVTT, cue times checked); remove by name. */
  'assets.tracks.list': { input: z.object({ id }).strict(), output: z.array(assetTrackSchema) },
  'assets.tracks.addText': { input: addTextTrackSchema, output: assetTrackSchema },
  'assets.tracks.addAudio': { input: addAudioTrackSchema, output: addedAudioTrackSchema },
  'assets.tracks.remove': { input: z.object({ id, name: z.string().min(1).max(64) }).strict(), output: assetTrackSchema },

  /** The video encoders (H.264, H.265, AV1) and whether each works here; `wait` waits for detection to finish. */
  'encoders.list': { input: z.object({ wait: z.boolean().optional() }).strict(), output: encoderListSchema },

  'transforms.list': { input: empty, output: z.array(transformSchema) },
  'transforms.save': { input: z.object({ definition: transformDefinitionSchema }).strict(), output: transformSchema },
  'transforms.delete': { input: z.object({ name: z.string().min(1) }).strict(), output: deleted },
  /**
   * A transform as a file: `studio` (default) the studio's JSON; `ams` AMS's StandardEncoderPreset (a
   * built-in preset as BuiltInStandardEncoderPreset). `path`: also written there, on the studio's machine.
   */
  'transforms.export': {
    input: z.object({ name: z.string().min(1), format: z.enum(['studio', 'ams']).optional(), path: z.string().min(1).optional() }).strict(),
    output: z.object({ fileName: z.string(), json: z.string() }),
  },
  /** The plan an encode of `assetId` with a saved transform (or an unsaved definition) would use. */
  'transforms.plan': {
    input: z
      .object({ assetId: id, transformName: z.string().min(1).optional(), definition: transformDefinitionSchema.optional(), encoder: z.string().min(1).max(64).optional() })
      .strict()
      .refine((v) => (v.transformName === undefined) !== (v.definition === undefined), { message: 'give either transformName or definition' }),
    output: transformPlanSchema,
  },
  /**
   * Adds a transform from a file's text (`json`) or a file on the studio's machine (`path`): the studio's
   * JSON, an AMS StandardEncoderPreset / BuiltInStandardEncoderPreset, or a whole AMS transform. An AMS
   * preset has no name: `name`, else the file's. Unsupported fields are refused by their JSON path.
   */
  'transforms.import': {
    input: z
      .object({ json: z.string().max(1_000_000).optional(), path: z.string().min(1).optional(), name: z.string().min(1).max(64).optional(), fileName: z.string().max(260).optional() })
      .strict()
      .refine((v) => (v.json === undefined) !== (v.path === undefined), { message: 'give either json (the file text) or path (a file on the studio machine)' }),
    output: transformSchema,
  },

  'jobs.list': { input: z.object({ state: jobStateSchema.optional() }).strict(), output: z.array(jobSchema) },
  'jobs.get': { input: z.object({ id }).strict(), output: jobSchema },
  'jobs.encode': { input: encodeInputSchema, output: jobSchema },
  'jobs.cancel': { input: z.object({ id }).strict(), output: jobSchema },
  'jobs.retry': { input: z.object({ id }).strict(), output: jobSchema },
  'jobs.events': { input: jobEventsInputSchema, output: jobEventsOutputSchema },
  'jobs.log': { input: z.object({ id }).strict(), output: jobLogSchema },

  'policies.list': { input: empty, output: z.array(policySchema) },
  'policies.create': {
    input: z.object({ name: z.string().min(1), protocols: z.array(protocolSchema).min(1) }).strict(),
    output: policySchema,
  },

  'locators.list': { input: z.object({ assetId: id.optional() }).strict(), output: z.array(locatorSchema) },
  'locators.create': { input: createLocatorSchema, output: locatorSchema },
  'locators.delete': { input: z.object({ id }).strict(), output: deleted },
  /** ListPaths and the named formats' URLs; `filters` (names, up to 3) go into every streaming URL. */
  'locators.paths': { input: z.object({ id, filters: z.array(filterName).max(3).optional() }).strict(), output: locatorPathsSchema },

  'contentKeyPolicies.list': { input: empty, output: z.array(contentKeyPolicySchema) },
  'contentKeyPolicies.create': {
    input: z.object({ name: z.string().min(1).max(260), description: z.string().optional(), restriction: keyRestrictionSchema }).strict(),
    output: contentKeyPolicySchema,
  },
  'contentKeyPolicies.delete': { input: z.object({ name: z.string().min(1) }).strict(), output: deleted },
  /**
   * A short-lived JWT for trying a locator under an HS256 token policy in the studio's own player: the
   * studio holds that shared secret anyway. RS256 policies are refused (the studio has only the public
   * key); production tokens come from the user's own token service.
   */
  'contentKeyPolicies.testToken': {
    input: z.object({ name: z.string().min(1), locatorId: id, expiresInSec: z.number().int().min(10).max(86_400) }).strict(),
    output: z.object({ token: z.string(), expiresAt: isoTime }),
  },

  /**
   * Filters. list: every filter, or with assetId the ones that asset can use (account filters and its
   * own; on a name clash its own wins in URLs). get: the filter of that scope; with `resolve`, what
   * `filter=name` means for the asset. save: create or replace (the origin applies it on the next
   * request). delete: refused (`conflict`) while a locator applies the filter.
   * preview: what `filters` (names of saved filters, or { name, definition } for one being edited, in
   * URL order, up to 3, composed as an intersection) leave of a finished asset — for a live ladder
   * preview and the URL builder's filter picker. Build URLs with `filter=a;b` inside manifest(...).
   */
  'filters.list': { input: z.object({ assetId: id.optional() }).strict(), output: z.array(filterSchema) },
  'filters.get': { input: filterKey.extend({ resolve: z.boolean().optional() }).strict(), output: filterSchema },
  'filters.save': {
    input: z.object({ name: filterName, assetId: id.nullable().optional(), definition: filterDefinitionSchema }).strict(),
    output: filterSchema,
  },
  'filters.delete': { input: filterKey, output: deleted },
  'filters.preview': {
    input: z
      .object({
        assetId: id,
        filters: z.array(z.union([filterName, z.object({ name: filterName, definition: filterDefinitionSchema }).strict()])).max(3),
      })
      .strict(),
    output: filterPreviewSchema,
  },

  /** The AMS v3 management API (HTTPS): its setting, turned on/off here, and bearer tokens for it. */
  'amsApi.status': { input: empty, output: amsApiStatusSchema },
  'amsApi.set': {
    input: z
      .object({ enabled: z.boolean().optional(), host: z.string().min(1).max(255).optional(), port: z.number().int().min(0).max(65535).optional() })
      .strict(),
    output: amsApiStatusSchema,
  },
  'amsApi.token': {
    input: z.object({ expiresInSec: z.number().int().min(60).max(30 * 86_400).optional() }).strict(),
    output: z.object({ token: z.string(), expiresOn: isoTime }),
  },

  'endpoint.status': { input: empty, output: endpointStatusSchema },
  'endpoint.start': { input: empty, output: endpointStatusSchema },
  'endpoint.stop': { input: empty, output: endpointStatusSchema },
  'endpoint.settings.get': { input: empty, output: endpointSettingsSchema },
  'endpoint.settings.set': { input: endpointSettingsSchema.partial().strict(), output: endpointSettingsSchema },
  'endpoint.log': {
    input: z.object({ since: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(),
    output: z.object({ seq: z.number().int(), entries: z.array(requestLogEntrySchema) }),
  },
} as const;

export type Contract = typeof contract;
export type Operation = keyof Contract;
export type OperationInput<O extends Operation> = z.input<Contract[O]['input']>;
export type OperationOutput<O extends Operation> = z.output<Contract[O]['output']>;

/** The operation names, for channel validation in the preload and the HTTP router. */
export const operations = Object.keys(contract) as Operation[];

export function isOperation(name: unknown): name is Operation {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** Errors cross the process boundary as data: a code the UI can branch on and a sentence for the user. */
export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** What the user can do about it, when there is something. */
  hint: z.string().optional(),
});
export type ApiErrorData = z.infer<typeof apiErrorSchema>;

/** The typed client the renderer holds (window.studio in Electron, an HTTP client in web mode). */
export interface StudioClient {
  call<O extends Operation>(operation: O, input: OperationInput<O>): Promise<OperationOutput<O>>;
}
