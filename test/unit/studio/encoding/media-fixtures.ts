import type { AudioStreamInfo, MediaInfo, VideoStreamInfo } from '../../../../electron/studio/media/media-info.ts';

/** A probe result as probeFile would return it, for planning tests (no ffprobe needed). */
export function videoStream(over: Partial<VideoStreamInfo> = {}): VideoStreamInfo {
  const width = over.width ?? 1920;
  const height = over.height ?? 1080;
  return {
    index: 0,
    codec: 'h264',
    width,
    height,
    displayWidth: width,
    displayHeight: height,
    rotation: 0,
    sar: { num: 1, den: 1 },
    frameRate: 30000 / 1001,
    variableFrameRate: false,
    pixelFormat: 'yuv420p',
    bitDepth: 8,
    hdr: null,
    interlaced: false,
    bitrate: 20_000_000,
    durationSec: 60,
    frameCount: 1798,
    ...over,
  };
}

export function audioStream(over: Partial<AudioStreamInfo> = {}): AudioStreamInfo {
  return { index: 1, codec: 'aac', sampleRate: 48_000, channels: 2, language: 'eng', bitrate: 192_000, durationSec: 60, ...over };
}

export function mediaInfo(over: Partial<MediaInfo> = {}): MediaInfo {
  return {
    file: '/media/My Movie.mov',
    sizeBytes: 150_000_000,
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    durationSec: 60,
    bitrate: 20_200_000,
    video: videoStream(),
    otherVideo: [],
    audio: [audioStream()],
    warnings: [],
    ...over,
  };
}
