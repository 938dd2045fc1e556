/**
 * The video encoders the studio can drive (H.264, H.265 and AV1) and how each one is told the same rung settings (bitrate,
 * maxrate, VBV buffer, 2 s GOP, closed GOPs with no scene-cut keyframes, profile, level, B-frames).
 * Option names follow `ffmpeg -h encoder=<name>` of ffmpeg 5.1 and the encoders' AVOption tables.
 *
 * Every encoder gets `-force_key_frames expr:gte(t,n_forced*GOP)` and `-g`: ffmpeg marks those frames
 * as I pictures for every encoder, so all rungs (and every format the origin packages) cut at the
 * same instants. What differs is how an encoder is kept from making an I frame that is not an IDR
 * (an open GOP) or an extra keyframe at a scene cut; each builder says how.
 */
import type { PlannedRung, PlannedVideo } from './encode-plan.ts';
import type { Complexity, H264Profile } from './transform-definition.ts';
import type { VideoEncoderName } from './video-encoder-names.ts';

/** The render node VAAPI encodes on (the same one the capability trial uses). */
export const VAAPI_DEVICE = '/dev/dri/renderD128';

/** Global options that go before `-i`: VAAPI needs its device opened before the filtergraph is built. */
export function encoderInputArgs(encoder: VideoEncoderName): string[] {
  return encoder === 'h264_vaapi' || encoder === 'hevc_vaapi' ? ['-vaapi_device', VAAPI_DEVICE] : [];
}

/** A filter appended to each rung's chain: VAAPI encodes GPU surfaces, so scaled frames are uploaded. */
export function encoderUploadFilter(encoder: VideoEncoderName): string | null {
  return encoder === 'h264_vaapi' || encoder === 'hevc_vaapi' ? 'format=nv12,hwupload' : null;
}

/** `4.1` → 41, `1b` → 9: the level_idc the hardware encoders take as an integer option. */
export function levelIdc(level: string): number {
  if (/^1b$/i.test(level)) return 9;
  const value = Number.parseFloat(level);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`Invalid H.264 level "${level}"`);
  return Math.round(value * 10);
}

interface RungContext {
  readonly video: PlannedVideo;
  readonly rung: PlannedRung;
  readonly gop: string;
  /** B-frames the rung may use: none in Baseline, which has no B slices. */
  readonly bframes: string;
  readonly level: string;
}

const rateArgs = (r: PlannedRung): string[] => ['-b:v', `${r.kbps}k`, '-maxrate', `${r.maxrateKbps}k`, '-bufsize', `${r.bufsizeKbps}k`];
const forcedKeyframes = (video: PlannedVideo): string[] => ['-force_key_frames', `expr:gte(t,n_forced*${video.gopSec})`];

const X264_PRESET: Record<Complexity, string> = { Speed: 'veryfast', Balanced: 'medium', Quality: 'slow' };
const X265_PRESET = X264_PRESET;
/** SVT-AV1 presets 0 (slowest) … 13; 10 runs about real time at 720p on two cores. */
const SVTAV1_PRESET: Record<Complexity, string> = { Speed: '10', Balanced: '8', Quality: '6' };
/** MP4 sample entry for HEVC: hvc1 (parameter sets in hvcC only), which Apple players and AMS require. */
const HVC1 = ['-tag:v', 'hvc1'];
const NVENC_PRESET: Record<Complexity, string> = { Speed: 'p3', Balanced: 'p5', Quality: 'p7' };
const QSV_PRESET: Record<Complexity, string> = { Speed: 'veryfast', Balanced: 'medium', Quality: 'slow' };
const AMF_QUALITY: Record<Complexity, string> = { Speed: 'speed', Balanced: 'balanced', Quality: 'quality' };

/** Profile names per encoder: VAAPI and AMF only offer Constrained Baseline. */
function profileName(encoder: VideoEncoderName, profile: H264Profile): string {
  if (profile === 'baseline' && (encoder === 'h264_vaapi' || encoder === 'h264_amf')) return 'constrained_baseline';
  return profile;
}

/**
 * What a hardware vendor's H.264 and HEVC encoders are told alike (the same vendor option tables in
 * ffmpeg 5.1): `rate`, its rate control and speed options (before the profile); `closedGop`, how it is
 * kept to closed GOPs with no scene-cut keyframes (after -g).
 */
interface HardwareVendor {
  readonly rate: (complexity: Complexity) => readonly string[];
  readonly closedGop: readonly string[];
}

