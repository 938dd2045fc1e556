/**
 * The video encoders the studio knows by name, and the codec each writes: plain data the plan, the
 * job and the UI share, kept apart from the argument builders (video-encoders.ts) so the plan does not
 * import its consumers. Software is each codec's default; hardware ones are offered after a trial encode.
 */
import { HARDWARE_H264_ENCODERS, HARDWARE_HEVC_ENCODERS } from '../media/capabilities.ts';

export const VIDEO_CODECS = ['h264', 'h265', 'av1'] as const;
export type VideoCodec = (typeof VIDEO_CODECS)[number];

export const VIDEO_CODEC_LABELS: Readonly<Record<VideoCodec, string>> = { h264: 'H.264', h265: 'H.265/HEVC', av1: 'AV1' };

export const VIDEO_ENCODERS = ['libx264', ...HARDWARE_H264_ENCODERS, 'libx265', ...HARDWARE_HEVC_ENCODERS, 'libsvtav1'] as const;
export type VideoEncoderName = (typeof VIDEO_ENCODERS)[number];
/** The H.264 software encoder: the default of every job that names none. */
export const DEFAULT_VIDEO_ENCODER: VideoEncoderName = 'libx264';

/** Each codec's software encoder, used when a job names no encoder. */
export const SOFTWARE_ENCODERS: Readonly<Record<VideoCodec, VideoEncoderName>> = { h264: 'libx264', h265: 'libx265', av1: 'libsvtav1' };

export const VIDEO_ENCODER_LABELS: Readonly<Record<VideoEncoderName, string>> = {
  libx264: 'Software (x264)',
  h264_nvenc: 'NVIDIA NVENC',
  h264_qsv: 'Intel Quick Sync',
  h264_vaapi: 'VAAPI (Linux GPU)',
  h264_videotoolbox: 'Apple VideoToolbox',
  h264_amf: 'AMD AMF',
  libx265: 'Software (x265)',
  hevc_nvenc: 'NVIDIA NVENC (HEVC)',
  hevc_qsv: 'Intel Quick Sync (HEVC)',
  hevc_vaapi: 'VAAPI (Linux GPU, HEVC)',
  hevc_videotoolbox: 'Apple VideoToolbox (HEVC)',
  hevc_amf: 'AMD AMF (HEVC)',
  libsvtav1: 'Software (SVT-AV1)',
};

export function isVideoEncoderName(name: string): name is VideoEncoderName {
  return (VIDEO_ENCODERS as readonly string[]).includes(name);
}

export function codecOfEncoder(encoder: VideoEncoderName): VideoCodec {
  if (encoder === 'libsvtav1') return 'av1';
  return encoder === 'libx265' || encoder.startsWith('hevc_') ? 'h265' : 'h264';
}

export function isHardwareEncoder(encoder: VideoEncoderName): boolean {
  return !Object.values(SOFTWARE_ENCODERS).includes(encoder);
}
