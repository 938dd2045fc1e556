/**
 * One HLS MPEG-TS segment from sample ranges of a presentation's tracks:
 *  - video only (HLS v4 video variant), audio only (HLS v4 audio rendition), or both muxed and
 *    interleaved by decode time (HLS v3);
 *  - `keyframesOnly`: just the sync sample that starts each fragment in range (HLS I-frame playlists).
 *
 * Every segment starts with PAT and PMT and is decodable alone. Times are on the shared 90 kHz clock of
 * clock.ts. A segment is planned, then written: the plan sizes every PES (Annex B conversion, ADTS
 * headers, packet counts) so the exact length is known before the first byte (Content-Length, Range);
 * the write puts the packets into large buffers that are handed on as they fill, so a segment streams
 * out while it is built, in bounded memory whatever its size (sample-windows.ts). Same input, same bytes.
 */
import type { BytePool } from '../io/buffer-pool.ts';
import { byteArena } from '../io/copy-arena.ts';
import { SampleWindows } from './sample-windows.ts';
import type { AacConfig, DolbyAudioConfig, PresentationTrack } from '../types/media.ts';
import type { SegmentEnvelope } from '../types/protection.ts';
import { MediaError } from '../types/errors.ts';
import { ADTS_HEADER_SIZE, type AdtsFields, adtsFields, writeAdtsHeader } from './adts.ts';
import { type AnnexBLayout, annexBLayout, type NalConfig, writeAnnexB } from './annexb.ts';
import { groupAudioFrames } from './audio-pes-groups.ts';
import { PCR_DELAY_90K, PCR_MAX_INTERVAL_90K, TS_CLOCK_OFFSET_90K, to90k } from './clock.ts';
import {
  adaptationFieldSize,
  type PacketOutput,
  pesPacketCount,
  psiPacketCount,
  singleBuffer,
  TS_PACKET_SIZE,
  TsPacketWriter,
} from './packetizer.ts';
import { STREAM_ID_AUDIO, STREAM_ID_VIDEO, pesHeaderSize, writePesHeader } from './pes.ts';
import {
  AUDIO_PID,
  PAT_PID,
  PMT_PID,
  type PmtStream,
  STREAM_TYPE_AAC_ADTS,
  STREAM_TYPE_AC3,
  STREAM_TYPE_EAC3,
  STREAM_TYPE_H264,
  STREAM_TYPE_HEVC,
  VIDEO_PID,
  patSection,
  pmtSection,
} from './psi.ts';

export interface TsTrackRange {
  readonly track: PresentationTrack;
  /** Samples [firstSample, endSample) in decode order; for video, firstSample is a sync sample. */
  readonly firstSample: number;
  readonly endSample: number;
}

export interface TsSegmentInput {
  readonly video?: TsTrackRange;
  readonly audio?: TsTrackRange;
  /** Only the sync sample of each fragment in the video range; video only. */
  readonly keyframesOnly?: boolean;
}

/** One PES to write: a video access unit or a group of audio frames. */
interface Unit {
  readonly video: boolean;
  /** Video: position in the video's sample indices; audio: group index. */
  readonly index: number;
  readonly dts: number;
  readonly pts: number;
  readonly length: number;
  readonly randomAccess: boolean;
}

function describeTrack(track: PresentationTrack): string {
  return `${track.file} (track ${track.trackId}, ${track.name})`;
}

function checkRange(range: TsTrackRange, kind: 'video' | 'audio'): void {
  const { track, firstSample, endSample } = range;
  if (track.kind !== kind)
    throw new RangeError(`buildTsSegment: the ${kind} range was given a ${track.kind} track`);
  if (!(
    Number.isInteger(firstSample) &&
    Number.isInteger(endSample) &&
    0 <= firstSample &&
    firstSample < endSample &&
    endSample <= track.samples.count
  )) {
    throw new RangeError(
      `buildTsSegment: ${kind} samples [${firstSample}, ${endSample}) are not a non-empty range of the ${track.samples.count} samples of ${describeTrack(track)}`,
    );
  }
}

function nalConfigOf(track: PresentationTrack): NalConfig {
  const c = track.config;
  if (c.codec !== 'avc1' && c.codec !== 'hvc1' && c.codec !== 'hev1') {
    throw new MediaError(
      `${describeTrack(track)} is ${c.codec}; HLS TS segments carry H.264 and HEVC video only.`,
      track.file,
    );
  }
  return c;
}

