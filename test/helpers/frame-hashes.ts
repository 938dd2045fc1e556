/**
 * ffmpeg as the independent judge of media identity: per-frame MD5s from its framemd5 muxer, so two
 * inputs are the same pictures (or the same coded packets) exactly when their lists are equal.
 */
import { ffmpegBin, mustRun } from './run-process.ts';

/** The hash column of framemd5 output (rows: stream, dts, pts, duration, size, hash[, side data…]). */
export function framemd5Hashes(stdout: Buffer | string): string[] {
  return stdout
    .toString()
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(',')[5]!.trim());
}

/**
 * The MD5s of one stream of `input` (`extra`: options before -i): of the decoded frames, or with `copy`
 * of the coded packets as stored (`adts`: MPEG-TS's ADTS headers stripped first, to compare its AAC
 * with an MP4's).
 */
export async function frameHashes(input: string, stream = '0:v:0', extra: readonly string[] = [], copy: false | 'raw' | 'adts' = false): Promise<string[]> {
  const codec = copy ? ['-c', 'copy', ...(copy === 'adts' ? ['-bsf:a', 'aac_adtstoasc'] : [])] : [];
  const r = await mustRun(ffmpegBin(), ['-v', 'error', ...extra, '-i', input, '-map', stream, ...codec, '-f', 'framemd5', '-']);
  return framemd5Hashes(r.stdout);
}
