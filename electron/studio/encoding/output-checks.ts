/**
 * The success check after ffmpeg exits (encoding.md §2.4, §5): exit 0 is not enough, since a
 * truncated faststart source "finishes" after decoding half of it. Every output must be non-empty,
 * last as long as the source stream it came from, and every rung must have the same keyframe times.
 */
import type { MediaInfo } from '../media/media-info.ts';
import { EncodeError } from './encode-error.ts';
import type { EncodePlan } from './encode-plan.ts';
import { rateValue } from './frame-rate.ts';
import type { ProbedOutput, ProbedStream } from './probe-output.ts';

/** AAC priming and the last partial frame: two 1024-sample frames at 48 kHz, plus container rounding. */
const AUDIO_TOLERANCE_SEC = 0.1;
/** CopyAllBitrateNonInterleaved: the longest GOP the packager should have to put in one fragment. */
const MAX_COPY_GOP_SEC = 6;

interface Expectation {
  readonly fileName: string;
  readonly video: { readonly durationSec: number; readonly toleranceSec: number } | null;
  readonly audio: { readonly durationSec: number; readonly toleranceSec: number } | null;
}

function expectations(plan: EncodePlan, media: MediaInfo): Expectation[] {
  const videoDuration = media.video?.durationSec ?? media.durationSec;
  const audioDuration = (index: number): number => media.audio.find((a) => a.index === index)?.durationSec ?? media.durationSec;
  if (plan.mode === 'copy') {
    const frame = media.video && media.video.frameRate > 0 ? 1 / media.video.frameRate : 0.05;
    return plan.copies.map((c) => ({
      fileName: c.fileName,
      video: c.kind === 'video' ? { durationSec: videoDuration, toleranceSec: 2 * frame + 0.05 } : null,
      audio: c.kind === 'audio' ? { durationSec: audioDuration(c.sourceIndex), toleranceSec: AUDIO_TOLERANCE_SEC } : null,
    }));
  }
  const list: Expectation[] = [];
  const muxed = plan.audio.find((a) => a.fileName === null);
  if (plan.video) {
    // The fps filter may end one output frame either side of the source's last frame.
    const toleranceSec = 2 / rateValue(plan.video.frameRate) + 0.05;
    for (const r of plan.video.rungs) {
      list.push({
        fileName: r.fileName,
        video: { durationSec: videoDuration, toleranceSec },
        audio: muxed ? { durationSec: audioDuration(muxed.sourceIndex), toleranceSec: AUDIO_TOLERANCE_SEC } : null,
      });
    }
  }
  for (const a of plan.audio) {
    if (a.fileName) list.push({ fileName: a.fileName, video: null, audio: { durationSec: audioDuration(a.sourceIndex), toleranceSec: AUDIO_TOLERANCE_SEC } });
  }
  return list;
}

const seconds = (s: number): string => `${s.toFixed(1)} s`;

function streamDuration(out: ProbedOutput, stream: ProbedStream | null | undefined): number | null {
  return stream?.durationSec ?? out.durationSec;
}

/**
 * Throws an EncodeError naming the first problem; returns warnings for oddities that do not make
 * the asset unusable. `errorLines` are ffmpeg's error-level log lines, quoted to explain a short output.
 */