function tsAudioConfigOf(track: PresentationTrack): AacConfig | DolbyAudioConfig {
  const c = track.config;
  if (c.codec !== 'mp4a' && c.codec !== 'ac-3' && c.codec !== 'ec-3') {
    throw new MediaError(
      `${describeTrack(track)} is ${c.codec}; HLS TS segments carry AAC, AC-3 and E-AC-3 audio only.`,
      track.file,
    );
  }
  return c;
}

/** Sample indices of the video: all of the range, or the first (sync) sample of each fragment in it. */
function videoSampleIndices(range: TsTrackRange, keyframesOnly: boolean): Uint32Array {
  const { firstSample, endSample, track } = range;
  if (!keyframesOnly) {
    const all = new Uint32Array(endSample - firstSample);
    for (let k = 0; k < all.length; k++) all[k] = firstSample + k;
    return all;
  }
  const starts = track.fragments.firstSample;
  const picked: number[] = [];
  for (let f = 0; f + 1 < starts.length; f++) {
    const s = starts[f] ?? 0;
    if (s >= endSample) break;
    if (s < firstSample) continue;
    if (track.samples.sync[s] !== 1) {
      throw new MediaError(
        `${describeTrack(track)}: fragment ${f} starts on sample ${s}, which is not a sync sample; the asset's GOPs are not closed.`,
        track.file,
      );
    }
    picked.push(s);
  }
  return Uint32Array.from(picked);
}

interface VideoPlan {
  readonly config: NalConfig;
  readonly indices: Uint32Array;
  readonly windows: SampleWindows;
  readonly layouts: AnnexBLayout[];
}

interface AudioPlan {
  /** ADTS header fields for AAC; null for AC-3/E-AC-3, whose frames are self-describing syncframes. */
  readonly fields: AdtsFields | null;
  readonly streamType: number;
  readonly registration?: string;
  /** Absolute sample index where each group (PES) starts, then the range's end. */
  readonly groups: Uint32Array;
  readonly windows: SampleWindows;
  readonly first: number;
}

function videoUnits(range: TsTrackRange, plan: VideoPlan, units: Unit[]): void {
  const { samples, timescale } = range.track;
  for (let k = 0; k < plan.indices.length; k++) {
    const i = plan.indices[k] ?? 0;
    const layout = plan.layouts[k]!;
    const dts = to90k(samples.dts[i] ?? 0, timescale);
    const pts = to90k((samples.dts[i] ?? 0) + (samples.cto[i] ?? 0), timescale);
    units.push({
      video: true,
      index: k,
      dts,
      pts,
      length: pesHeaderSize(pts !== dts) + layout.size,
      randomAccess: samples.sync[i] === 1,
    });
  }
}

/** The Annex B layout of every video sample: reads the samples, window by window. */
async function layoutVideo(range: TsTrackRange, plan: VideoPlan): Promise<void> {
  const { samples } = range.track;
  const where = describeTrack(range.track);
  const w = plan.windows;
  for (let k = 0; k < plan.indices.length; k++) {
    if (!w.has(k)) await w.load(k);
    const i = plan.indices[k] ?? 0;
    plan.layouts.push(
      annexBLayout(
        w.data,
        w.at(k),
        samples.sizes[i] ?? 0,
        plan.config,
        samples.sync[i] === 1,
        `${where} sample ${i}`,
      ),
    );
  }
  // Kept for the write when it was all one read; otherwise the write reads the windows again.
  if (!w.single) w.release();
}

function audioUnits(range: TsTrackRange, plan: AudioPlan, units: Unit[]): void {
  const { samples, timescale } = range.track;
  for (let g = 0; g + 1 < plan.groups.length; g++) {
    const start = plan.groups[g] ?? 0;
    const end = plan.groups[g + 1] ?? 0;
    const header = plan.fields ? ADTS_HEADER_SIZE : 0;
    let length = pesHeaderSize(false);
    for (let i = start; i < end; i++) length += header + (samples.sizes[i] ?? 0);
    // AAC decode time is its presentation time; a composition offset, if any, is ignored like players do.
    const time = to90k(samples.dts[start] ?? 0, timescale);
    units.push({ video: false, index: g, dts: time, pts: time, length, randomAccess: true });
  }
}

/** Video and audio PES in decode-time order; on a tie the video (which carries the PCR when muxed) goes first. */
function interleave(video: Unit[], audio: Unit[]): Unit[] {
  const out: Unit[] = [];
  let v = 0;
  let a = 0;
  while (v < video.length || a < audio.length) {
    const nv = video[v];
    const na = audio[a];
    if (nv && (!na || nv.dts <= na.dts)) {
      out.push(nv);
      v++;
    } else if (na) {
      out.push(na);
      a++;
    }
  }
  return out;
}

