/**
 * Box-level checks of Common Encryption against an independent decryption written here with
 * node:crypto: the init segment's sinf/tenc and pssh, the media segment's senc/saiz/saio, and the
 * samples in mdat that decrypt, with the IVs and subsample maps those boxes give, to the clear samples.
 */
import { createDecipheriv } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { InitFlavor, SegmentFlavor } from '../../../../packaging-core/formats/fmp4-flavor.ts';
import { buildInitSegment } from '../../../../packaging-core/fmp4/init-segment.ts';
import { buildMediaSegment } from '../../../../packaging-core/fmp4/media-segment.ts';
import { trackCrypto } from '../../../../packaging-core/protection/track-crypto.ts';
import type { CommonScheme } from '../../../../packaging-core/types/protection.ts';
import { readBodySlice } from '../../../../packaging-core/io/body-slice.ts';
import { FileReader } from '../../../../packaging-core/io/file-reader.ts';
import type { Body } from '../../../../packaging-core/types/body.ts';
import type { PresentationTrack } from '../../../../packaging-core/types/media.ts';
import type { LocatorProtection } from '../../../../packaging-core/types/request.ts';
import { boxes, only } from './boxes.ts';
import { syntheticTrack } from './synthetic-track.ts';

const KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
const KID = '6f0c5b1e-2a3d-4c5b-8e9f-0a1b2c3d4e5f';
const protection: LocatorProtection = {
  schemes: new Set(['cenc', 'cbcs']),
  keyId: KID,
  contentKey: () => Uint8Array.from(KEY),
  keyPolicy: { kind: 'open' },
  drmSystems: [{ systemId: 'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed', psshData: Buffer.from('widevine-header').toString('base64') }],
};
const files = new FileReader();
const made: string[] = [];
afterAll(async () => {
  await files.close();
  for (const f of made) rmSync(f, { force: true });
});

function buildEncryptedInitSegment(track: PresentationTrack, flavor: InitFlavor, scheme: CommonScheme, p: LocatorProtection): Uint8Array {
  return buildInitSegment(track, flavor, trackCrypto(track, scheme, p));
}

function buildEncryptedMediaSegment(track: PresentationTrack, index: number, flavor: SegmentFlavor, scheme: CommonScheme, p: LocatorProtection): Promise<Body> {
  return buildMediaSegment(track, index, flavor, undefined, trackCrypto(track, scheme, p));
}

/** The same track in a file where other bytes sit between its samples (an interleaved MP4). */
function withGaps(track: PresentationTrack): PresentationTrack {
  const source = readFileSync(track.file);
  const { offsets, sizes } = track.samples;
  const parts: Buffer[] = [];
  const moved = new Float64Array(offsets.length);
  let at = 0;
  for (let i = 0; i < offsets.length; i++) {
    parts.push(Buffer.alloc(7 + (i % 3), 0xee));
    at += 7 + (i % 3);
    moved[i] = at;
    parts.push(source.subarray(offsets[i]!, offsets[i]! + sizes[i]!));
    at += sizes[i]!;
  }
  const file = `${track.file}.gaps`;
  writeFileSync(file, Buffer.concat(parts));
  made.push(file);
  return { ...track, file, samples: { ...track.samples, offsets: moved } };
}

async function bytes(body: Body): Promise<Buffer> {
  return readBodySlice(body, 0, body.length - 1, files);
}

interface Info {
  iv: Buffer;
  subsamples: { clear: number; protected: number }[] | null;
}

function parseSenc(payload: Buffer, ivSize: number): Info[] {
  const flags = payload.readUInt32BE(0) & 0xffffff;
  const count = payload.readUInt32BE(4);
  let at = 8;
  const out: Info[] = [];
  for (let i = 0; i < count; i++) {
    const iv = payload.subarray(at, at + ivSize);
    at += ivSize;
    let subsamples: Info['subsamples'] = null;
    if (flags & 2) {
      const n = payload.readUInt16BE(at);
      at += 2;
      subsamples = [];
      for (let s = 0; s < n; s++, at += 6) subsamples.push({ clear: payload.readUInt16BE(at), protected: payload.readUInt32BE(at + 2) });
    }
    out.push({ iv: Buffer.from(iv), subsamples });
  }
  expect(at).toBe(payload.length);
  return out;
}