export function checkOutputs(
  plan: EncodePlan,
  media: MediaInfo,
  outputs: ReadonlyMap<string, ProbedOutput>,
  errorLines: readonly string[] = [],
): string[] {
  const warnings: string[] = [];
  // ffmpeg's `[h264 @ 0x…] [error]` prefixes mean nothing to the user.
  const firstError = errorLines[0]?.replace(/^(\[[^\]]*\]\s*)+/, '').trim();
  const because = firstError ? ` ffmpeg reported: "${firstError}".` : '';
  for (const e of expectations(plan, media)) {
    const out = outputs.get(e.fileName);
    if (!out) throw new EncodeError(`ffmpeg did not write ${e.fileName}.${because}`, e.fileName);
    if (out.sizeBytes === 0) throw new EncodeError(`${e.fileName} is empty: the encode failed.${because}`, e.fileName);
    const checks: [string, { durationSec: number; toleranceSec: number } | null, ProbedStream | null | undefined][] = [
      ['video', e.video, out.video],
      ['audio', e.audio, out.audio[0]],
    ];
    for (const [kind, expected, stream] of checks) {
      if (!expected) continue;
      if (!stream) throw new EncodeError(`${e.fileName} has no ${kind} stream.${because}`, e.fileName);
      const got = streamDuration(out, stream);
      if (got === null) throw new EncodeError(`${e.fileName} has no readable ${kind} duration: the file is damaged.`, e.fileName);
      if (got < expected.durationSec - expected.toleranceSec) {
        throw new EncodeError(
          `The source ends early: its ${kind} stops at ${seconds(got)} of the ${seconds(expected.durationSec)} its index announces. ` +
            `The file is probably incomplete or damaged (an interrupted copy or download): copy it again and re-encode.${because}`,
          media.file,
        );
      }
      if (got > expected.durationSec + Math.max(1, expected.toleranceSec)) {
        warnings.push(`${e.fileName}: ${kind} lasts ${seconds(got)}, longer than the source's ${seconds(expected.durationSec)}.`);
      }
    }
  }
  if (plan.mode === 'copy') checkCopyGops(plan, media, outputs);
  else checkAlignedKeyframes(plan, outputs);
  return warnings;
}

function checkAlignedKeyframes(plan: EncodePlan, outputs: ReadonlyMap<string, ProbedOutput>): void {
  if (!plan.video) return;
  const halfFrame = 0.5 / rateValue(plan.video.frameRate);
  const [first, ...rest] = plan.video.rungs.map((r) => ({ name: r.fileName, keys: outputs.get(r.fileName)?.keyframesSec ?? [] }));
  if (!first) return;
  if (first.keys.length === 0) throw new EncodeError(`${first.name} has no keyframe: it cannot be streamed.`, first.name);
  for (const other of rest) {
    const n = Math.max(first.keys.length, other.keys.length);
    for (let i = 0; i < n; i++) {
      const a = first.keys[i];
      const b = other.keys[i];
      if (a === undefined || b === undefined || Math.abs(a - b) > halfFrame) {
        const at = seconds(Math.min(a ?? Infinity, b ?? Infinity));
        throw new EncodeError(
          `The rungs are not GOP aligned: ${first.name} and ${other.name} have different keyframes from ${at} ` +
            `(${first.keys.length} vs ${other.keys.length} keyframes). Players would stall when switching; please report this with the source file.`,
          other.name,
        );
      }
    }
  }
}

function checkCopyGops(plan: EncodePlan, media: MediaInfo, outputs: ReadonlyMap<string, ProbedOutput>): void {
  const video = plan.copies.find((c) => c.kind === 'video');
  if (!video) return;
  const keys = outputs.get(video.fileName)?.keyframesSec ?? [];
  const end = outputs.get(video.fileName)?.video?.durationSec ?? media.durationSec;
  const bounds = [...keys, end];
  const advice = `${plan.transform} needs closed GOPs of at most ${MAX_COPY_GOP_SEC} s (a keyframe every 2 s is typical): encode this source with AdaptiveStreaming instead.`;
  if (keys.length === 0) throw new EncodeError(`The source video has no keyframe. ${advice}`, media.file);
  for (let i = 1; i < bounds.length; i++) {
    const gap = (bounds[i] ?? 0) - (bounds[i - 1] ?? 0);
    if (gap > MAX_COPY_GOP_SEC + 0.05) {
      throw new EncodeError(
        `The source video is not GOP aligned for streaming: ${gap.toFixed(1)} s between keyframes at ${seconds(bounds[i - 1] ?? 0)}. ${advice}`,
        media.file,
      );
    }
  }
}
