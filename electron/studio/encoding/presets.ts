/**
 * AMS v3 built-in encoder presets (encoding.md §1.2) as transform definitions. Layers of the
 * MultipleBitrate presets follow the v2 Media Encoder Standard JSON, which the v3 built-ins match.
 */
import type { TransformDefinition } from './transform-definition.ts';

const STEREO_128 = { kbps: 128, channels: 2 } as const;

/**
 * H265AdaptiveStreaming's base ladder: AdaptiveStreaming's rungs scaled so the 1080p rung matches
 * H265SingleBitrate1080p (3500 kbps, 0.52× of 6780). AMS does not publish its HEVC ladder; this is ours.
 */
const H265_ADAPTIVE_BASE_LADDER = [
  { height: 1080, kbps: 3500 },
  { height: 720, kbps: 1820 },
  { height: 540, kbps: 1140 },
  { height: 360, kbps: 590 },
  { height: 270, kbps: 370 },
  { height: 180, kbps: 200 },
] as const;

/** Our AV1 ladder (not an AMS preset): about 0.4× AdaptiveStreaming's H.264 bitrates. */
const AV1_ADAPTIVE_BASE_LADDER = [
  { height: 1080, kbps: 2700 },
  { height: 720, kbps: 1400 },
  { height: 540, kbps: 880 },
  { height: 360, kbps: 460 },
  { height: 270, kbps: 290 },
  { height: 180, kbps: 150 },
] as const;

/** The published 1080p/29.97 AdaptiveStreaming ladder (§1.3): the base the auto ladder scales. */
export const ADAPTIVE_BASE_LADDER = [
  { height: 1080, kbps: 6780 },
  { height: 720, kbps: 3520 },
  { height: 540, kbps: 2210 },
  { height: 360, kbps: 1150 },
  { height: 270, kbps: 720 },
  { height: 180, kbps: 380 },
] as const;