const HARDWARE: Record<'nvenc' | 'qsv' | 'vaapi' | 'videotoolbox' | 'amf', HardwareVendor> = {
  // NVENC turns a forced I frame into a plain I (open GOP) unless forced-idr is set; no-scenecut
  // keeps its lookahead from adding keyframes. VBR with maxrate/bufsize is the capped-VBR of x264.
  nvenc: { rate: (c) => ['-preset', NVENC_PRESET[c], '-tune', 'hq', '-rc', 'vbr'], closedGop: ['-no-scenecut', '1', '-forced-idr', '1'] },
  // QSV: the cgop flag sets MFX_GOP_CLOSED, forced_idr makes forced keyframes IDRs, idr_interval 0
  // makes every I an IDR and adaptive_i 0 disables scene-change I frames. It has no private level.
  qsv: { rate: (c) => ['-preset', QSV_PRESET[c]], closedGop: ['-flags', '+cgop', '-idr_interval', '0', '-adaptive_i', '0', '-forced_idr', '1'] },
  // VAAPI has no scene-cut detection; cgop closes each GOP, idr_interval 0 makes every GOP start
  // with an IDR, and it encodes forced I frames as IDRs.
  vaapi: { rate: () => ['-rc_mode', 'VBR'], closedGop: ['-flags', '+cgop', '-idr_interval', '0'] },
  // VideoToolbox encodes forced keyframes as sync (IDR) frames and -g caps the keyframe interval;
  // it has no closed-GOP or scene-cut switch, so the forced keyframes are what align the rungs.
  // realtime 0 favours quality over speed (this is a file encode, not a live one).
  videotoolbox: { rate: () => ['-realtime', '0'], closedGop: [] },
  // AMF marks frames ffmpeg forces as I as IDR pictures and -g is its IDR period; pre-analysis (its
  // scene-change detection) stays off by default. vbr_peak + enforce_hrd keep maxrate/bufsize.
  amf: { rate: (c) => ['-usage', 'transcoding', '-quality', AMF_QUALITY[c], '-rc', 'vbr_peak', '-enforce_hrd', '1'], closedGop: [] },
};

/**
 * The builders of one codec's hardware encoders (`h264_nvenc`, …, `hevc_amf`): H.264 gets the rung's
 * profile (per encoder) and level; HEVC Main in an hvc1 sample entry, its level left to the encoder.
 */
function hardwareBuilders<C extends 'h264' | 'hevc'>(codec: C): Record<`${C}_${keyof typeof HARDWARE}`, (c: RungContext) => string[]> {
  const entries = Object.entries(HARDWARE).map(([vendor, v]) => {
    const encoder = `${codec}_${vendor}` as VideoEncoderName;
    const build = ({ video, rung, gop, bframes, level }: RungContext): string[] => [
      '-c:v', encoder,
      ...v.rate(video.complexity),
      ...(codec === 'h264' ? ['-profile:v', profileName(encoder, rung.profile), '-level:v', level] : ['-profile:v', 'main', ...HVC1]),
      ...rateArgs(rung),
      '-bf', bframes,
      '-g', gop,
      ...v.closedGop,
      ...forcedKeyframes(video),
    ];
    return [encoder, build];
  });
  return Object.fromEntries(entries) as Record<`${C}_${keyof typeof HARDWARE}`, (c: RungContext) => string[]>;
}

const BUILDERS: Record<VideoEncoderName, (c: RungContext) => string[]> = {
  // open-gop=0 keeps every keyframe an IDR; sc_threshold 0 and keyint_min = GOP stop scene-cut keyframes.
  libx264: ({ video, rung, gop, bframes }) => [
    '-c:v', 'libx264',
    '-preset', X264_PRESET[video.complexity],
    '-profile:v', rung.profile,
    '-level:v', rung.level,
    ...rateArgs(rung),
    '-bf', bframes,
    '-refs', '3',
    '-g', gop,
    '-keyint_min', gop,
    '-sc_threshold', '0',
    ...forcedKeyframes(video),
    '-x264-params', 'open-gop=0',
  ],
  // x265: open-gop=0 makes every keyframe an IDR (closed GOP); scenecut=0 and min-keyint = GOP stop
  // extra keyframes; its own log stays at error level (it prints its settings to stderr otherwise).
  libx265: ({ video, rung, gop, bframes }) => [
    '-c:v', 'libx265',
    '-preset', X265_PRESET[video.complexity],
    '-profile:v', 'main',
    ...HVC1,
    ...rateArgs(rung),
    '-g', gop,
    '-keyint_min', gop,
    ...forcedKeyframes(video),
    '-x265-params', `open-gop=0:scenecut=0:bframes=${bframes}:log-level=error`,
  ],
  ...hardwareBuilders('h264'),
  ...hardwareBuilders('hevc'),
  // SVT-AV1 1.4's VBR undershoots short titles by 20-80 % (its rate control converges over many GOPs),
  // so rungs use its CBR mode, which needs the low-delay prediction structure; scd=0 stops scene-cut
  // keyframes, and its keyframes are key frames (closed GOPs) by default.
  libsvtav1: ({ video, rung, gop }) => [
    '-c:v', 'libsvtav1',
    '-preset', SVTAV1_PRESET[video.complexity],
    '-b:v', `${rung.kbps}k`,
    '-g', gop,
    ...forcedKeyframes(video),
    '-svtav1-params', 'scd=0:rc=2:pred-struct=1',
  ],
};

/** The codec options of one rung for an encoder. */
export function videoEncoderArgs(encoder: VideoEncoderName, video: PlannedVideo, rung: PlannedRung): string[] {
  return BUILDERS[encoder]({
    video,
    rung,
    gop: `${video.gopFrames}`,
    bframes: rung.profile === 'baseline' ? '0' : '3',
    // x264 takes the level as text; the H.264 hardware encoders take level_idc (their named constants
    // map to it). H.265 and AV1 encoders pick their own level ('auto').
    level: encoder === 'libx264' || rung.level === 'auto' ? rung.level : `${levelIdc(rung.level)}`,
  });
}
