/**
 * Probes a dropped file: ffprobe's view of it, checked against what the bytes say (truncation, absurd
 * header durations), into MediaInfo, or a ProbeError the import dialog shows.
 *
 * Truncation policy: an ISO-BMFF file whose index points past its end is *incomplete*. When nothing of it
 * is playable (no samples, or a cut before the first sample of a track) the probe fails with 'truncated';
 * when a usable part remains it succeeds with `truncated` set and a warning naming the playable length, so
 * the user decides (a crashed recording is still worth encoding; a copy in progress is not).
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { FfmpegError } from './ffmpeg-error.ts';
import { runFfprobe } from './ffmpeg-process.ts';
import { ffprobeOutputSchema, chooseMainVideo, headerDurationIsAbsurd, mediaInfoFromFfprobe, packetSpan, parseRate } from './ffprobe-media-info.ts';
import type { FfprobeOutput, PacketSpan } from './ffprobe-media-info.ts';
import type { MediaInfo } from './media-info.ts';
import type { Mp4Integrity } from './mp4-integrity.ts';
import { checkMp4Integrity } from './mp4-integrity.ts';
import { ProbeError } from './probe-error.ts';
import { resolveFfprobe } from './resolve-tools.ts';

export { ProbeError } from './probe-error.ts';
export type { ProbeErrorReason } from './probe-error.ts';

const NOT_MEDIA = 'This file is not a video or audio file.';
const INCOMPLETE_ADVICE = 'If it is still being copied or downloaded, wait until that finishes, then import it again.';

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;

async function statOrThrow(file: string): Promise<number> {
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw new ProbeError(file, 'not-media', `${file} is a folder, not a video or audio file.`);
    await access(file, constants.R_OK);
    return st.size;
  } catch (err) {
    if (err instanceof ProbeError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ProbeError(file, 'not-found', `File not found: ${file}. It may have been moved, renamed or be on a disconnected drive.`);
    }
    throw new ProbeError(file, 'unreadable', `Cannot read ${file} (${code ?? (err as Error).message}). Check its permissions, or copy it to a local folder first.`);
  }
}

async function integrityOf(file: string): Promise<Mp4Integrity | null> {
  try {
    return await checkMp4Integrity(file);
  } catch {
    // The check only adds certainty; an unreadable box structure is ffprobe's to judge.
    return null;
  }
}

function probeFailure(file: string, err: FfmpegError, integrity: Mp4Integrity | null): ProbeError {
  switch (err.kind) {
    case 'input-not-found':
      return new ProbeError(file, 'not-found', `File not found: ${file}.`);
    case 'permission':
      return new ProbeError(file, 'unreadable', `Cannot read ${file}: permission denied. Check its permissions.`);
    case 'decoder-unavailable':
      return new ProbeError(file, 'unsupported', err.message);
    case 'invalid-data':
      // An ISO-BMFF file with media data but no index is a moov-at-end file cut before its end.
      if (integrity && (integrity.overrun != null || (integrity.hasMdat && !integrity.hasMoov))) {
        return new ProbeError(file, 'truncated', `File is incomplete or damaged (index missing). ${INCOMPLETE_ADVICE}`);
      }
      return new ProbeError(file, 'not-media', NOT_MEDIA);
    default:
      return new ProbeError(file, 'unsupported', `ffprobe could not read this file. ${err.message}`);
  }
}

/** The packets of some streams (one ffprobe pass), measured per stream index; null when unreadable. */
async function scanPackets(ffprobe: string, file: string, streamIndexes: readonly number[]): Promise<Map<number, PacketSpan> | null> {
  try {
    const { json } = await runFfprobe(ffprobe, [
      '-v',
      'error',
      ...(streamIndexes.length === 1 ? ['-select_streams', String(streamIndexes[0])] : []),
      '-show_entries',
      'packet=stream_index,pts_time,dts_time,duration_time',
      `file:${file}`,
    ]);
    const packets = (json as { packets?: { stream_index?: number; pts_time?: string; dts_time?: string; duration_time?: string }[] }).packets ?? [];
    const byStream = new Map<number, { pts: number; duration: number | null }[]>();
    for (const p of packets) {
      const t = Number.parseFloat(p.pts_time ?? p.dts_time ?? '');
      if (!Number.isFinite(t) || p.stream_index === undefined || !streamIndexes.includes(p.stream_index)) continue;
      const d = Number.parseFloat(p.duration_time ?? '');
      let list = byStream.get(p.stream_index);
      if (!list) byStream.set(p.stream_index, (list = []));
      list.push({ pts: t, duration: Number.isFinite(d) && d > 0 ? d : null });
    }
    const spans = new Map<number, PacketSpan>();
    for (const [index, list] of byStream) {
      const span = packetSpan(list);
      if (span) spans.set(index, span);
    }
    return spans;
  } catch {
    return null;
  }
}

function needsPacketScan(out: FfprobeOutput, sizeBytes: number): number | null {
  const main = chooseMainVideo(out.streams) ?? out.streams.find((s) => s.codec_type === 'audio');
  if (!main) return null;
  const avg = parseRate(main.avg_frame_rate);
  const r = parseRate(main.r_frame_rate);
  // Matroska without DefaultDuration reports avg 1000/1 and a guessed r: only the packets tell the rate.
  const rateUnusable = main.codec_type === 'video' && (avg == null || avg > 240) && !(r != null && r <= 240 && avg == null);
  return headerDurationIsAbsurd(out, sizeBytes) || rateUnusable ? main.index : null;
}