/**
 * PCR-only packets to write before each PES: values first[u], first[u] + 100 ms, … (count[u] of them).
 * Kept as counts, not lists: a long gap in a timeline streams many such packets, in no memory.
 */
interface PcrFillers {
  readonly first: Float64Array;
  readonly count: Float64Array;
  readonly total: number;
}

/**
 * The PCR schedule: each PES on the PCR PID carries PCR = DTS − PCR_DELAY in its first packet. Where
 * the next PCR would come more than 100 ms after the last (keyframes-only segments, sparse video), or a
 * PES of the other stream comes first, PCR-only packets are inserted before that PES.
 */
function pcrFillers(units: readonly Unit[], pcrVideo: boolean): PcrFillers {
  const first = new Float64Array(units.length);
  const count = new Float64Array(units.length);
  let total = 0;
  let last = -1;
  units.forEach((unit, u) => {
    const due = unit.dts - PCR_DELAY_90K;
    const onPcrPid = unit.video === pcrVideo;
    if (last < 0 && !onPcrPid) {
      first[u] = last = due;
      count[u] = 1;
    } else if (last >= 0 && due - last > PCR_MAX_INTERVAL_90K) {
      const n = Math.ceil((due - last) / PCR_MAX_INTERVAL_90K) - 1;
      first[u] = last + PCR_MAX_INTERVAL_90K;
      count[u] = n;
      last += n * PCR_MAX_INTERVAL_90K;
    }
    total += count[u]!;
    if (onPcrPid) last = due;
  });
  return { first, count, total };
}

/**
 * The samples read for a segment live only while it is written: recycled, they cost no page faults,
 * no collector work and no heap fragmentation (a 6 s 1080p segment reads megabytes). They are read
 * into the byte arena, so that the packetizer copies them with WebAssembly into packets that are
 * in the arena too (streamed segments, stream-segment.ts).
 */
const samplePool = (): BytePool => byteArena();


/** Samples a segment reads at once (per track): beyond that it is walked window by window. */
export const SAMPLE_WINDOW_BYTES = 8 << 20;

/** A planned segment: its exact size, and how to write it. */
export interface TsSegmentPlan {
  readonly size: number;
  /**
   * Writes the packets to `output`, reading sample windows as it goes. `pace`, called after each PES,
   * may return a promise to wait for (the socket's backpressure). Once only.
   */
  write(output: PacketOutput, pace?: () => Promise<void> | undefined): Promise<void>;
  /** Gives the sample buffers back; call once the plan is done with (written or not). */
  close(): void;
}

export interface TsPlanOptions {
  /** Sample bytes read at once per track (default SAMPLE_WINDOW_BYTES). */
  readonly windowBytes?: number;
}

/** Reads what sizing needs (the video's NAL lengths) and returns the plan; throws MediaError on bad media. */
export async function planTsSegment(
  input: TsSegmentInput,
  options: TsPlanOptions = {},
): Promise<TsSegmentPlan> {
  const { video, audio } = input;
  const keyframesOnly = input.keyframesOnly === true;
  if (!video && !audio) throw new RangeError('buildTsSegment: give a video range, an audio range or both');
  if (keyframesOnly && (!video || audio))
    throw new RangeError('buildTsSegment: keyframesOnly segments carry video only');
  if (video) checkRange(video, 'video');
  if (audio) checkRange(audio, 'audio');
  const windowBytes = options.windowBytes ?? SAMPLE_WINDOW_BYTES;

  let videoPlan: VideoPlan | undefined;
  let audioPlan: AudioPlan | undefined;
  try {
    if (video) {
      const config = nalConfigOf(video.track);
      const indices = videoSampleIndices(video, keyframesOnly);
      const each = new Uint32Array(indices.length + 1);
      for (let k = 0; k < each.length; k++) each[k] = k;
      videoPlan = {
        config,
        indices,
        windows: new SampleWindows(video.track, indices, each, samplePool(), windowBytes),
        layouts: [],
      };
    }
    if (audio) {
      const config = tsAudioConfigOf(audio.track);
      const fields = config.codec === 'mp4a' ? adtsFields(config, describeTrack(audio.track)) : null;
      const streamType =
        config.codec === 'mp4a'
          ? STREAM_TYPE_AAC_ADTS
          : config.codec === 'ac-3'
            ? STREAM_TYPE_AC3
            : STREAM_TYPE_EAC3;
      const registration = config.codec === 'ac-3' ? 'AC-3' : config.codec === 'ec-3' ? 'EAC3' : undefined;
      const { samples, timescale } = audio.track;
      const groups = groupAudioFrames(samples, timescale, audio.firstSample, audio.endSample);
      const indices = new Uint32Array(audio.endSample - audio.firstSample);
      for (let k = 0; k < indices.length; k++) indices[k] = audio.firstSample + k;
      const unitStart = groups.map((g) => g - audio.firstSample);
      audioPlan = {
        fields,
        streamType,
        ...(registration && { registration }),
        groups,
        windows: new SampleWindows(audio.track, indices, unitStart, samplePool(), windowBytes),
        first: audio.firstSample,
      };
    }
    // The audio of a small segment is read while the video is sized (both are one read).
    const a = audioPlan;
    await Promise.all([
      video && videoPlan ? layoutVideo(video, videoPlan) : undefined,
      a?.windows.single ? a.windows.load(0) : undefined,
    ]);
    return planWrite(input, videoPlan, audioPlan);
  } catch (err) {
    videoPlan?.windows.release();
    audioPlan?.windows.release();
    throw err;
  }
}

