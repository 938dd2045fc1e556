/**
 * Short windows of a source, decoded as one picture stream (content-aware analysis, issue 14): the probe
 * encodes and their quality reference read the same windows through the same picture fixes, so the
 * frames line up one for one.
 */
import { runFfprobe } from '../media/ffmpeg-process.ts';
import { fileUrl } from './ffmpeg-args.ts';

export interface SourceWindow {
  /** Seconds from the start of the title (ffmpeg's `-ss`, which counts from the file's start time). */
  readonly startSec: number;
  readonly durationSec: number;
}

/** ffmpeg input arguments: one input per window (input seeking), or the whole file without windows. */
export function windowInputs(file: string, windows: readonly SourceWindow[] | undefined): string[] {
  if (!windows || windows.length === 0) return ['-i', fileUrl(file)];
  // Rounded up to the microsecond: a start rounded down below its keyframe makes ffmpeg seek to the
  // keyframe before, and decode a whole GOP only to drop it.
  return windows.flatMap((w) => ['-ss', (Math.ceil(w.startSec * 1e6) / 1e6).toFixed(6), '-t', w.durationSec.toFixed(3), '-i', fileUrl(file)]);
}

/**
 * A filter chain reading those inputs' video stream through the picture fixes and, for several windows,
 * concatenating them; the caller appends `,filter…` to it.
 */
export function windowChain(windowCount: number, sourceIndex: number, preFilters: readonly string[]): string {
  const fixes = preFilters.length > 0 ? preFilters.join(',') : 'null';
  if (windowCount <= 1) return `[0:${sourceIndex}]${fixes}`;
  const each = Array.from({ length: windowCount }, (_, i) => `[${i}:${sourceIndex}]${fixes}[w${i}]`).join(';');
  return `${each};${Array.from({ length: windowCount }, (_, i) => `[w${i}]`).join('')}concat=n=${windowCount}:v=1:a=0`;
}

/**
 * Moves each window's start back to the keyframe at or before it, so that ffmpeg's seek decodes no
 * frames only to drop them: on a long-GOP source (x264's default is 250 frames) that decoding cost more
 * than the probes themselves. A window stays where it was when the keyframe is more than `maxShiftSec`
 * earlier (the sample should stay spread over the title), would overlap the window before it (sparse
 * keyframes would pull every window to the same place), or the container gives no keyframe there
 * (ffprobe's seek landed on a non-key packet). One ffprobe run reading one packet per window.
 */
export async function snapToKeyframes(
  ffprobePath: string,
  file: string,
  streamIndex: number,
  windows: readonly SourceWindow[],
  maxShiftSec: number,
  signal?: AbortSignal,
): Promise<SourceWindow[]> {
  if (windows.length === 0) return [];
  const { json } = await runFfprobe(
    ffprobePath,
    [
      '-v', 'error', '-select_streams', `${streamIndex}`, '-show_entries', 'packet=pts_time,flags:format=start_time',
      // Absolute times: ffprobe does not add the file's start time as ffmpeg's -ss does.
      '-read_intervals', windows.map((w) => `${w.startSec}%+#1`).join(','), fileUrl(file),
    ],
    signal ? { signal } : {},
  ).catch(() => ({ json: null }));
  const data = json as { packets?: { pts_time?: string; flags?: string }[]; format?: { start_time?: string } } | null;
  const start = Number(data?.format?.start_time ?? 0) || 0;
  const packets = data?.packets ?? [];
  const out: SourceWindow[] = [];
  windows.forEach((w, i) => {
    const p = packets[i];
    const key = p?.flags?.includes('K') ? Number(p.pts_time) - start : NaN;
    const previousEnd = out.length > 0 ? out[out.length - 1]!.startSec + out[out.length - 1]!.durationSec : -Infinity;
    const usable = Number.isFinite(key) && key <= w.startSec + 1e-6 && w.startSec - key <= maxShiftSec && key >= previousEnd - 1e-6;
    out.push(usable ? { startSec: Math.max(0, key), durationSec: w.durationSec } : w);
  });
  return out;
}