/** The number of error-level lines (with `-v level+…`) and the first one, without its prefixes. */
function decodeErrors(stderr: string): { count: number; first: string | null } {
  const lines = stderr.split(/\r?\n/).filter((l) => /\[(error|fatal)\]/.test(l));
  return { count: lines.length, first: lines[0]?.replace(/^(\[[^\]]*\]\s*)+/, '').trim() ?? null };
}

export async function probeFile(file: string): Promise<MediaInfo> {
  const abs = path.resolve(file);
  const sizeBytes = await statOrThrow(abs);
  if (sizeBytes === 0) throw new ProbeError(abs, 'empty', `The file is empty (0 bytes). ${INCOMPLETE_ADVICE}`);

  const [ffprobe, integrity] = await Promise.all([resolveFfprobe(), integrityOf(abs)]);
  // `file:` keeps names with ':' from being read as protocols and names starting with '-' as options.
  let probed: { json: unknown; stderr: string };
  try {
    probed = await runFfprobe(ffprobe.path, ['-v', 'level+warning', '-show_format', '-show_streams', `file:${abs}`]);
  } catch (err) {
    if (err instanceof FfmpegError) throw probeFailure(abs, err, integrity);
    throw err;
  }
  const parsed = ffprobeOutputSchema.safeParse(probed.json);
  if (!parsed.success) {
    throw new ProbeError(abs, 'unsupported', `ffprobe described this file in an unexpected way (${parsed.error.issues[0]?.message ?? 'invalid JSON'}).`);
  }
  const out = parsed.data;
  const hasVideo = out.streams.some((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  if (!hasVideo && !out.streams.some((s) => s.codec_type === 'audio')) {
    throw new ProbeError(abs, 'not-media', `${NOT_MEDIA} (It holds no video or audio stream.)`);
  }

  const samples = integrity?.samples;
  if (samples && samples.presentSamples < samples.totalSamples && (samples.presentSamples === 0 || (samples.playableSec ?? 0) <= 0)) {
    throw new ProbeError(
      abs,
      'truncated',
      `File is incomplete or damaged (media data missing: it holds ${mb(sizeBytes)} of the ${mb(samples.declaredBytes)} its index describes). ${INCOMPLETE_ADVICE}`,
    );
  }

  const scanIndex = needsPacketScan(out, sizeBytes);
  // A fragmented MP4's headers give each stream's end time, not its length: measure its audio and video.
  const avIndexes = integrity?.fragmented ? out.streams.filter((s) => s.codec_type === 'video' || s.codec_type === 'audio').map((s) => s.index) : [];
  const scanned = scanIndex != null || avIndexes.length > 0 ? await scanPackets(ffprobe.path, abs, [...new Set([...avIndexes, ...(scanIndex != null ? [scanIndex] : [])])]) : null;
  const packetScan = scanIndex != null ? (scanned?.get(scanIndex) ?? null) : null;
  const measuredDurations =
    avIndexes.length > 0 && scanned ? new Map(avIndexes.flatMap((i): [number, number][] => { const d = scanned.get(i)?.durationSec; return d ? [[i, d]] : []; })) : undefined;
  const info = mediaInfoFromFfprobe(out, { file: abs, sizeBytes, packetScan, ...(measuredDurations && measuredDurations.size > 0 ? { measuredDurations } : {}) });
  const warnings = [...info.warnings];
  let truncated: MediaInfo['truncated'];

  if (samples && samples.presentSamples < samples.totalSamples) {
    truncated = { presentBytes: sizeBytes, declaredBytes: samples.declaredBytes, playableSec: samples.playableSec };
    warnings.unshift(
      `File is incomplete: only about ${(samples.playableSec ?? 0).toFixed(1)} s of ${info.durationSec.toFixed(1)} s can be encoded (it holds ${mb(sizeBytes)} of ${mb(samples.declaredBytes)}). ${INCOMPLETE_ADVICE}`,
    );
  } else if (integrity?.overrun && !samples) {
    truncated = { presentBytes: sizeBytes, declaredBytes: sizeBytes + integrity.overrun.missingBytes, playableSec: null };
    warnings.unshift(`File is incomplete: its last '${integrity.overrun.type}' box is cut short by ${integrity.overrun.missingBytes} bytes. ${INCOMPLETE_ADVICE}`);
  } else if (integrity?.overrun) {
    warnings.push(`The container header is inconsistent ('${integrity.overrun.type}' box declares ${integrity.overrun.missingBytes} bytes more than the file holds), but all media samples are present.`);
  } else if (/partial file/.test(probed.stderr)) {
    warnings.unshift(`ffprobe reports a partial file: the end of the media may be missing. ${INCOMPLETE_ADVICE}`);
  }

  const errors = decodeErrors(probed.stderr);
  if (errors.count > 0 && errors.first != null && !/partial file/.test(errors.first)) {
    warnings.push(`The decoder reported ${errors.count} error(s) while reading the start (first: "${errors.first}"); the encode may show glitches there.`);
  }

  return { ...info, warnings, ...(truncated ? { truncated } : {}) };
}
