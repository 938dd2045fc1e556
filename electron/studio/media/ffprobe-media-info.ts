/**
 * Reads ffprobe's `-show_format -show_streams` JSON into MediaInfo: which video stream to encode, how it
 * is displayed (rotation, SAR), its rate, depth and transfer, and the audio streams. Pure: the probe
 * supplies the JSON and whatever it measured separately (packet scans, integrity).
 */
import { z } from 'zod';
import type { AudioStreamInfo, MediaInfo, VideoStreamInfo } from './media-info.ts';

const numeric = z.union([z.string(), z.number()]).optional();

const streamSchema = z
  .object({
    index: z.number(),
    codec_type: z.string().optional(),
    codec_name: z.string().optional(),
    profile: z.string().optional(),
    width: z.number().optional(),
    height: z.number().optional(),
    sample_aspect_ratio: z.string().optional(),
    r_frame_rate: z.string().optional(),
    avg_frame_rate: z.string().optional(),
    time_base: z.string().optional(),
    start_time: numeric,
    duration_ts: z.number().optional(),
    duration: numeric,
    nb_frames: numeric,
    bit_rate: numeric,
    pix_fmt: z.string().optional(),
    bits_per_raw_sample: numeric,
    color_transfer: z.string().optional(),
    field_order: z.string().optional(),
    sample_rate: numeric,
    channels: z.number().optional(),
    disposition: z.record(z.string(), z.number()).optional(),
    tags: z.record(z.string(), z.string()).optional(),
    side_data_list: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .loose();

export const ffprobeOutputSchema = z
  .object({
    streams: z.array(streamSchema).default([]),
    format: z
      .object({
        format_name: z.string().optional(),
        duration: numeric,
        start_time: numeric,
        bit_rate: numeric,
        size: numeric,
        tags: z.record(z.string(), z.string()).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export type FfprobeOutput = z.infer<typeof ffprobeOutputSchema>;
export type FfprobeStream = z.infer<typeof streamSchema>;

/** What the probe measured itself, beyond ffprobe's header view. */
export interface ProbeExtras {
  readonly file: string;
  readonly sizeBytes: number;
  /** Span of the main stream's packets, when the headers' duration or rate was missing or absurd. */
  readonly packetScan?: PacketSpan | null;
  /**
   * Stream lengths measured from the packets, by stream index. A fragmented MP4's headers give a
   * stream's end time rather than its length (an HLS segment whose media starts at 10 s claims 17.1 s
   * for 7.1 s of video), so the probe measures such files.
   */
  readonly measuredDurations?: ReadonlyMap<number, number>;
}

/** What the packets of one stream say: their time span, how many there are and their average rate. */
export interface PacketSpan {
  readonly durationSec: number;
  readonly frames: number;
  /** Packets per second from the first to the last timestamp; null with fewer than 2 timestamps. */
  readonly frameRate: number | null;
}

/**
 * Span and rate of a stream from its packet timestamps (any order: B-frames come in decode order).
 * The rate is (n − 1) intervals over last − first, never n over the span: a Matroska file without
 * DefaultDuration has no packet durations, and n / (last − first) overstates 29.97 fps as 30.99 on 30
 * frames. Averaging over the whole stream keeps millisecond-rounded timestamps from drifting.
 */
export function packetSpan(packets: readonly { readonly pts: number; readonly duration: number | null }[]): PacketSpan | null {
  if (packets.length === 0) return null;
  let first = Infinity;
  let last = -Infinity;
  let end = -Infinity;
  for (const p of packets) {
    first = Math.min(first, p.pts);
    last = Math.max(last, p.pts);
    end = Math.max(end, p.pts + (p.duration ?? 0));
  }
  const frameRate = packets.length > 1 && last > first ? (packets.length - 1) / (last - first) : null;
  // Without packet durations the last frame lasts one average interval.
  const durationSec = end > last ? end - first : last - first + (frameRate ? 1 / frameRate : 0);
  return durationSec > 0 ? { durationSec, frames: packets.length, frameRate } : null;
}

function num(v: string | number | undefined): number | null {
  if (v == null) return null;
  const n = typeof v === 'number' ? v : Number.parseFloat(v);
  return Number.isFinite(n) ? n : null;
}

/** `30000/1001` → 29.97; `0/0` and garbage → null. */
export function parseRate(r: string | undefined): number | null {
  if (r == null) return null;
  const [a, b] = r.split('/').map(Number);
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || a <= 0 || b <= 0) return null;
  return a / b;
}

function parseRatio(r: string | undefined): { num: number; den: number } {
  const m = /^(\d+):(\d+)$/.exec(r ?? '');
  const n = Number(m?.[1] ?? 0);
  const d = Number(m?.[2] ?? 0);
  return n > 0 && d > 0 ? { num: n, den: d } : { num: 1, den: 1 };
}

/**
 * A stream duration of 0xFFFFFFFF (or more) timescale units is the "unknown" sentinel old muxers wrote
 * into fragmented files' headers: ffprobe turns it into 143165 s at a 1/30000 time base.
 */
function isSentinelDuration(s: FfprobeStream): boolean {
  return s.duration_ts != null && s.duration_ts >= 0xffff_fffe;
}

/** Matroska keeps the real duration in a `DURATION` statistics tag (`00:00:00.967000000`). */
function tagDuration(tags: Record<string, string> | undefined): number | null {
  const v = tags?.DURATION ?? tags?.duration;
  const m = /^(\d+):(\d\d):(\d\d(?:\.\d+)?)$/.exec(v ?? '');
  if (!m) return null;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

export function streamDurationSec(s: FfprobeStream): number | null {
  if (isSentinelDuration(s)) return null;
  const d = num(s.duration) ?? tagDuration(s.tags);
  return d != null && d > 0 ? d : null;
}

/** ffprobe's display-matrix rotation is counter-clockwise degrees; the legacy `rotate` tag is clockwise. */
export function clockwiseRotation(s: FfprobeStream): { rotation: number; garbage: number | null } {
  const matrix = s.side_data_list?.find((d) => d.side_data_type === 'Display Matrix');
  let cw: number | null = null;
  let raw: number | null = null;
  if (matrix && typeof matrix.rotation === 'number') {
    raw = matrix.rotation;
    cw = -matrix.rotation;
  } else if (s.tags?.rotate != null) {
    raw = Number(s.tags.rotate);
    cw = raw;
  }
  if (cw == null || raw == null) return { rotation: 0, garbage: null };
  if (!Number.isFinite(cw) || Math.abs(cw) > 360) return { rotation: 0, garbage: raw };
  const norm = ((Math.round(cw) % 360) + 360) % 360;
  const snapped = Math.round(norm / 90) * 90;
  if (Math.abs(norm - snapped) > 1) return { rotation: 0, garbage: raw };
  return { rotation: snapped % 360, garbage: null };
}

/** Bit depth from the pixel format (`yuv420p10le` → 10), else bits_per_raw_sample, else 8. */
export function bitDepthOf(pixFmt: string | undefined, rawBits: string | number | undefined): number {
  const m = /p(\d{1,2})(le|be)?$/.exec(pixFmt ?? '');
  if (m?.[1]) return Number(m[1]);
  const raw = num(rawBits);
  return raw != null && raw > 0 ? raw : 8;
}

const IMAGE_CODECS = new Set(['mjpeg', 'png', 'bmp', 'gif', 'webp', 'tiff', 'jpegls']);

function frameCountOf(s: FfprobeStream): number | null {
  const n = num(s.nb_frames) ?? num(s.tags?.NUMBER_OF_FRAMES);
  return n != null && n > 0 ? n : null;
}

/** Cover art (attached_pic) is never video; stills are tracks of a few frames at under 2 fps. */
function isStill(s: FfprobeStream): boolean {
  const frames = frameCountOf(s);
  const avg = parseRate(s.avg_frame_rate);
  if (IMAGE_CODECS.has(s.codec_name ?? '') && (frames == null || frames <= 1)) return true;
  return frames != null && frames <= 5 && avg != null && avg < 2;
}

const evenFloor = (x: number): number => Math.max(2, Math.floor(x / 2) * 2);

export function videoInfo(s: FfprobeStream, warnings: string[]): VideoStreamInfo {
  const width = s.width ?? 0;
  const height = s.height ?? 0;
  const sar = parseRatio(s.sample_aspect_ratio);
  const { rotation, garbage } = clockwiseRotation(s);
  if (garbage != null) {
    warnings.push(`Stream ${s.index} has an invalid rotation (${garbage}); it is shown unrotated.`);
  }
  // A SAR within 1 % of square (Core Media writes 1280:1281) is a rounding artefact, not anamorphic video.
  const ratio = sar.num / sar.den;
  const stretchedWidth = Math.abs(ratio - 1) <= 0.01 ? width : width * ratio;
  const w = evenFloor(stretchedWidth);
  const h = evenFloor(height);
  const swap = rotation === 90 || rotation === 270;

  const r = parseRate(s.r_frame_rate);
  const avg = parseRate(s.avg_frame_rate);
  const plausible = (x: number | null): x is number => x != null && x > 0 && x <= 240;
  const frameRate = plausible(avg) ? avg : plausible(r) ? r : 0;
  const variableFrameRate = r != null && avg != null && Math.abs(r - avg) / avg > 0.01;

  const hdr = s.color_transfer === 'smpte2084' ? 'pq' : s.color_transfer === 'arib-std-b67' ? 'hlg' : null;
  return {
    index: s.index,
    codec: s.codec_name ?? 'unknown',
    ...(s.profile ? { profile: s.profile } : {}),
    width,
    height,
    displayWidth: swap ? h : w,
    displayHeight: swap ? w : h,
    rotation,
    sar,
    frameRate,
    variableFrameRate,
    pixelFormat: s.pix_fmt ?? 'unknown',
    bitDepth: bitDepthOf(s.pix_fmt, s.bits_per_raw_sample),
    hdr,
    interlaced: ['tt', 'bb', 'tb', 'bt'].includes(s.field_order ?? ''),
    bitrate: num(s.bit_rate) ?? num(s.tags?.BPS),
    durationSec: streamDurationSec(s),
    frameCount: frameCountOf(s),
  };
}

/**
 * The iTunes gapless tag (`iTunSMPB`: priming, padding and the original length in samples, hex) of an
 * M4A: ffmpeg trims the encoder's priming and padding, so the audio that plays is the original length,
 * not the packets' span (fdkaac's 3.0 s in 26 frames of 1024 samples at 8 kHz: 3.328 s of packets).
 */
export function gaplessDurationSec(tag: string | undefined, sampleRate: number): number | null {
  const fields = tag?.trim().split(/\s+/) ?? [];
  const samples = fields[3] !== undefined && /^[0-9a-f]+$/i.test(fields[3]) ? Number.parseInt(fields[3], 16) : NaN;
  return Number.isFinite(samples) && samples > 0 && sampleRate > 0 ? samples / sampleRate : null;
}

function audioInfo(s: FfprobeStream, gaplessTag?: string): AudioStreamInfo {
  const lang = (s.tags?.language ?? s.tags?.LANGUAGE ?? '').trim().toLowerCase();
  return {
    index: s.index,
    codec: s.codec_name ?? 'unknown',
    ...(s.profile ? { profile: s.profile } : {}),
    sampleRate: num(s.sample_rate) ?? 0,
    channels: s.channels ?? 0,
    language: lang === '' ? 'und' : lang,
    bitrate: num(s.bit_rate) ?? num(s.tags?.BPS),
    durationSec: gaplessDurationSec(gaplessTag, num(s.sample_rate) ?? 0) ?? streamDurationSec(s),
  };
}

/** Picks the stream to encode: the largest non-still real video, the default one on a tie. */
export function chooseMainVideo(streams: readonly FfprobeStream[]): FfprobeStream | null {
  const real = streams.filter((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1 && !isStill(s));
  const area = (s: FfprobeStream): number => (s.width ?? 0) * (s.height ?? 0);
  return (
    [...real].sort((a, b) => area(b) - area(a) || (b.disposition?.default ?? 0) - (a.disposition?.default ?? 0) || a.index - b.index)[0] ??
    null
  );
}

/**
 * The header duration unless it is absurd: a sentinel stream duration, or a duration at which the file's
 * bytes would make less than 1 kbit/s (a 106 KB fMP4 claiming 143165 s).
 */
export function headerDurationIsAbsurd(out: FfprobeOutput, sizeBytes: number): boolean {
  const d = num(out.format?.duration);
  if (d == null || d <= 0) return true;
  const sentinel = out.streams.some((s) => isSentinelDuration(s) && Math.abs((num(s.duration) ?? 0) - d) < 1);
  return sentinel || (sizeBytes * 8) / d < 1000;
}

export function mediaInfoFromFfprobe(out: FfprobeOutput, extras: ProbeExtras): MediaInfo {
  const warnings: string[] = [];
  const main = chooseMainVideo(out.streams);
  const measured = (info: VideoStreamInfo): VideoStreamInfo => {
    const d = extras.measuredDurations?.get(info.index);
    return d === undefined ? info : { ...info, durationSec: d };
  };
  const video = main ? measured(videoInfo(main, warnings)) : null;
  const otherVideo = out.streams
    .filter((s) => s.codec_type === 'video' && s !== main && s.disposition?.attached_pic !== 1)
    .map((s) => measured(videoInfo(s, [])));
  const audioStreams = out.streams.filter((s) => s.codec_type === 'audio');
  // iTunes writes one gapless tag per file, for its one audio track.
  const gaplessTag = audioStreams.length === 1 ? out.format?.tags?.iTunSMPB : undefined;
  const audio = audioStreams.map((s) => {
    const info = audioInfo(s, gaplessTag);
    const d = extras.measuredDurations?.get(info.index);
    return d === undefined ? info : { ...info, durationSec: d };
  });

  let durationSec: number;
  const measuredSpans = [video, ...audio].flatMap((st) => (st && extras.measuredDurations?.has(st.index) ? [st.durationSec ?? 0] : []));
  const absurd = headerDurationIsAbsurd(out, extras.sizeBytes);
  if (!absurd && measuredSpans.length === 0) {
    durationSec = num(out.format?.duration) ?? 0;
  } else {
    const streamMax = Math.max(0, ...[video, ...audio].map((s) => s?.durationSec ?? 0));
    const scanned = measuredSpans.length > 0 ? Math.max(...measuredSpans) : (extras.packetScan?.durationSec ?? 0);
    durationSec = scanned > 0 ? scanned : streamMax;
    const claimed = num(out.format?.duration);
    if (absurd) {
      warnings.push(
        claimed != null
          ? `The file's header claims ${claimed.toFixed(0)} s, which its size cannot hold; the duration ${durationSec.toFixed(2)} s comes from ${scanned > 0 ? 'its packets' : 'its streams'}.`
          : `The file's header has no duration; ${durationSec.toFixed(2)} s comes from ${scanned > 0 ? 'its packets' : 'its streams'}.`,
      );
    }
  }

  let videoOut = video;
  const statedAvg = parseRate(main?.avg_frame_rate);
  if (video && (video.frameRate === 0 || statedAvg == null || statedAvg > 240)) {
    const estimated = extras.packetScan?.frameRate ?? video.frameRate;
    videoOut = { ...video, frameRate: estimated, variableFrameRate: true, frameDurationsUnknown: true };
    warnings.push(
      estimated > 0
        ? `The file does not state a usable frame rate; about ${estimated.toFixed(2)} fps was measured from its frames.`
        : 'The file does not state a frame rate; the encoder will pick one.',
    );
  }
  // MPEG-TS and fragmented MP4 (HLS segments) timestamps start anywhere; other containers start at 0,
  // so a later first frame is an offset.
  const startsAnywhere = /mpegts/.test(out.format?.format_name ?? '') || extras.measuredDurations !== undefined;
  const baseline = startsAnywhere ? (num(out.format?.start_time) ?? 0) : 0;
  const lateStart = (num(main?.start_time) ?? 0) - baseline;
  if (lateStart > 0.5) {
    warnings.push(`The video starts ${lateStart.toFixed(1)} s after the start of the file (an empty edit or a late first frame).`);
  }
  if (video?.hdr) warnings.push(`HDR (${video.hdr === 'pq' ? 'PQ/HDR10' : 'HLG'}) source: it will be converted to SDR.`);
  if (main?.side_data_list?.some((d) => d.side_data_type === 'DOVI configuration record')) {
    warnings.push('Dolby Vision metadata is not kept; the base layer is encoded.');
  }
  if (video?.interlaced) warnings.push('Interlaced source: it will be deinterlaced.');
  const ignoredStills = out.streams.filter((s) => s.codec_type === 'video' && s.disposition?.attached_pic === 1);
  if (ignoredStills.length > 0) warnings.push('Cover art is not encoded as video.');

  return {
    file: extras.file,
    sizeBytes: extras.sizeBytes,
    container: out.format?.format_name ?? 'unknown',
    durationSec,
    bitrate: num(out.format?.bit_rate) != null && !headerDurationIsAbsurd(out, extras.sizeBytes) ? num(out.format?.bit_rate) : durationSec > 0 ? Math.round((extras.sizeBytes * 8) / durationSec) : null,
    video: videoOut,
    otherVideo,
    audio,
    warnings,
  };
}
