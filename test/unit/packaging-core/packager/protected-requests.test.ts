/**
 * The packager with protection as an input: each protected response is made once with its
 * signalling and encryption, and the caches keep protected output apart per locator, host and key
 * (a cached MPD of one locator never answers another's), and apart from the clear output.
 */
import { createDecipheriv } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequenceIv } from '../../../../packaging-core/protection/envelope.ts';
import { createPackagingCaches, packageRequest, type Packaged } from '../../../../packaging-core/packager/package-request.ts';
import type { ProtectionContext } from '../../../../packaging-core/protection/request-protection.ts';
import { isStreamed } from '../../../../packaging-core/types/body.ts';
import type { Presentation } from '../../../../packaging-core/types/media.ts';
import type { FragmentRequest, LocatorProtection, ManifestRequest, PlaylistRequest, UrlOptions } from '../../../../packaging-core/types/request.ts';
import { syntheticAudio, syntheticVideo } from '../mp2t/synthetic-tracks.ts';

const KEY = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
const LOC_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const LOC_B = 'bbbbbbbb-0000-4000-8000-000000000002';
const plain: UrlOptions = { filters: [], audioOnly: true, keyframes: false };
let dir: string;
let p: Presentation;

function policy(keyId: string): LocatorProtection {
  return { schemes: new Set(['cenc', 'cbcs', 'cbc']), keyId, contentKey: () => Uint8Array.from(KEY), keyPolicy: { kind: 'open' } };
}
const ctxA: ProtectionContext = { locator: LOC_A, protection: policy('11111111-2222-4333-8444-555555555555'), origin: 'http://a.test:1' };
const ctxB: ProtectionContext = { locator: LOC_B, protection: policy('66666666-7777-4888-9999-000000000000'), origin: 'http://b.test:2' };
const clearCtx: ProtectionContext = { locator: LOC_A, origin: 'http://a.test:1' };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'protected-requests-'));
  const video = await syntheticVideo(path.join(dir, 'v.mp4'), { frames: 180, gop: 60, sliceSize: 500 });
  const audio = await syntheticAudio(path.join(dir, 'a.mp4'), 6);
  const ends = video.fragments.startTicks;
  p = { folder: dir, ismName: 'x.ism', video: [video], audio: [audio], durationTicks: ends[ends.length - 1]!, fragmentsPerHlsSegment: 3, version: 'v1' };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = (r: Packaged): string => Buffer.concat(r.body.parts as Uint8Array[]).toString();
const manifest = (format: ManifestRequest['format']): ManifestRequest => ({ kind: 'manifest', locator: LOC_A, ism: 'x.ism', format, options: plain });
const playlist = (): PlaylistRequest => ({ kind: 'playlist', locator: LOC_A, ism: 'x.ism', format: 'm3u8-aapl', bitrate: p.video[0]!.bitrate, track: p.video[0]!.name, options: plain });
const tsSegment = (): FragmentRequest => ({ kind: 'fragment', locator: LOC_A, ism: 'x.ism', format: 'm3u8-aapl', bitrate: p.video[0]!.bitrate, track: p.video[0]!.name, time: 0, options: plain });

describe('cached protected output', () => {
  it('an MPD per locator and host: each names its own key id and licence URL; the clear one names none', async () => {
    const caches = createPackagingCaches();
    const a = text(await packageRequest(manifest('mpd-time-cmaf'), p, ctxA, caches));
    const b = text(await packageRequest(manifest('mpd-time-cmaf'), p, ctxB, caches));
    const clear = text(await packageRequest(manifest('mpd-time-cmaf'), p, clearCtx, caches));
    expect(a).toContain(`cenc:default_KID="${ctxA.protection!.keyId}"`);
    expect(a).toContain(`http://a.test:1/keys/${LOC_A}/clearkey`);
    expect(b).toContain(`cenc:default_KID="${ctxB.protection!.keyId}"`);
    expect(b).toContain(`http://b.test:2/keys/${LOC_B}/clearkey`);
    expect(clear).not.toContain('ContentProtection');
    // Served again from the cache, unchanged.
    expect(text(await packageRequest(manifest('mpd-time-cmaf'), p, ctxA, caches))).toBe(a);
  });

  it('an HLS media playlist per locator: EXT-X-KEY names that locator’s key URI', async () => {
    const caches = createPackagingCaches();
    const a = text(await packageRequest(playlist(), p, ctxA, caches));
    const b = text(await packageRequest(playlist(), p, ctxB, caches));
    expect(a).toContain(`#EXT-X-KEY:METHOD=AES-128,URI="/keys/${LOC_A}/${ctxA.protection!.keyId}"`);
    expect(b).toContain(`#EXT-X-KEY:METHOD=AES-128,URI="/keys/${LOC_B}/${ctxB.protection!.keyId}"`);
    expect(text(await packageRequest(playlist(), p, clearCtx, caches))).not.toContain('EXT-X-KEY');
  });

  it('a TS segment sealed once and kept sealed; the clear segment is kept apart', async () => {
    const caches = createPackagingCaches();
    const first = await packageRequest(tsSegment(), p, ctxA, caches);
    const sealed = Buffer.from(first.body.parts[0] as Uint8Array);
    first.release?.(true);
    const again = await packageRequest(tsSegment(), p, ctxA, caches);
    expect(Buffer.from(again.body.parts[0] as Uint8Array).equals(sealed)).toBe(true);
    again.release?.(true);
    const clear = await packageRequest(tsSegment(), p, clearCtx, caches);
    const clearBytes = Buffer.from(clear.body.parts[0] as Uint8Array);
    clear.release?.(true);
    expect(clearBytes[0]).toBe(0x47);
    const d = createDecipheriv('aes-128-cbc', KEY, sequenceIv(0));
    expect(Buffer.concat([d.update(sealed), d.final()]).equals(clearBytes)).toBe(true);
    expect(first.tag).not.toBe(clear.tag);
  });

  it('a TS segment the cache does not keep streams out sealed as it is built, and decrypts to the clear one', async () => {
    const caches = createPackagingCaches({ segmentBytes: 0 });
    const drain = async (r: Packaged): Promise<Buffer> => {
      const out: Buffer[] = [];
      for (const part of r.body.parts) {
        if (!isStreamed(part)) throw new Error('expected a streamed segment');
        await part.write({ push: (bytes, done) => (out.push(Buffer.from(bytes)), done(), undefined) });
      }
      r.release?.(true);
      const bytes = Buffer.concat(out);
      expect(bytes.length).toBe(r.body.length);
      return bytes;
    };
    const sealed = await drain(await packageRequest(tsSegment(), p, ctxA, caches));
    const clear = await drain(await packageRequest(tsSegment(), p, clearCtx, caches));
    expect(clear[0]).toBe(0x47);
    const d = createDecipheriv('aes-128-cbc', KEY, sequenceIv(0));
    expect(Buffer.concat([d.update(sealed), d.final()]).equals(clear)).toBe(true);
  });

  it('a clear locator asked for encryption= is refused before anything is written', async () => {
    const req = { ...manifest('mpd-time-csf'), options: { ...plain, encryption: 'cenc' } };
    await expect(packageRequest(req, p, clearCtx, createPackagingCaches())).rejects.toMatchObject({ status: 403 });
  });
});
