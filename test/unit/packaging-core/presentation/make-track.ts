import type { MediaTrack } from '../../../../packaging-core/types/media.ts';

/** A video track of `frames` frames at `fps` (timescale fps*512), one key frame every `gop` frames, 2 B-frame delay. */
export function videoTrack(opts: { frames: number; fps?: number; gop: number; keyframes?: readonly number[]; bitrate?: number; file?: string }): MediaTrack {
  const fps = opts.fps ?? 30;
  const timescale = fps * 512;
  const n = opts.frames;
  const dts = new Float64Array(n);
  const cto = new Int32Array(n).fill(1024);
  const sync = new Uint8Array(n);
  for (let i = 0; i < n; i++) dts[i] = i * 512 - 1024;
  for (const k of opts.keyframes ?? Array.from({ length: Math.ceil(n / opts.gop) }, (_, i) => i * opts.gop)) sync[k] = 1;
  const bitrate = opts.bitrate ?? 1_000_000;
  return {
    key: `video-${bitrate}-video`,
    kind: 'video',
    name: 'video',
    bitrate,
    language: 'und',
    file: opts.file ?? `/x/video_${bitrate}.mp4`,
    trackId: 1,
    timescale,
    duration: n * 512,
    config: {
      codec: 'avc1', codecString: 'avc1.64001e', width: 640, height: 360, profile: 100, profileCompatibility: 0, level: 30,
      nalLengthSize: 4, sps: [], pps: [], avcC: new Uint8Array(0), parNum: 1, parDen: 1,
    },
    samples: { count: n, offsets: new Float64Array(n), sizes: new Uint32Array(n).fill(1000), dts, cto, durations: new Uint32Array(n).fill(512), sync },
    frameRate: fps,
  };
}

/** An AAC track of `frames` 1024-sample frames at 48 kHz, starting `firstDts` (e.g. -1024 for priming). */
export function audioTrack(frames: number, firstDts = 0): MediaTrack {
  const dts = new Float64Array(frames);
  for (let i = 0; i < frames; i++) dts[i] = firstDts + i * 1024;
  return {
    key: 'audio-128000-aac_und_2_128000',
    kind: 'audio',
    name: 'aac_und_2_128000',
    bitrate: 128000,
    language: 'und',
    file: '/x/audio.mp4',
    trackId: 1,
    timescale: 48000,
    duration: frames * 1024 + firstDts,
    config: { codec: 'mp4a', codecString: 'mp4a.40.2', objectType: 2, sampleRate: 48000, channels: 2, audioSpecificConfig: Uint8Array.from([0x11, 0x90]), avgBitrate: 0, maxBitrate: 0 },
    samples: {
      count: frames, offsets: new Float64Array(frames), sizes: new Uint32Array(frames).fill(300), dts,
      cto: new Int32Array(frames), durations: new Uint32Array(frames).fill(1024), sync: new Uint8Array(frames).fill(1),
    },
    frameRate: 0,
  };
}