function ranges(length: number, info: Info): [number, number][] {
  if (!info.subsamples) return [[0, length]];
  const out: [number, number][] = [];
  let at = 0;
  for (const s of info.subsamples) {
    at += s.clear;
    out.push([at, at + s.protected]);
    at += s.protected;
  }
  expect(at).toBe(length);
  return out;
}

function decryptCtr(sample: Buffer, info: Info): Buffer {
  const out = Buffer.from(sample);
  const d = createDecipheriv('aes-128-ctr', KEY, Buffer.concat([info.iv, Buffer.alloc(8)]));
  for (const [s, e] of ranges(sample.length, info)) d.update(sample.subarray(s, e)).copy(out, s);
  return out;
}

function decryptCbcs(sample: Buffer, info: Info, iv: Buffer, crypt: number, skip: number): Buffer {
  const out = Buffer.from(sample);
  for (const [s, e] of ranges(sample.length, info)) {
    const d = createDecipheriv('aes-128-cbc', KEY, iv).setAutoPadding(false);
    for (let b = 0; s + (b + 1) * 16 <= e; b++) {
      if (crypt > 0 && b % (crypt + skip) >= crypt) continue;
      d.update(sample.subarray(s + b * 16, s + (b + 1) * 16)).copy(out, s + b * 16);
    }
  }
  return out;
}

