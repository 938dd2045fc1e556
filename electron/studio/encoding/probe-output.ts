/**
 * What the success check needs to know about one encoded file, read with ffprobe: stream durations
 * and bitrates, and the video keyframe times (packet flags), which must match across rungs.
 */
import { stat } from 'node:fs/promises';
import { runFfprobeJson } from '../media/ffmpeg-process.ts';
import { fileUrl } from './ffmpeg-args.ts';

export interface ProbedStream {
  readonly kind: 'video' | 'audio';
  readonly durationSec: number | null;
  readonly bitrate: number | null;
  readonly width?: number;
  readonly height?: number;
}

export interface ProbedOutput {
  readonly file: string;
  readonly sizeBytes: number;
  readonly durationSec: number | null;
  readonly video: ProbedStream | null;
  readonly audio: readonly ProbedStream[];
  /** Presentation times (s) of the video keyframes, in order; empty without video. */
  readonly keyframesSec: readonly number[];
}

interface RawStream {
  codec_type?: string;
  duration?: string;
  bit_rate?: string;
  width?: number;
  height?: number;
}

const num = (v: string | undefined): number | null => {
  const n = v === undefined ? NaN : Number.parseFloat(v);
  return Number.isFinite(n) ? n : null;
};

export async function probeOutput(ffprobePath: string, file: string): Promise<ProbedOutput> {
  const { size } = await stat(file);
  const info = (await runFfprobeJson(ffprobePath, [
    '-show_entries',
    'format=duration:stream=codec_type,duration,bit_rate,width,height',
    fileUrl(file),
  ])) as { format?: { duration?: string }; streams?: RawStream[] };
  const streams = (info.streams ?? []).flatMap((s): ProbedStream[] =>
    s.codec_type === 'video' || s.codec_type === 'audio'
      ? [{ kind: s.codec_type, durationSec: num(s.duration), bitrate: num(s.bit_rate), width: s.width, height: s.height }]
      : [],
  );
  const video = streams.find((s) => s.kind === 'video') ?? null;
  let keyframesSec: number[] = [];
  if (video) {
    const packets = (await runFfprobeJson(ffprobePath, [
      '-select_streams',
      'v:0',
      '-show_entries',
      'packet=pts_time,flags',
      fileUrl(file),
    ])) as { packets?: { pts_time?: string; flags?: string }[] };
    keyframesSec = (packets.packets ?? [])
      .filter((p) => p.flags?.includes('K'))
      .flatMap((p) => {
        const t = num(p.pts_time);
        return t === null ? [] : [t];
      })
      .sort((a, b) => a - b);
  }
  return {
    file,
    sizeBytes: size,
    durationSec: num(info.format?.duration),
    video,
    audio: streams.filter((s) => s.kind === 'audio'),
    keyframesSec,
  };
}