export const BUILT_IN_PRESETS: readonly TransformDefinition[] = [
  {
    name: 'AdaptiveStreaming',
    description:
      'Auto ladder that never exceeds the source resolution or bitrate, plus one stereo AAC 128 kbps file per audio language (non-interleaved).',
    video: ADAPTIVE_BASE_LADDER,
    audio: STEREO_128,
    interleaved: false,
    copy: false,
    adaptive: true,
  },
  {
    name: 'ContentAwareEncoding',
    description:
      'Per-title ladder after a short analysis: probe encodes of sampled windows with the real rate control (capped VBR) at the base ladder’s bitrates, their PSNR giving a rate–quality curve per height (lower heights probed only when the ladder has lower rungs). An easy title gets fewer, cheaper rungs, a hard one the bits it needs. AAC stereo 128 kbps in every file.',
    video: ADAPTIVE_BASE_LADDER,
    audio: STEREO_128,
    interleaved: true,
    copy: false,
    contentAware: {},
  },
  {
    name: 'H264MultipleBitrate1080p',
    description: '8 layers from 6000 kbps at 1080p to 400 kbps at 180p, AAC stereo 128 kbps in every file.',
    video: [
      { height: 1080, kbps: 6000 },
      { height: 1080, kbps: 4700 },
      { height: 720, kbps: 3400 },
      { height: 540, kbps: 2250 },
      { height: 540, kbps: 1500 },
      { height: 360, kbps: 1000 },
      { height: 360, kbps: 650 },
      { height: 180, kbps: 400 },
    ],
    audio: STEREO_128,
    interleaved: true,
    copy: false,
  },
  {
    name: 'H264MultipleBitrate720p',
    description: '6 layers from 3400 kbps at 720p to 400 kbps at 180p, AAC stereo 128 kbps in every file.',
    video: [
      { height: 720, kbps: 3400 },
      { height: 540, kbps: 2250 },
      { height: 540, kbps: 1500 },
      { height: 360, kbps: 1000 },
      { height: 360, kbps: 650 },
      { height: 180, kbps: 400 },
    ],
    audio: STEREO_128,
    interleaved: true,
    copy: false,
  },
  {
    // The v2 "16x9 SD" layers; widths follow the source aspect ratio, so 4:3 sources get 4:3 rungs.
    name: 'H264MultipleBitrateSD',
    description: '5 layers from 1900 kbps at 480p to 400 kbps at 240p, AAC stereo 128 kbps in every file.',
    video: [
      { height: 480, kbps: 1900 },
      { height: 480, kbps: 1300 },
      { height: 360, kbps: 900 },
      { height: 360, kbps: 650 },
      { height: 240, kbps: 400 },
    ],
    audio: STEREO_128,
    interleaved: true,
    copy: false,
  },
  {
    name: 'H264SingleBitrate1080p',
    description: 'One 6750 kbps layer at 1080p with AAC stereo 128 kbps.',
    video: [{ height: 1080, kbps: 6750 }],
    audio: STEREO_128,
    interleaved: true,
    copy: false,
  },
  {
    name: 'H264SingleBitrate720p',
    description: 'One 4500 kbps layer at 720p with AAC stereo 128 kbps.',
    video: [{ height: 720, kbps: 4500 }],
    audio: STEREO_128,
    interleaved: true,
    copy: false,
  },
  {
    name: 'H264SingleBitrateSD',
    description: 'One 2200 kbps layer at 480p with AAC stereo 128 kbps.',
    video: [{ height: 480, kbps: 2200 }],
    audio: STEREO_128,
    interleaved: true,
    copy: false,
  },
  {
    name: 'AACGoodQualityAudio',
    description: 'Audio only: one stereo AAC 192 kbps file per audio language.',
    video: [],
    audio: { kbps: 192, channels: 2 },
    interleaved: false,
    copy: false,
  },
  {
    name: 'H265AdaptiveStreaming',
    description:
      'HEVC (libx265, hvc1) auto ladder that never exceeds the source resolution or bitrate, plus one stereo AAC 128 kbps file per audio language (non-interleaved).',
    videoCodec: 'h265',
    video: H265_ADAPTIVE_BASE_LADDER,
    audio: STEREO_128,
    interleaved: false,
    copy: false,
    adaptive: true,
  },
  {
    name: 'H265ContentAwareEncoding',
    description: 'ContentAwareEncoding with HEVC (libx265, hvc1) rungs; AAC stereo 128 kbps in every file.',
    videoCodec: 'h265',
    video: H265_ADAPTIVE_BASE_LADDER,
    audio: STEREO_128,
    interleaved: true,
    copy: false,
    contentAware: {},
  },
  {
    name: 'H265SingleBitrate720p',
    description: 'One HEVC 1800 kbps layer at 720p with AAC stereo 128 kbps.',
    videoCodec: 'h265',
    video: [{ height: 720, kbps: 1800 }],
    audio: STEREO_128,
    interleaved: true,
    copy: false,
  },
  {
    name: 'H265SingleBitrate1080p',
    description: 'One HEVC 3500 kbps layer at 1080p with AAC stereo 128 kbps.',
    videoCodec: 'h265',
    video: [{ height: 1080, kbps: 3500 }],
    audio: STEREO_128,
    interleaved: true,
    copy: false,
  },
  {
    name: 'H265SingleBitrate4K',
    description: 'One HEVC 9500 kbps layer at 2160p with AAC stereo 128 kbps.',
    videoCodec: 'h265',
    video: [{ height: 2160, kbps: 9500 }],
    audio: STEREO_128,
    interleaved: true,
    copy: false,
  },
  {
    name: 'DDGoodQualityAudio',
    description: 'Audio only: one Dolby Digital (AC-3) file per audio language, stereo 192 kbps; a 5.1 source stays 5.1 at 448 kbps.',
    video: [],
    audio: { kbps: 192, channels: 2, codec: 'dd', surroundKbps: 448 },
    interleaved: false,
    copy: false,
  },
  {
    // Ours, not AMS's: AV1 plays in Chrome, Firefox and Edge (MSE), and is the cheapest per quality.
    name: 'AV1AdaptiveStreaming',
    description:
      'AV1 (SVT-AV1) auto ladder that never exceeds the source resolution or bitrate, plus one stereo AAC 128 kbps file per audio language (non-interleaved). Not an AMS preset.',
    videoCodec: 'av1',
    video: AV1_ADAPTIVE_BASE_LADDER,
    audio: STEREO_128,
    interleaved: false,
    copy: false,
    adaptive: true,
  },
  {
    name: 'CopyAllBitrateNonInterleaved',
    description:
      'No re-encode: copies the H.264 video and every AAC audio stream into separate files. The source needs closed GOPs of at most 6 s.',
    video: [],
    audio: null,
    interleaved: false,
    copy: true,
  },
];

export type BuiltInPresetName =
  | 'AdaptiveStreaming'
  | 'H264MultipleBitrate1080p'
  | 'H264MultipleBitrate720p'
  | 'H264MultipleBitrateSD'
  | 'H264SingleBitrate1080p'
  | 'H264SingleBitrate720p'
  | 'H264SingleBitrateSD'
  | 'AACGoodQualityAudio'
  | 'ContentAwareEncoding'
  | 'H265ContentAwareEncoding'
  | 'H265AdaptiveStreaming'
  | 'H265SingleBitrate720p'
  | 'H265SingleBitrate1080p'
  | 'H265SingleBitrate4K'
  | 'DDGoodQualityAudio'
  | 'AV1AdaptiveStreaming'
  | 'CopyAllBitrateNonInterleaved';

export function builtInPreset(name: BuiltInPresetName): TransformDefinition {
  const preset = BUILT_IN_PRESETS.find((p) => p.name === name);
  if (!preset) throw new Error(`Unknown built-in preset ${name}`);
  return preset;
}

