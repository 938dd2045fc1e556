/**
 * Hand-built PresentationTracks over a temp file of made-up sample bytes: enough for the TS muxer,
 * which never decodes the media. Video: 30 fps at timescale 15360, IBBP-like reordering (dts starts 2
 * frames early), a 60-frame GOP per fragment; every sample is [SEI][slice] in AVCC with 4-byte lengths
 * and the slice is an IDR on sync samples. Audio: AAC-LC 48 kHz stereo frames of 1024 samples.
 */
import { writeFile } from 'node:fs/promises';
import type { AacConfig, AvcConfig, PresentationTrack } from '../../../../packaging-core/types/media.ts';

export const SPS = Uint8Array.of(0x67, 0x64, 0x00, 0x1e, 0xac, 0xd9, 0x40);
export const PPS = Uint8Array.of(0x68, 0xeb, 0xe3, 0xcb);

export const avcConfig: AvcConfig = {
  codec: 'avc1',
  codecString: 'avc1.64001e',
  width: 640,
  height: 360,
  profile: 100,
  profileCompatibility: 0,
  level: 30,
  nalLengthSize: 4,
  sps: [SPS],
  pps: [PPS],
  avcC: new Uint8Array(0),
  parNum: 1,
  parDen: 1,
};

export const aacConfig: AacConfig = {
  codec: 'mp4a',
  codecString: 'mp4a.40.2',
  objectType: 2,
  sampleRate: 48000,
  channels: 2,
  audioSpecificConfig: Uint8Array.of(0x11, 0x90),
  avgBitrate: 128000,
  maxBitrate: 128000,
};

/** Deterministic filler bytes that never form a start code. */
function fill(out: Uint8Array, from: number, to: number, seed: number): void {
  for (let i = from; i < to; i++) out[i] = ((i * 31 + seed * 17) % 251) + 3;
}

interface Built {
  readonly bytes: Uint8Array;
  readonly sizes: number[];
}

function concat(samples: Uint8Array[]): Built {
  const sizes = samples.map((s) => s.length);
  const bytes = new Uint8Array(sizes.reduce((a, b) => a + b, 0));
  let p = 0;
  for (const s of samples) {
    bytes.set(s, p);
    p += s.length;
  }
  return { bytes, sizes };
}

/** One AVCC sample: [SEI 6 bytes][slice of `sliceSize` bytes], slice type 5 (IDR) or 1. */
export function avccSample(sliceSize: number, idr: boolean, seed: number): Uint8Array {
  const sei = Uint8Array.of(0x06, 0x05, 0x01, 0x42, 0x80, seed & 0x7f);
  const out = new Uint8Array(4 + sei.length + 4 + sliceSize);
  new DataView(out.buffer).setUint32(0, sei.length);
  out.set(sei, 4);
  const s = 4 + sei.length;
  new DataView(out.buffer).setUint32(s, sliceSize);
  out[s + 4] = idr ? 0x65 : 0x41;
  fill(out, s + 5, out.length, seed);
  return out;
}

export interface SyntheticOptions {
  readonly frames: number;
  readonly gop: number;
  /** Bytes of each slice; IDRs are 8× larger. */
  readonly sliceSize: number;
}

function table(count: number) {
  return {
    count,
    offsets: new Float64Array(count),
    sizes: new Uint32Array(count),
    dts: new Float64Array(count),
    cto: new Int32Array(count),
    durations: new Uint32Array(count),
    sync: new Uint8Array(count),
  };
}

export async function syntheticVideo(file: string, opt: SyntheticOptions): Promise<PresentationTrack> {
  const frame = 512; // 15360 / 30
  const samples: Uint8Array[] = [];
  const t = table(opt.frames);
  const fragmentStarts: number[] = [];
  let offset = 1000; // as if behind a moov
  for (let i = 0; i < opt.frames; i++) {
    const idr = i % opt.gop === 0;
    if (idr) fragmentStarts.push(i);
    const s = avccSample(idr ? opt.sliceSize * 8 : opt.sliceSize + (i % 7) * 13, idr, i);
    samples.push(s);
    t.offsets[i] = offset;
    t.sizes[i] = s.length;
    offset += s.length;
    t.dts[i] = (i - 2) * frame;
    // Decode order I P B B … : the display order reorders pairs; the IDR shows at 0.
    t.cto[i] = i % opt.gop === 0 ? 2 * frame : i % 3 === 1 ? 3 * frame : frame;
    t.durations[i] = frame;
    t.sync[i] = idr ? 1 : 0;
  }
  const built = concat(samples);
  const file0 = new Uint8Array(1000 + built.bytes.length);
  file0.set(built.bytes, 1000);
  await writeFile(file, file0);
  fragmentStarts.push(opt.frames);
  return {
    key: 'video-900000-video',
    kind: 'video',
    name: 'video',
    bitrate: 900000,
    language: 'und',
    file,
    trackId: 1,
    timescale: 15360,
    duration: opt.frames * frame,
    config: avcConfig,
    samples: t,
    frameRate: 30,
    fragments: {
      firstSample: Uint32Array.from(fragmentStarts),
      startTicks: Float64Array.from(fragmentStarts, (s) => (s * 10_000_000) / 30),
    },
  };
}

/** AAC frames covering `seconds`, with a priming offset of -1024 like a real encoder's edit list. */
export async function syntheticAudio(file: string, seconds: number): Promise<PresentationTrack> {
  const count = Math.ceil((seconds * 48000) / 1024);
  const t = table(count);
  const frames: Uint8Array[] = [];
  let offset = 500;
  for (let i = 0; i < count; i++) {
    const f = new Uint8Array(300 + (i % 11) * 7);
    fill(f, 0, f.length, i);
    frames.push(f);
    t.offsets[i] = offset;
    t.sizes[i] = f.length;
    offset += f.length;
    t.dts[i] = i * 1024 - 1024;
    t.durations[i] = 1024;
    t.sync[i] = 1;
  }
  const built = concat(frames);
  const file0 = new Uint8Array(500 + built.bytes.length);
  file0.set(built.bytes, 500);
  await writeFile(file, file0);
  // Fragments every 2 s, each frame in the fragment its start time falls in.
  const starts: number[] = [];
  for (let s = 0; s < seconds; s += 2) starts.push(Math.max(0, Math.ceil((s * 48000 + 1024) / 1024)));
  starts[0] = 0;
  starts.push(count);
  return {
    key: 'audio-128000-aac_eng_2_128000',
    kind: 'audio',
    name: 'aac_eng_2_128000',
    bitrate: 128000,
    language: 'eng',
    file,
    trackId: 1,
    timescale: 48000,
    duration: count * 1024 - 1024,
    config: aacConfig,
    samples: t,
    frameRate: 0,
    fragments: {
      firstSample: Uint32Array.from(starts),
      startTicks: Float64Array.from(starts, (_, k) => k * 20_000_000),
    },
  };
}
