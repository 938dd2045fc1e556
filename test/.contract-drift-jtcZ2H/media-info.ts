/**
 * What probing a file tells the studio (from ffprobe's JSON): the contract between the probe, the
 * encoder (ladder and graph decisions), the catalog and the UI. Plain data: it crosses IPC as is.
 */
export interface VideoStreamInfo {
  /** ffprobe stream index (for `-map 0:<index>`). */
  readonly index: number;
  readonly codec: string; // h264, hevc, av1, vp9, ...
  readonly profile?: string;
  /** Coded size as stored. */
  readonly width: number;
  readonly height: number;
  /** Size as displayed: rotation (90/270 swaps) and sample aspect ratio applied, both even. */
  readonly displayWidth: number;
  readonly displayHeight: number;
  /** Clockwise degrees to rotate for display: 0, 90, 180 or 270. */
  readonly rotation: number;
  readonly sar: { readonly num: number; readonly den: number };
  /** Average frame rate (frames/s) and whether the stream is variable-rate. */
  readonly frameRate: number;
  readonly variableFrameRate: boolean;
  /**
   * The container states no frame durations (Matroska without DefaultDuration gives each frame 1 ms),
   * so the last frame's length is unknown and the rate was measured from the timestamps.
   */
  readonly frameDurationsUnknown?: boolean;
  readonly pixelFormat: string;
  readonly bitDepth: string;
  /** PQ (smpte2084) or HLG (arib-std-b67) transfer. */
  readonly hdr: 'pq' | 'hlg' | null;
  readonly interlaced: boolean;
  readonly bitrate: number | null;
  readonly durationSec: number | null;
  readonly frameCount: number | null;
}

export interface AudioStreamInfo {
  readonly index: number;
  readonly codec: string;
  readonly profile?: string;
  readonly sampleRate: number;
  readonly channels: number;
  /** ISO 639-2 code, `und` when untagged. */
  readonly language: string;
  readonly bitrate: number | null;
  readonly durationSec: number | null;
}

export interface MediaInfo {
  readonly file: string;
  readonly sizeBytes: number;
  /** ffprobe's format name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`, `matroska,webm`, `mpegts`. */
  readonly container: string;
  readonly durationSec: number;
  readonly bitrate: number | null;
  /** The video stream the studio will encode (cover art and still-image tracks excluded). */
  readonly video: VideoStreamInfo | null;
  /** Other real video streams (e.g. motion-photo stills), not encoded. */
  readonly otherVideo: readonly VideoStreamInfo[];
  readonly audio: readonly AudioStreamInfo[];
  /**
   * Set when the file's index declares more media than the file holds (an interrupted copy of a
   * faststart MP4): only about `playableSec` can be encoded. Absent when the file is complete.
   */
  readonly truncated?: { readonly presentBytes: number; readonly declaredBytes: number; readonly playableSec: number | null };
  /** Human-readable notes the UI shows (e.g. "HDR (HLG) source: converted to SDR"). */
  readonly warnings: readonly string[];
}