/** Largest segment buildTsSegment builds in one buffer: bigger ones are streamed (planTsSegment). */
const MAX_IN_MEMORY_BYTES = 256 << 20;

/**
 * The whole segment in one buffer (tests, tools, the segment cache).
 * @param allocate where the segment is written (a recycled buffer, at least `size` bytes long); the
 *   result is then its first `size` bytes. By default a new buffer of exactly that size.
 * @param envelope the segment's AES-128 encryption; absent = clear.
 */
export async function buildTsSegment(
  input: TsSegmentInput,
  allocate: (size: number) => Buffer = (size) => Buffer.allocUnsafe(size),
  envelope?: SegmentEnvelope,
): Promise<Uint8Array> {
  const plan = await planTsSegment(input);
  try {
    return await writeTsPlan(plan, allocate, envelope);
  } finally {
    plan.close();
  }
}

/**
 * Writes a plan into one buffer from `allocate` (see buildTsSegment). With the HLS AES-128 envelope
 * the buffer is sized for the sealed segment and the packets are encrypted in place once written (no
 * clear copy is kept).
 */
export async function writeTsPlan(
  plan: TsSegmentPlan,
  allocate: (size: number) => Buffer,
  envelope?: SegmentEnvelope,
): Promise<Uint8Array> {
  if (plan.size > MAX_IN_MEMORY_BYTES) {
    throw new RangeError(
      `buildTsSegment: a ${Math.ceil(plan.size / 1048576)} MiB segment is streamed, not built in memory (planTsSegment)`,
    );
  }
  if (!envelope) {
    const out = allocate(plan.size).subarray(0, plan.size);
    await plan.write(singleBuffer(out));
    return out;
  }
  const buffer = allocate(envelope.sealedLength(plan.size));
  await plan.write(singleBuffer(buffer.subarray(0, plan.size)));
  return envelope.seal(buffer, plan.size);
}

