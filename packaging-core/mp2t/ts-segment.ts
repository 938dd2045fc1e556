/**
 * One HLS MPEG-TS segment from sample ranges of a presentation's tracks:
 *  - video only (HLS v4 video variant), audio only (HLS v4 audio rendition), or both muxed and
 *    interleaved by decode time (HLS v3);
 *  - `keyframesOnly`: just the sync sample that starts each fragment in range (HLS I-frame playlists).
 *
 * Every segment starts with PAT and PMT and is decodable alone. Times are on the shared 90 kHz clock of
 * clock.ts. The output is built in two passes: the first sizes every PES (Annex B conversion, ADTS
 * headers, packet counts) from the samples read into memory, the second writes straight into one buffer
 * of exactly that size. Same input, same bytes. With the HLS AES-128 envelope the buffer is sized for
 * the sealed segment and the packets are encrypted in place once written (no clear copy is kept).
 */
import { BufferPool } from '../io/buffer-pool.ts';
import type { AacConfig, DolbyAudioConfig, PresentationTrack } from '../types/media.ts';
import type { SegmentEnvelope } from '../types/protection.ts';
import { MediaError } from '../types/errors.ts';
import { ADTS_HEADER_SIZE, type AdtsFields, adtsFields, writeAdtsHeader } from './adts.ts';
import { type AnnexBLayout, annexBLayout, type NalConfig, writeAnnexB } from './annexb.ts';
import { groupAudioFrames } from './audio-pes-groups.ts';
import { PCR_DELAY_90K, PCR_MAX_INTERVAL_90K, TS_CLOCK_OFFSET_90K, to90k } from './clock.ts';
import {
  adaptationFieldSize,
  pesPacketCount,
  psiPacketCount,
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
import { type SampleBytes, readSamples } from '../io/read-samples.ts';
import { checkSegmentBytes } from './segment-limit.ts';

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
  /** Video: index into the read samples; audio: group index. */
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
    throw new MediaError(`${describeTrack(track)} is ${c.codec}; HLS TS segments carry H.264 and HEVC video only.`, track.file);
  }
  return c;
}

