/**
 * What one encode will do, decided from the transform and the probe before ffmpeg starts: the
 * rungs with their sizes and names, the audio outputs, the picture fixes, and why rungs were dropped.
 * Plain data so the UI can show it before the user starts the job.
 */
import type { FrameRate } from './frame-rate.ts';
import type { AudioCodec, Complexity, H264Profile } from './transform-definition.ts';
import type { VideoCodec, VideoEncoderName } from './video-encoder-names.ts';

export interface PlannedRung {
  readonly width: number;
  readonly height: number;
  readonly kbps: number;
  readonly maxrateKbps: number;
  readonly bufsizeKbps: number;
  /** H.264: baseline/main/high; H.265 and AV1: main. */
  readonly profile: H264Profile;
  /** H.264 level ("3.1"); 'auto' where the encoder picks it (H.265, AV1). */
  readonly level: string;
  readonly fileName: string;
}

export interface PlannedVideo {
  /** ffprobe index of the source video stream. */
  readonly sourceIndex: number;
  readonly frameRate: FrameRate;
  readonly gopSec: number;
  readonly gopFrames: number;
  /** Filters run once before the split, in order (deinterlace, fps, tone-map or 8-bit conversion). */
  readonly preFilters: readonly string[];
  /** The source is HDR and the rungs are SDR: its mastering-display and light-level boxes must not be copied. */
  readonly stripHdrMetadata?: boolean;
  readonly rungs: readonly PlannedRung[];
  readonly complexity: Complexity;
  readonly codec: VideoCodec;
  /** The encoder every rung uses (of `codec`). */
  readonly encoder: VideoEncoderName;
}

export interface PlannedAudio {
  /** ffprobe index of the source audio stream. */
  readonly sourceIndex: number;
  readonly language: string;
  readonly codec: AudioCodec;
  readonly kbps: number;
  readonly channels: number;
  readonly sampleRate: number;
  readonly trackName: string;
  /** Its own file; null when it is muxed into every video file (interleaved). */
  readonly fileName: string | null;
}

/** Copy transform: one output per source stream, no re-encode. */
export interface PlannedCopy {
  readonly kind: 'video' | 'audio';
  readonly sourceIndex: number;
  readonly fileName: string;
  readonly language?: string;
  readonly channels?: number;
  readonly width?: number;
  readonly height?: number;
  readonly kbps: number;
}

export interface EncodePlan {
  readonly transform: string;
  readonly baseName: string;
  readonly mode: 'encode' | 'copy';
  /** Probed source duration: the progress denominator and the reference the outputs are checked against. */
  readonly durationSec: number;
  readonly video: PlannedVideo | null;
  readonly audio: readonly PlannedAudio[];
  readonly copies: readonly PlannedCopy[];
  readonly interleaved: boolean;
  /** Every file the encode writes, in output order. */
  readonly outputFiles: readonly string[];
  /** Upper estimate of the bytes written (for the free-space check). */
  readonly estimatedBytes: number;
  /** Things the user should know: dropped rungs, HDR conversion, substituted transform. */
  readonly warnings: readonly string[];
}

export interface EncoderCapabilities {
  /** ffmpeg has the zscale filter (libzimg), needed to tone-map HDR to SDR properly. */
  readonly zscale: boolean;
  /** The video encoder the user chose (checked usable by the caller); the transform codec's software encoder when absent. */
  readonly videoEncoder?: VideoEncoderName;
}