describe.each(['cenc', 'cbcs'] as const)('%s', (scheme) => {
  it('init segment: encv with frma/schm/tenc, and pssh for ClearKey plus the configured system', () => {
    const { track } = syntheticTrack('video');
    made.push(track.file);
    const init = Buffer.from(buildEncryptedInitSegment(track, 'cmaf', scheme, protection));
    const all = boxes(init);
    expect(all.some((b) => b.type === 'encv')).toBe(true);
    expect(all.some((b) => b.type === 'avc1')).toBe(false);
    expect(only(all, 'frma').payload.toString('latin1')).toBe('avc1');
    const schm = only(all, 'schm').payload;
    expect(schm.toString('latin1', 4, 8)).toBe(scheme);
    expect(schm.readUInt32BE(8)).toBe(0x10000);
    const tenc = only(all, 'tenc').payload;
    expect(tenc[0]).toBe(scheme === 'cbcs' ? 1 : 0);
    expect(tenc[6]).toBe(1); // isProtected
    expect(Buffer.from(tenc.subarray(8, 24)).toString('hex')).toBe(KID.replaceAll('-', ''));
    if (scheme === 'cenc') {
      expect(tenc[7]).toBe(8);
    } else {
      expect(tenc[5]).toBe(0x19); // crypt 1, skip 9
      expect(tenc[7]).toBe(0);
      expect(tenc[24]).toBe(16);
      expect(tenc.length).toBe(4 + 20 + 1 + 16);
    }
    const pssh = all.filter((b) => b.type === 'pssh');
    expect(pssh.map((p) => Buffer.from(p.payload.subarray(4, 20)).toString('hex'))).toEqual([
      '1077efecc0b24d02ace33c1e52e2fb4b',
      'edef8ba979d64acea3c827dcd51d21ed',
    ]);
    expect(pssh[0]!.payload[0]).toBe(1); // version 1: key ids listed
    expect(pssh[0]!.payload.readUInt32BE(20)).toBe(1);
    expect(Buffer.from(pssh[0]!.payload.subarray(24, 40)).toString('hex')).toBe(KID.replaceAll('-', ''));
    expect(pssh[1]!.payload.subarray(24).toString()).toBe('widevine-header');
  });

  it.each([
    ['video', false],
    ['audio', false],
    ['video', true],
  ] as const)('%s media segment (samples apart in the file: %s): senc/saiz/saio describe samples that decrypt to the clear ones', async (kind, gaps) => {
    const made1 = syntheticTrack(kind);
    made.push(made1.track.file);
    const track = gaps ? withGaps(made1.track) : made1.track;
    const { samples } = made1;
    const init = Buffer.from(buildEncryptedInitSegment(track, 'cmaf', scheme, protection));
    const tenc = only(boxes(init), 'tenc').payload;
    const crypt = tenc[5]! >> 4;
    const skip = tenc[5]! & 0xf;
    const constantIv = scheme === 'cbcs' ? tenc.subarray(25, 41) : null;
    for (let f = 0; f < 2; f++) {
      const seg = await bytes(await buildEncryptedMediaSegment(track, f, 'cmaf', scheme, protection));
      const all = boxes(seg);
      const moof = only(all, 'moof');
      const mdat = only(all, 'mdat');
      const clear = samples.slice(f * 5, f * 5 + 5);
      let at = mdat.start + 8;
      const encrypted = clear.map((c) => seg.subarray(at, (at += c.length)));
      expect(Buffer.concat(encrypted).equals(Buffer.concat(clear))).toBe(false);
      let infos: Info[];
      if (scheme === 'cbcs' && kind === 'audio') {
        // Constant IV and whole samples: nothing per sample to describe.
        expect(all.some((b) => b.type === 'senc')).toBe(false);
        infos = clear.map(() => ({ iv: Buffer.alloc(0), subsamples: null }));
      } else {
        const senc = only(all, 'senc');
        infos = parseSenc(senc.payload, scheme === 'cenc' ? 8 : 0);
        expect(infos.length).toBe(5);
        const saiz = only(all, 'saiz').payload;
        const sizes = saiz[4] !== 0 ? infos.map(() => saiz[4]) : [...saiz.subarray(9)];
        expect(saiz.readUInt32BE(5)).toBe(5);
        let sencData = senc.start + 16;
        const sencEnd = senc.start + senc.size;
        for (const size of sizes) sencData += size!;
        expect(sencData).toBe(sencEnd);
        const saio = only(all, 'saio').payload;
        expect(saio.readUInt32BE(4)).toBe(1);
        expect(moof.start + saio.readUInt32BE(8)).toBe(senc.start + 16);
        if (kind === 'video') {
          for (const info of infos) {
            for (const s of info.subsamples!) expect(s.protected % 16).toBe(0);
            expect(info.subsamples![0]!.clear).toBeGreaterThanOrEqual(4 + 1);
          }
        } else {
          expect(infos.every((i) => i.subsamples === null)).toBe(true);
        }
        if (scheme === 'cenc') expect(new Set(infos.map((i) => i.iv.toString('hex'))).size).toBe(5);
      }
      encrypted.forEach((e, k) => {
        const info = infos[k]!;
        const plain = scheme === 'cenc' ? decryptCtr(e, info) : decryptCbcs(e, info, constantIv!, crypt, skip);
        expect(plain.equals(clear[k]!)).toBe(true);
      });
    }
  });
});

it('Smooth fragments carry the PIFF sample encryption box instead of senc', async () => {
  const { track } = syntheticTrack('video');
  made.push(track.file);
  const seg = await bytes(await buildEncryptedMediaSegment(track, 0, 'smooth', 'cenc', protection));
  const all = boxes(seg);
  expect(all.some((b) => b.type === 'senc')).toBe(false);
  const uuids = all.filter((b) => b.type === 'uuid').map((b) => Buffer.from(b.payload.subarray(0, 16)).toString('hex'));
  expect(uuids).toContain('a2394f525a9b4f14a2446c427c648df4');
  const piff = all.find((b) => b.type === 'uuid' && b.payload.subarray(0, 16).toString('hex') === 'a2394f525a9b4f14a2446c427c648df4')!;
  const moof = only(all, 'moof');
  expect(moof.start + only(all, 'saio').payload.readUInt32BE(8)).toBe(piff.start + 8 + 16 + 8);
  expect(parseSenc(piff.payload.subarray(16), 8).length).toBe(5);
});
