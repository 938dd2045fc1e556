/**
 * The H.264 encoders the studio knows by name: plain data the plan, the job and the UI share, kept
 * apart from the argument builders (video-encoders.ts) so the plan does not import its consumers.
 */
import { HARDWARE_H264_ENCODERS } from '../media/capabilities.ts';

export const VIDEO_ENCODERS = ['libx264', ...HARDWARE_H264_ENCODERS] as const;
export type VideoEncoderName = (typeof VIDEO_ENCODERS)[number];
export const DEFAULT_VIDEO_ENCODER: VideoEncoderName = 'libx264';

export const VIDEO_ENCODER_LABELS: Readonly<Record<VideoEncoderName, string>> = {
  libx264: 'Software (x264)',
  h264_nvenc: 'NVIDIA NVENC',
  h264_qsv: 'Intel Quick Sync',
  h264_vaapi: 'VAAPI (Linux GPU)',
  h264_videotoolbox: 'Apple VideoToolbox',
  h264_amf: 'AMD AMF',
};

export function isVideoEncoderName(name: string): name is VideoEncoderName {
  return (VIDEO_ENCODERS as readonly string[]).includes(name);
}