function tsAudioConfigOf(track: PresentationTrack): AacConfig | DolbyAudioConfig {
  const c = track.config;
  if (c.codec !== 'mp4a' && c.codec !== 'ac-3' && c.codec !== 'ec-3') {
    throw new MediaError(`${describeTrack(track)} is ${c.codec}; HLS TS segments carry AAC, AC-3 and E-AC-3 audio only.`, track.file);
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
  readonly bytes: SampleBytes;
  readonly layouts: AnnexBLayout[];
}

interface AudioPlan {
  /** ADTS header fields for AAC; null for AC-3/E-AC-3, whose frames are self-describing syncframes. */
  readonly fields: AdtsFields | null;
  readonly streamType: number;
  readonly registration?: string;
  readonly groups: Uint32Array;
  readonly bytes: SampleBytes;
  readonly first: number;
}

function videoUnits(range: TsTrackRange, plan: VideoPlan, units: Unit[]): void {
  const { samples, timescale } = range.track;
  const where = describeTrack(range.track);
  for (let k = 0; k < plan.indices.length; k++) {
    const i = plan.indices[k] ?? 0;
    const size = samples.sizes[i] ?? 0;
    const sync = samples.sync[i] === 1;
    const layout = annexBLayout(
      plan.bytes.data,
      plan.bytes.at[k] ?? 0,
      size,
      plan.config,
      sync,
      `${where} sample ${i}`,
    );
    plan.layouts.push(layout);
    const dts = to90k(samples.dts[i] ?? 0, timescale);
    const pts = to90k((samples.dts[i] ?? 0) + (samples.cto[i] ?? 0), timescale);
    units.push({
      video: true,
      index: k,
      dts,
      pts,
      length: pesHeaderSize(pts !== dts) + layout.size,
      randomAccess: sync,
    });
  }
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
 * The PCR schedule: each PES on the PCR PID carries PCR = DTS − PCR_DELAY in its first packet. Where
 * the next PCR would come more than 100 ms after the last (keyframes-only segments, sparse video), or a
 * PES of the other stream comes first, PCR-only packets are inserted before that PES.
 * Returns, per unit, the PCR values of the PCR-only packets to write before it.
 */
function pcrFillers(units: readonly Unit[], pcrVideo: boolean, pcrTrack: PresentationTrack): number[][] {
  const fillers: number[][] = [];
  let last = -1;
  let count = 0;
  for (const unit of units) {
    const due = unit.dts - PCR_DELAY_90K;
    const before: number[] = [];
    const onPcrPid = unit.video === pcrVideo;
    if (last < 0 && !onPcrPid) before.push((last = due));
    // Counted before any is made: a gap in a corrupt timeline must not allocate first and fail later.
    if (last >= 0 && due - last > PCR_MAX_INTERVAL_90K) {
      count += Math.ceil((due - last) / PCR_MAX_INTERVAL_90K);
      checkSegmentBytes(count * TS_PACKET_SIZE, pcrTrack, 'PCR packets');
    }
    while (last >= 0 && due - last > PCR_MAX_INTERVAL_90K) before.push((last += PCR_MAX_INTERVAL_90K));
    if (onPcrPid) last = due;
    fillers.push(before);
  }
  return fillers;
}

/**
 * The samples read for a segment live only while it is written: recycled, they cost no page faults,
 * no collector work and no heap fragmentation (a 6 s 1080p segment reads megabytes).
 */
const samplePool = new BufferPool({ granule: 1 << 20, maxFreeBytes: 8 << 20 });

/** Bytes of sample buffers kept for the next segments (for memory reports). */
export function idleSampleBufferBytes(): number {
  return samplePool.idleBytes;
}

/**
 * @param allocate where the segment is written (a recycled buffer, at least `size` bytes long); the
 *   result is then its first `size` bytes. By default a new buffer of exactly that size.
 * @param envelope the segment's AES-128 encryption; absent = clear.
 */
export async function buildTsSegment(
  input: TsSegmentInput,
  allocate: (size: number) => Buffer = (size) => Buffer.allocUnsafe(size),
  envelope?: SegmentEnvelope,
): Promise<Uint8Array> {
  const { video, audio } = input;
  const keyframesOnly = input.keyframesOnly === true;
  if (!video && !audio) throw new RangeError('buildTsSegment: give a video range, an audio range or both');
  if (keyframesOnly && (!video || audio))
    throw new RangeError('buildTsSegment: keyframesOnly segments carry video only');
  if (video) checkRange(video, 'video');
  if (audio) checkRange(audio, 'audio');
  // The samples are read into memory before anything is written: bound them first.
  for (const range of [video, audio]) {
    if (!range) continue;
    let bytes = 0;
    for (let i = range.firstSample; i < range.endSample; i++) bytes += range.track.samples.sizes[i]!;
    checkSegmentBytes(bytes, range.track, 'samples');
  }

  const [videoPlan, audioPlan] = await Promise.all([
    (async (): Promise<VideoPlan | undefined> => {
      if (!video) return undefined;
      const config = nalConfigOf(video.track);
      const indices = videoSampleIndices(video, keyframesOnly);
      return { config, indices, bytes: await readSamples(video.track, indices, samplePool), layouts: [] };
    })(),
    (async (): Promise<AudioPlan | undefined> => {
      if (!audio) return undefined;
      const config = tsAudioConfigOf(audio.track);
      const fields = config.codec === 'mp4a' ? adtsFields(config, describeTrack(audio.track)) : null;
      const streamType = config.codec === 'mp4a' ? STREAM_TYPE_AAC_ADTS : config.codec === 'ac-3' ? STREAM_TYPE_AC3 : STREAM_TYPE_EAC3;
      const registration = config.codec === 'ac-3' ? 'AC-3' : config.codec === 'ec-3' ? 'EAC3' : undefined;
      const { samples, timescale } = audio.track;
      const groups = groupAudioFrames(samples, timescale, audio.firstSample, audio.endSample);
      const indices = new Uint32Array(audio.endSample - audio.firstSample);
      for (let k = 0; k < indices.length; k++) indices[k] = audio.firstSample + k;
      return {
        fields,
        streamType,
        ...(registration && { registration }),
        groups,
        bytes: await readSamples(audio.track, indices, samplePool),
        first: audio.firstSample,
      };
    })(),
  ]);

  try {
    if (!envelope) return writeSegment(input, videoPlan, audioPlan, allocate);
    let buffer: Buffer | undefined;
    const clear = writeSegment(input, videoPlan, audioPlan, (size) => (buffer = allocate(envelope.sealedLength(size))));
    return envelope.seal(buffer!, clear.length);
  } finally {
    if (videoPlan) samplePool.release(videoPlan.bytes.data);
    if (audioPlan) samplePool.release(audioPlan.bytes.data);
  }
}

function writeSegment(
  input: TsSegmentInput,
  videoPlan: VideoPlan | undefined,
  audioPlan: AudioPlan | undefined,
  allocate: (size: number) => Buffer,
): Uint8Array {
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
    throw new MediaError(`${describeTrack(track)}: a sample is decoded ${((TS_CLOCK_OFFSET_90K - early.dts) / 90_000).toFixed(3)} s before the presentation starts, too early for MPEG-TS`, track.file);
  }
  const pcrVideo = video !== undefined;
  const fillers = pcrFillers(units, pcrVideo, (video ?? audio)!.track);

  const streams: PmtStream[] = [];
  if (video && videoPlan) streams.push({ streamType: videoPlan.config.codec === 'avc1' ? STREAM_TYPE_H264 : STREAM_TYPE_HEVC, pid: VIDEO_PID });
  if (audio && audioPlan) {
    const registration = audioPlan.registration ? { registration: audioPlan.registration } : {};
    streams.push({ streamType: audioPlan.streamType, pid: AUDIO_PID, language: audio.track.language, ...registration });
  }
  const pat = patSection();
  const pmt = pmtSection(pcrVideo ? VIDEO_PID : AUDIO_PID, streams);

  let packets = psiPacketCount(pat.length) + psiPacketCount(pmt.length);
  units.forEach((unit, u) => {
    const pcr = unit.video === pcrVideo;
    packets +=
      (fillers[u]?.length ?? 0) + pesPacketCount(unit.length, adaptationFieldSize(pcr, unit.randomAccess));
  });

  const size = packets * TS_PACKET_SIZE;
  checkSegmentBytes(size, (video ?? audio)!.track, 'packets');
  const writer = new TsPacketWriter(allocate(size).subarray(0, size));
  writer.psi(PAT_PID, pat);
  writer.psi(PMT_PID, pmt);
  const header = Buffer.alloc(pesHeaderSize(true));
  units.forEach((unit, u) => {
    const onPcrPid = unit.video === pcrVideo;
    const pid = unit.video ? VIDEO_PID : AUDIO_PID;
    for (const pcr of fillers[u] ?? []) writer.pcrOnly(pcrVideo ? VIDEO_PID : AUDIO_PID, pcr);
    writer.startPes(pid, unit.length, onPcrPid ? unit.dts - PCR_DELAY_90K : -1, unit.randomAccess);
    if (unit.video && video && videoPlan) {
      const payloadLength = -1;
      const n = writePesHeader(header, 0, STREAM_ID_VIDEO, payloadLength, unit.pts, unit.dts);
      writer.bytes(header, 0, n);
      const i = videoPlan.indices[unit.index] ?? 0;
      const layout = videoPlan.layouts[unit.index] as AnnexBLayout;
      writeAnnexB(
        writer,
        videoPlan.bytes.data,
        videoPlan.bytes.at[unit.index] ?? 0,
        video.track.samples.sizes[i] ?? 0,
        videoPlan.config,
        layout,
      );
    } else if (audio && audioPlan) {
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
      const { data, at } = audioPlan.bytes;
      for (
        let i = audioPlan.groups[unit.index] ?? 0, end = audioPlan.groups[unit.index + 1] ?? 0;
        i < end;
        i++
      ) {
        const size = sizes[i] ?? 0;
        if (audioPlan.fields) {
          writeAdtsHeader(header, 0, audioPlan.fields, size);
          writer.bytes(header, 0, ADTS_HEADER_SIZE);
        }
        const pos = at[i - audioPlan.first] ?? 0;
        writer.bytes(data, pos, pos + size);
      }
    }
  });
  return writer.finish();
}
