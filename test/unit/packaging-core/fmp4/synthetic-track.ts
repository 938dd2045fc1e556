/**
 * PresentationTracks made by hand, shaped like what the MP4 reader produces for x264 output with
 * B-frames (edit list applied: dts starts at -2 frames) and for AAC with a priming edit.
 */
import type { AacConfig, AvcConfig, PresentationTrack } from '../../../../packaging-core/types/media.ts';

export const AVC_CONFIG: AvcConfig = {
  codec: 'avc1',
  codecString: 'avc1.64001e',
  width: 640,
  height: 360,
  profile: 0x64,
  profileCompatibility: 0,
  level: 0x1e,
  nalLengthSize: 4,
  sps: [Uint8Array.of(0x67, 0x64, 0x00, 0x1e)],
  pps: [Uint8Array.of(0x68, 0xee)],
  // configurationVersion 1, High, compat 0, level 30, 4-byte lengths, 1 SPS (4 bytes), 1 PPS (2 bytes).
  avcC: Uint8Array.of(
    0x01,
    0x64,
    0x00,
    0x1e,
    0xff,
    0xe1,
    0x00,
    0x04,
    0x67,
    0x64,
    0x00,
    0x1e,
    0x01,
    0x00,
    0x02,
    0x68,
    0xee,
  ),
  parNum: 1,
  parDen: 1,
};

export const AAC_CONFIG: AacConfig = {
  codec: 'mp4a',
  codecString: 'mp4a.40.2',
  objectType: 2,
  sampleRate: 48000,
  channels: 2,
  audioSpecificConfig: Uint8Array.of(0x11, 0x90),
  avgBitrate: 128000,
  maxBitrate: 130000,
};

/** The decode-order pattern of one x264 GOP with -bf 3 and pyramid: I P B B b … as pts frame numbers. */
function gopPresentationOrder(gop: number): number[] {
  // Decode order → display index: I0 P4 B2 b1 b3 P8 B6 b5 b7 … (closed GOP, last mini-GOP shorter).
  const order = [0];
  let base = 0;
  while (base < gop - 1) {
    const p = Math.min(base + 4, gop - 1);
    order.push(p);
    const span = p - base;
    if (span === 4) order.push(base + 2, base + 1, base + 3);
    else for (let f = base + 1; f < p; f++) order.push(f);
    base = p;
  }
  return order;
}

export interface VideoOptions {
  readonly timescale?: number;
  readonly frameDuration?: number;
  readonly gop?: number;
  readonly frames?: number;
  /** Byte gap inserted after every n-th sample (interleaved files); 0 = contiguous. */
  readonly gapEvery?: number;
  readonly file?: string;
}

export function videoTrack(opts: VideoOptions = {}): PresentationTrack {
  const timescale = opts.timescale ?? 15360;
  const fd = opts.frameDuration ?? 512;
  const gop = opts.gop ?? 60;
  const frames = opts.frames ?? 390;
  const delay = 2 * fd;
  const offsets = new Float64Array(frames);
  const sizes = new Uint32Array(frames);
  const dts = new Float64Array(frames);
  const cto = new Int32Array(frames);
  const durations = new Uint32Array(frames);
  const sync = new Uint8Array(frames);
  let offset = 48;
  for (let g = 0; g * gop < frames; g++) {
    const n = Math.min(gop, frames - g * gop);
    const order = gopPresentationOrder(n);
    order.forEach((display, k) => {
      const i = g * gop + k;
      sizes[i] = 1000 + ((i * 37) % 500) + (k === 0 ? 5000 : 0);
      offsets[i] = offset;
      offset += sizes[i]!;
      if (opts.gapEvery && (i + 1) % opts.gapEvery === 0) offset += 100;
      dts[i] = (g * gop + k) * fd - delay;
      cto[i] = (g * gop + display) * fd - dts[i]!;
      durations[i] = fd;
      sync[i] = k === 0 ? 1 : 0;
    });
  }
  const count = Math.ceil(frames / gop);
  const firstSample = new Uint32Array(count + 1);
  const startTicks = new Float64Array(count + 1);
  for (let f = 0; f <= count; f++) {
    firstSample[f] = Math.min(f * gop, frames);
    startTicks[f] = Math.round((Math.min(f * gop, frames) * fd * 1e7) / timescale);
  }
  return {
    key: 'video-900000-video',
    kind: 'video',
    name: 'video',
    bitrate: 900000,
    language: 'und',
    file: opts.file ?? '/media/video.mp4',
    trackId: 1,
    timescale,
    duration: frames * fd,
    config: AVC_CONFIG,
    samples: { count: frames, offsets, sizes, dts, cto, durations, sync },
    frameRate: timescale / fd,
    fragments: { firstSample, startTicks },
  };
}

/** AAC at 48 kHz, 1024-sample frames, the first being encoder priming at pts -1024. */
export function audioTrack(frames = 611, framesPerFragment = 94): PresentationTrack {
  const offsets = new Float64Array(frames);
  const sizes = new Uint32Array(frames);
  const dts = new Float64Array(frames);
  const cto = new Int32Array(frames);
  const durations = new Uint32Array(frames).fill(1024);
  const sync = new Uint8Array(frames).fill(1);
  let offset = 40;
  for (let i = 0; i < frames; i++) {
    sizes[i] = 300 + (i % 50);
    offsets[i] = offset;
    offset += sizes[i]!;
    dts[i] = (i - 1) * 1024;
  }
  const count = Math.ceil(frames / framesPerFragment);
  const firstSample = new Uint32Array(count + 1);
  const startTicks = new Float64Array(count + 1);
  for (let f = 0; f <= count; f++) {
    const i = Math.min(f * framesPerFragment, frames);
    firstSample[f] = i;
    startTicks[f] = Math.round(((i - 1) * 1024 * 1e7) / 48000);
  }
  return {
    key: 'audio-128000-aac_eng_2_128000',
    kind: 'audio',
    name: 'aac_eng_2_128000',
    bitrate: 128000,
    language: 'eng',
    file: '/media/audio.mp4',
    trackId: 1,
    timescale: 48000,
    duration: (frames - 1) * 1024,
    config: AAC_CONFIG,
    samples: { count: frames, offsets, sizes, dts, cto, durations, sync },
    frameRate: 0,
    fragments: { firstSample, startTicks },
  };
}
