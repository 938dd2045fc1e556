/**
 * A small H.264-shaped and AAC-shaped track written to a temp file: length-prefixed NAL units (an
 * SEI, then slices of assorted sizes), enough for the encryption code, which only reads NAL framing.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PresentationTrack } from '../../../../packaging-core/types/media.ts';

function nal(type: number, bodyLength: number): Buffer {
  const out = Buffer.alloc(4 + 1 + bodyLength);
  out.writeUInt32BE(1 + bodyLength, 0);
  out[4] = 0x60 | type;
  randomBytes(bodyLength).copy(out, 5);
  return out;
}

export function syntheticTrack(kind: 'video' | 'audio', fragments = 2, perFragment = 5): { track: PresentationTrack; samples: Buffer[] } {
  const count = fragments * perFragment;
  const samples: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    if (kind === 'audio') samples.push(randomBytes(100 + i * 7));
    else samples.push(Buffer.concat([nal(6, 9 + i), nal(i % perFragment === 0 ? 5 : 1, 300 + i * 13), nal(1, 15 + i)]));
  }
  const file = path.join(tmpdir(), `synthetic-${kind}-${process.pid}-${Date.now()}.bin`);
  writeFileSync(file, Buffer.concat(samples));
  const offsets = new Float64Array(count);
  for (let i = 1; i < count; i++) offsets[i] = offsets[i - 1]! + samples[i - 1]!.length;
  const sizes = Uint32Array.from(samples.map((s) => s.length));
  const timescale = kind === 'video' ? 30 : 48000;
  const duration = kind === 'video' ? 1 : 1024;
  const dts = Float64Array.from({ length: count }, (_, i) => i * duration);
  const sync = Uint8Array.from({ length: count }, (_, i) => (kind === 'audio' || i % perFragment === 0 ? 1 : 0));
  const firstSample = Uint32Array.from({ length: fragments + 1 }, (_, f) => f * perFragment);
  const startTicks = Float64Array.from(firstSample, (s) => Math.round((s * duration * 10_000_000) / timescale));
  const config =
    kind === 'video'
      ? ({ codec: 'avc1', codecString: 'avc1.64001e', width: 64, height: 64, profile: 100, profileCompatibility: 0, level: 30, nalLengthSize: 4, sps: [], pps: [], avcC: Uint8Array.of(1, 100, 0, 30, 0xff, 0xe0, 0), parNum: 1, parDen: 1 } as const)
      : ({ codec: 'mp4a', codecString: 'mp4a.40.2', objectType: 2, sampleRate: 48000, channels: 2, audioSpecificConfig: Uint8Array.of(0x11, 0x90), avgBitrate: 128000, maxBitrate: 128000 } as const);
  const track: PresentationTrack = {
    key: `${kind}-1000-synthetic`,
    kind,
    name: kind === 'video' ? 'video' : 'aac_und_2_128000',
    bitrate: 1000,
    language: 'und',
    file,
    trackId: 1,
    timescale,
    duration: count * duration,
    config,
    samples: { count, offsets, sizes, dts, cto: new Int32Array(count), durations: new Uint32Array(count).fill(duration), sync },
    frameRate: kind === 'video' ? 30 : 0,
    fragments: { firstSample, startTicks },
  };
  return { track, samples };
}
