/**
 * The HLS AES-128 envelope applied while building: an fMP4 (CMAF) segment and an MPEG-TS segment
 * built with it decrypt, with node:crypto's own AES-128-CBC and PKCS#7 and the IV the playlists imply
 * (the Media Sequence Number), to exactly the clear segment built without it.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMediaSegment } from '../../../../packaging-core/fmp4/media-segment.ts';
import { readBodySlice } from '../../../../packaging-core/io/body-slice.ts';
import { FileReader } from '../../../../packaging-core/io/file-reader.ts';
import { streamedTsPart } from '../../../../packaging-core/mp2t/stream-segment.ts';
import { buildTsSegment, planTsSegment } from '../../../../packaging-core/mp2t/ts-segment.ts';
import { segmentEnvelope, sequenceIv } from '../../../../packaging-core/protection/envelope.ts';
import type { StreamedPart } from '../../../../packaging-core/types/body.ts';
import type { PresentationTrack } from '../../../../packaging-core/types/media.ts';
import { syntheticAudio, syntheticVideo } from '../mp2t/synthetic-tracks.ts';

const KEY = randomBytes(16);
let dir: string;
let video: PresentationTrack;
let audio: PresentationTrack;
const files = new FileReader();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'envelope-unit-'));
  video = await syntheticVideo(path.join(dir, 'v.mp4'), { frames: 120, gop: 60, sliceSize: 700 });
  audio = await syntheticAudio(path.join(dir, 'a.mp4'), 4);
});
afterAll(async () => {
  await files.close();
  await rm(dir, { recursive: true, force: true });
});

function decrypt(sealed: Uint8Array, sequence: number): Buffer {
  const d = createDecipheriv('aes-128-cbc', KEY, sequenceIv(sequence));
  return Buffer.concat([d.update(sealed), d.final()]);
}

describe('segmentEnvelope', () => {
  it.each([0, 1, 15, 16, 17, 200_000])('seals %i bytes in place as AES-128-CBC with PKCS#7 does', (length) => {
    const clear = randomBytes(length);
    const envelope = segmentEnvelope(KEY, 7);
    const buffer = new Uint8Array(envelope.sealedLength(length) + 5);
    buffer.set(clear);
    const sealed = envelope.seal(buffer, length);
    const c = createCipheriv('aes-128-cbc', KEY, sequenceIv(7));
    expect(Buffer.from(sealed).equals(Buffer.concat([c.update(clear), c.final()]))).toBe(true);
    expect(sealed.buffer).toBe(buffer.buffer);
  });

  it.each([
    [[]],
    [[0, 5]],
    [[16, 16]],
    [[7, 1, 8, 100_003]],
    [[262_072, 262_072, 1_000]],
  ])('seals a stream of chunks %j as it would seal their concatenation whole', async (sizes) => {
    const chunks = sizes.map((n) => randomBytes(n));
    const clear = Buffer.concat(chunks);
    const envelope = segmentEnvelope(KEY, 3);
    const part: StreamedPart = {
      streamed: true,
      length: clear.length,
      async write(sink) {
        for (const c of chunks) await sink.push(c, () => c.fill(0)); // the producer reuses a chunk once it is done
      },
    };
    const sealedPart = envelope.sealStream(part);
    const out: Buffer[] = [];
    await sealedPart.write({ push: (bytes, done) => (out.push(Buffer.from(bytes)), done(), undefined) });
    const whole = Buffer.alloc(envelope.sealedLength(clear.length));
    clear.copy(whole);
    expect(sealedPart.length).toBe(whole.length);
    expect(Buffer.concat(out).equals(Buffer.from(envelope.seal(whole, clear.length)))).toBe(true);
  });

  it('refuses a buffer too small for the padding', () => {
    const envelope = segmentEnvelope(KEY, 0);
    expect(() => envelope.seal(new Uint8Array(32), 32)).toThrow(RangeError);
  });
});

describe('segments built sealed', () => {
  it.each(['video', 'audio'] as const)('CMAF %s media segment: decrypts to the clear segment', async (kind) => {
    const track = kind === 'video' ? video : audio;
    for (const [index, sequence] of [[0, 0], [1, 1]] as const) {
      const clear = buildMediaSegment(track, index, 'hls-cmaf');
      const sealed = await buildMediaSegment(track, index, 'hls-cmaf', undefined, segmentEnvelope(KEY, sequence));
      expect(sealed.parts).toHaveLength(1);
      const bytes = sealed.parts[0] as Uint8Array;
      expect(sealed.length).toBe(bytes.length);
      expect(bytes.length % 16).toBe(0);
      expect(decrypt(bytes, sequence).equals(await readBodySlice(clear, 0, clear.length - 1, files))).toBe(true);
    }
  });

  it('TS segment: decrypts to the clear segment, in the buffer the caller allocated', async () => {
    const input = { video: { track: video, firstSample: 60, endSample: 120 }, audio: { track: audio, firstSample: 94, endSample: 187 } };
    const clear = await buildTsSegment(input);
    let allocated: Buffer | undefined;
    const sealed = await buildTsSegment(input, (size) => (allocated = Buffer.alloc(size + 100)), segmentEnvelope(KEY, 4));
    expect(sealed.buffer).toBe(allocated!.buffer);
    expect(sealed.length).toBe(clear.length + 16 - (clear.length % 16));
    expect(decrypt(sealed, 4).equals(Buffer.from(clear))).toBe(true);
  });
});

describe('a TS segment streamed sealed', () => {
  it('a 270 MB segment (a 40-hour gap of PCR packets; built whole the limit is 256 MiB) is sealed as it streams, in bounded memory, into the bytes AES-128-CBC makes of the clear stream', async () => {
    const dts = Float64Array.from(audio.samples.dts);
    for (let i = 5; i < dts.length; i++) dts[i]! += 40 * 3600 * audio.timescale;
    const gapped = { ...audio, samples: { ...audio.samples, dts } };
    const input = { video: { track: video, firstSample: 0, endSample: 60 }, audio: { track: gapped, firstSample: 0, endSample: 90 } };
    /** sha256 of a part's bytes, or of them run through `transform` (node:crypto's own cipher). */
    const digest = async (part: StreamedPart, transform?: ReturnType<typeof createCipheriv>) => {
      const hash = createHash('sha256');
      let bytes = 0;
      let peak = 0;
      const before = process.memoryUsage().arrayBuffers;
      await part.write({
        push(chunk, done) {
          bytes += chunk.length;
          peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
          hash.update(transform ? transform.update(chunk) : chunk);
          done();
          return undefined;
        },
      });
      if (transform) hash.update(transform.final());
      return { hash: hash.digest('hex'), bytes, peak };
    };
    const clearPlan = await planTsSegment(input);
    expect(clearPlan.size).toBeGreaterThan(256 << 20);
    // What AES-128-CBC with PKCS#7 makes of the clear stream, by node:crypto in one cipher.
    const expected = await digest(streamedTsPart(clearPlan), createCipheriv('aes-128-cbc', KEY, sequenceIv(9)));
    const sealedPart = segmentEnvelope(KEY, 9).sealStream(streamedTsPart(await planTsSegment(input)));
    const sealed = await digest(sealedPart);
    expect(sealed.bytes).toBe(sealedPart.length);
    expect(sealed.bytes).toBe(clearPlan.size + 16 - (clearPlan.size % 16));
    expect(sealed.hash).toBe(expected.hash);
    // node:crypto's update() returns a new buffer per chunk: the outputs already sent are garbage the
    // GC reclaims as external memory grows (≈ 50 MB of slack measured), not a copy of the segment.
    expect(sealed.peak).toBeLessThan(96 << 20);
  });
});
