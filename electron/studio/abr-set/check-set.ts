/**
 * The checks a set must pass before it becomes an asset, beyond what opening it in the origin checks
 * (truncation, GOP alignment, fragment length): codecs the origin can serve, closed GOPs, and tracks
 * of the same length. Each failure names the file and says what to do.
 */
import path from 'node:path';
import type { InspectedTrack } from './inspect-file.ts';
import { FORMATS, formatsCarrying, servableFormats, type StreamingFormat } from '../../../packaging-core/index.ts';
import { SetImportError } from './set-error.ts';

const sec = (s: number): string => `${s.toFixed(3)} s`;

/** Codecs no streaming format carries are refused at import; one served nowhere would be an asset nothing plays. */
/**
 * Every track's codec must be packaged, and some format must carry all of them together; returns the
 * formats the asset will be served in (the others answer 415 naming the codec).
 */
export function checkCodecs(tracks: readonly InspectedTrack[]): StreamingFormat[] {
  for (const t of tracks) {
    if (t.config) {
      continue;
    }
    throw new SetImportError(
      `${path.basename(t.file)}: track ${t.trackId} is ${t.codecName} (${t.format}), which none of the streaming formats serves; the origin serves H.264, HEVC and AV1 video and AAC, AC-3, E-AC-3 and Opus audio`,
      { file: t.file, hint: 'Re-encode this rendition (or import the source and encode it), then import the set again.' },
    );
  }
  // Audio a format cannot carry is left out of it; video it cannot carry rules the format out.
  const codecsOf = (kind: 'video' | 'audio') => tracks.filter((t) => t.kind === kind).map((t) => t.config!.codec);
  const formats = servableFormats(codecsOf('video'), codecsOf('audio'));
  if (formats.length === 0) {
    const named = [...new Set(tracks.map((t) => `${t.codecName} (${formatsCarrying(t.config!.codec).map((f) => FORMATS[f].name).join(', ')})`))];
    throw new SetImportError(`No streaming format can carry these codecs together: ${named.join('; ')}`, {
      hint: 'Re-encode the renditions whose codec no shared format carries (e.g. AV1 video with AAC or Opus audio plays in HLS CMAF and DASH).',
    });
  }
  return formats;
}

/**
 * An open GOP lets pictures after a key frame (in decode order) be shown before it, referring to the
 * previous GOP; a fragment cut at that key frame then cannot be decoded on its own, so a rung switch or
 * a seek shows garbage. In the sample table: a sample of the GOP with an earlier presentation time.
 */
export function checkClosedGops(track: InspectedTrack): void {
  const s = track.samples;
  if (!s) return;
  let keyPts = -Infinity;
  let keyIndex = -1;
  for (let i = 0; i < s.count; i++) {
    const pts = s.dts[i]! + s.cto[i]!;
    if (s.sync[i]) {
      keyPts = pts;
      keyIndex = i;
    } else if (keyIndex > 0 && pts < keyPts) {
      throw new SetImportError(
        `${path.basename(track.file)} has open GOPs: the picture decoded after the key frame at ${sec(keyPts / track.timescale)} is shown before it, so fragments cut there do not decode on their own`,
        { file: track.file, hint: 'Re-encode with closed GOPs (x264: the default; x265: -x265-params open-gop=0; other encoders: ffmpeg -flags +cgop), the same key frames in every rung.' },
      );
    }
  }
}

/** Longest GOP of a video track, seconds (the tolerance for "same length"). */
export function longestGopSec(track: InspectedTrack): number {
  const s = track.samples;
  if (!s || s.count === 0) return 0;
  let longest = 0;
  let start = s.dts[0]!;
  for (let i = 1; i < s.count; i++) {
    if (s.sync[i]) {
      longest = Math.max(longest, s.dts[i]! - start);
      start = s.dts[i]!;
    }
  }
  const end = s.dts[s.count - 1]! + s.durations[s.count - 1]!;
  return Math.max(longest, end - start) / track.timescale;
}

/** Every track within one GOP of the longest video rung's duration (AMS's rule for a set it would stream). */
export function checkDurations(video: readonly InspectedTrack[], audio: readonly InspectedTrack[]): void {
  const reference = [...video].sort((a, b) => b.durationSec - a.durationSec)[0] ?? null;
  if (!reference) return;
  const tolerance = Math.max(...video.map(longestGopSec));
  for (const t of [...video, ...audio]) {
    if (Math.abs(t.durationSec - reference.durationSec) > tolerance + 1e-3) {
      throw new SetImportError(
        `${path.basename(t.file)} (${t.kind}, track ${t.trackId}) lasts ${sec(t.durationSec)} but ${path.basename(reference.file)} lasts ${sec(reference.durationSec)}: ` +
          `they differ by more than one GOP (${sec(tolerance)})`,
        { file: t.file, hint: 'The files are not renditions of the same content, or one was cut short: re-export the set so every file covers the same span.' },
      );
    }
  }
}

export function checkSet(video: readonly InspectedTrack[], audio: readonly InspectedTrack[]): StreamingFormat[] {
  if (video.length === 0 && audio.length === 0) throw new SetImportError('The set has no video or audio track');
  const formats = checkCodecs([...video, ...audio]);
  for (const v of video) checkClosedGops(v);
  checkDurations(video, audio);
  return formats;
}