function planWrite(
  input: TsSegmentInput,
  videoPlan: VideoPlan | undefined,
  audioPlan: AudioPlan | undefined,
): TsSegmentPlan {
  const { video, audio } = input;
  const vUnits: Unit[] = [];
  const aUnits: Unit[] = [];
  if (video && videoPlan) videoUnits(video, videoPlan, vUnits);
  if (audio && audioPlan) audioUnits(audio, audioPlan, aUnits);
  const units = interleave(vUnits, aUnits);
  // PCR = DTS − 700 ms must stay ≥ 0 (a negative one reads as "no PCR" and the sizes disagree). The
  // open-time checks keep decode times within 5 s before 0, well inside the clock's 10 s headroom.
  const early = units[0];
  if (early && early.dts < PCR_DELAY_90K) {
    const track = (early.video ? video : audio)!.track;
    throw new MediaError(
      `${describeTrack(track)}: a sample is decoded ${((TS_CLOCK_OFFSET_90K - early.dts) / 90_000).toFixed(3)} s before the presentation starts, too early for MPEG-TS`,
      track.file,
    );
  }
  const pcrVideo = video !== undefined;
  const fillers = pcrFillers(units, pcrVideo);

  const streams: PmtStream[] = [];
  if (video && videoPlan)
    streams.push({
      streamType: videoPlan.config.codec === 'avc1' ? STREAM_TYPE_H264 : STREAM_TYPE_HEVC,
      pid: VIDEO_PID,
    });
  if (audio && audioPlan) {
    const registration = audioPlan.registration ? { registration: audioPlan.registration } : {};
    streams.push({
      streamType: audioPlan.streamType,
      pid: AUDIO_PID,
      language: audio.track.language,
      ...registration,
    });
  }
  const pat = patSection();
  const pmt = pmtSection(pcrVideo ? VIDEO_PID : AUDIO_PID, streams);

  let packets = psiPacketCount(pat.length) + psiPacketCount(pmt.length) + fillers.total;
  for (const unit of units)
    packets += pesPacketCount(unit.length, adaptationFieldSize(unit.video === pcrVideo, unit.randomAccess));
  const size = packets * TS_PACKET_SIZE;
  let used = false;
  let writing = false;
  let closed = false;
  const release = (): void => {
    videoPlan?.windows.release();
    audioPlan?.windows.release();
  };

  return {
    size,
    close() {
      closed = true;
      // During a write the buffers are still being read: the write gives them back when it ends.
      if (!writing) release();
    },
    async write(output, pace) {
      if (used || closed) throw new Error('TS segment plan: written twice, or after close');
      used = writing = true;
      try {
        await writePackets(output, pace);
      } finally {
        writing = false;
        if (closed) release();
      }
    },
  };

  async function writePackets(output: PacketOutput, pace?: () => Promise<void> | undefined): Promise<void> {
    const writer = new TsPacketWriter(output, byteArena());
    writer.psi(PAT_PID, pat);
    writer.psi(PMT_PID, pmt);
    const header = Buffer.alloc(pesHeaderSize(true));
    const pcrPid = pcrVideo ? VIDEO_PID : AUDIO_PID;
    for (let u = 0; u < units.length; u++) {
      const unit = units[u]!;
      for (let j = 0, n = fillers.count[u]!; j < n; j++) {
        writer.pcrOnly(pcrPid, fillers.first[u]! + j * PCR_MAX_INTERVAL_90K);
        // A long run of PCR-only packets paces too (a gap in a corrupt timeline).
        if (pace && (j & 4095) === 4095) await pace();
      }
      const onPcrPid = unit.video === pcrVideo;
      if (unit.video && video && videoPlan) {
        const w = videoPlan.windows;
        if (!w.has(unit.index)) await w.load(unit.index);
        writer.startPes(VIDEO_PID, unit.length, onPcrPid ? unit.dts - PCR_DELAY_90K : -1, unit.randomAccess);
        const n = writePesHeader(header, 0, STREAM_ID_VIDEO, -1, unit.pts, unit.dts);
        writer.bytes(header, 0, n);
        const i = videoPlan.indices[unit.index] ?? 0;
        writeAnnexB(
          writer,
          w.data,
          w.at(unit.index),
          video.track.samples.sizes[i] ?? 0,
          videoPlan.config,
          videoPlan.layouts[unit.index]!,
        );
      } else if (audio && audioPlan) {
        const w = audioPlan.windows;
        if (!w.has(unit.index)) await w.load(unit.index);
        writer.startPes(AUDIO_PID, unit.length, onPcrPid ? unit.dts - PCR_DELAY_90K : -1, unit.randomAccess);
        const n = writePesHeader(
          header,
          0,
          STREAM_ID_AUDIO,
          unit.length - pesHeaderSize(false),
          unit.pts,
          unit.dts,
        );
        writer.bytes(header, 0, n);
        const sizes = audio.track.samples.sizes;
        const data = w.data;
        for (
          let i = audioPlan.groups[unit.index] ?? 0, end = audioPlan.groups[unit.index + 1] ?? 0;
          i < end;
          i++
        ) {
          const sampleSize = sizes[i] ?? 0;
          if (audioPlan.fields) {
            writeAdtsHeader(header, 0, audioPlan.fields, sampleSize);
            writer.bytes(header, 0, ADTS_HEADER_SIZE);
          }
          const pos = w.at(i - audioPlan.first);
          writer.bytes(data, pos, pos + sampleSize);
        }
      }
      if (pace) {
        const wait = pace();
        if (wait) await wait;
      }
    }
    writer.finish();
    if (writer.written !== size)
      throw new Error(`TS writer: wrote ${writer.written} of the ${size} bytes planned`);
  }
}
