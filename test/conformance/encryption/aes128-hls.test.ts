/**
 * AES-128 envelope HLS (Predefined_ClearKey) proven by ffmpeg as an independent client: it reads the
 * EXT-X-KEY, fetches the key from the origin's key URI with the token, decrypts every TS segment,
 * and the pictures it decodes equal the source's frame for frame. Without a token, with a bad or
 * expired one, or with one for another locator, the key is refused.
 */
import { createDecipheriv } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { startTestOrigin, TEST_LOCATOR, type TestOrigin } from '../../helpers/origin-server.ts';
import { ffmpegBin, runProcess } from '../../helpers/run-process.ts';
import { protectionOf, startProtectedOrigin, type TestKey, tokenFor } from './protected-locator.ts';
import { frameHashes } from '../../helpers/frame-hashes.ts';

describe('AES-128 HLS decrypted by ffmpeg', () => {
  let fx: AbrFixture;
  let origin: TestOrigin;
  let k: TestKey;
  let source: string[];
  const rung = () => fx.videoFiles[fx.videoFiles.length - 1]!;

  beforeAll(async () => {
    fx = await abrFixture();
    ({ origin, key: k } = await startProtectedOrigin(fx, ['cbc']));
    source = await frameHashes(`file:${rung().file}`);
    expect(source.length).toBeGreaterThan(300);
  });
  afterAll(async () => {
    await origin?.close();
  });

  const playlist = (format: string) =>
    `${origin.ismUrl}/QualityLevels(${rung().bitrate})/Manifest(video,format=${format})`;

  it('the playlist names the key by URI, without the key or an IV', async () => {
    const text = await (await fetch(playlist('m3u8-aapl'))).text();
    const keyLine = text.split('\n').find((l) => l.startsWith('#EXT-X-KEY'));
    expect(keyLine).toBe(`#EXT-X-KEY:METHOD=AES-128,URI="/keys/${TEST_LOCATOR}/${k.keyId}"`);
    expect(text.indexOf('#EXT-X-KEY')).toBeLessThan(text.indexOf('#EXTINF'));
    expect(text).not.toContain(k.key.toString('hex'));
  });

  it.each(['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf'])('%s: ffmpeg with the token decodes the source pictures', async (format) => {
    const token = await tokenFor(k);
    const hashes = await frameHashes(playlist(format), '0:v:0', ['-headers', `Authorization: Bearer ${token}\r\n`]);
    expect(hashes.length).toBe(source.length);
    expect(hashes).toEqual(source);
  });

  it('with the TS segment cache off (each segment sealed chunk by chunk as it streams), ffmpeg decodes the same pictures', async () => {
    const streaming = await startTestOrigin(fx, { segmentCacheBytes: 0 });
    try {
      streaming.locators.set(TEST_LOCATOR, origin.locators.get(TEST_LOCATOR)!);
      const url = `${streaming.ismUrl}/QualityLevels(${rung().bitrate})/Manifest(video,format=m3u8-aapl-v3)`;
      const hashes = await frameHashes(url, '0:v:0', ['-headers', `Authorization: Bearer ${await tokenFor(k)}\r\n`]);
      expect(hashes).toEqual(source);
      expect(streaming.errors).toEqual([]);
    } finally {
      await streaming.close();
    }
  });

  it('segments are encrypted whole: AES-128-CBC with the media sequence number as IV', async () => {
    const text = await (await fetch(playlist('m3u8-aapl'))).text();
    const segments = text.split('\n').filter((l) => l && !l.startsWith('#'));
    const base = playlist('m3u8-aapl').replace(/[^/]*$/, '');
    const sequence = 1;
    const bytes = Buffer.from(await (await fetch(base + segments[sequence]!)).arrayBuffer());
    expect(bytes.length % 16).toBe(0);
    // Not clear TS: a clear segment has the 0x47 sync byte every 188 bytes; ciphertext has it at a
    // packet start 1 time in 256 (checking byte 0 alone failed by that chance).
    const starts = Math.floor(bytes.length / 188);
    let syncs = 0;
    for (let at = 0; at < starts * 188; at += 188) if (bytes[at] === 0x47) syncs++;
    expect(starts).toBeGreaterThan(8);
    expect(syncs).toBeLessThan(starts / 4);
    const iv = Buffer.alloc(16);
    iv.writeUInt32BE(sequence, 12);
    const d = createDecipheriv('aes-128-cbc', k.key, iv);
    const clear = Buffer.concat([d.update(bytes), d.final()]);
    expect(clear.length % 188).toBe(0);
    for (let at = 0; at < clear.length; at += 188) expect(clear[at]).toBe(0x47);
  });

  it('the key URI refuses a missing, bad, expired or foreign token and gives the key to a good one', async () => {
    const url = `${origin.base}/keys/${TEST_LOCATOR}/${k.keyId}`;
    const get = (headers: Record<string, string> = {}, query = '') => fetch(url + query, { headers });
    const none = await get();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(none.headers.get('access-control-allow-origin')).toBe('*');
    expect((await get({ authorization: 'Bearer not.a.jwt' })).status).toBe(401);
    const forged = await tokenFor(k, { secret: Buffer.alloc(32, 7) });
    expect((await get({ authorization: `Bearer ${forged}` })).status).toBe(401);
    const expired = await tokenFor(k, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    expect((await get({ authorization: `Bearer ${expired}` })).status).toBe(401);
    const wrongIssuer = await tokenFor(k, { issuer: 'https://elsewhere' });
    expect((await get({ authorization: `Bearer ${wrongIssuer}` })).status).toBe(401);
    const otherLocator = await tokenFor(k, { keyId: '11111111-2222-3333-4444-555555555555' });
    expect((await get({ authorization: `Bearer ${otherLocator}` })).status).toBe(403);
    const good = await tokenFor(k);
    const ok = await get({ authorization: `Bearer ${good}` });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(k.key);
    const viaQuery = await get({}, `?token=${encodeURIComponent(good)}`);
    expect(Buffer.from(await viaQuery.arrayBuffer())).toEqual(k.key);
    // Never logged: the request log has no token and no key.
    const logged = JSON.stringify(origin.log);
    expect(logged).not.toContain(good);
    expect(logged).not.toContain(k.key.toString('hex'));
  });

  it('ffmpeg without a token is refused the key and decodes nothing', async () => {
    const r = await runProcess(ffmpegBin(), ['-v', 'error', '-i', playlist('m3u8-aapl'), '-map', '0:v:0', '-f', 'framemd5', '-']);
    const frames = r.stdout.toString().split('\n').filter((l) => l && !l.startsWith('#'));
    const hashes = frames.map((l) => l.split(',').at(-1)!.trim());
    expect(hashes.filter((h) => source.includes(h))).toEqual([]);
    expect(origin.log.some((e) => e.path.startsWith('/keys/') && e.status === 401)).toBe(true);
  });

  it('a policy without HLS envelope encryption refuses HLS TS rather than serve it clear', async () => {
    origin.locators.set(TEST_LOCATOR, { folder: fx.folder, protocols: new Set(['hls', 'dash']), protection: protectionOf(k, ['cenc']) });
    try {
      const r = await fetch(`${origin.ismUrl}/manifest(format=m3u8-aapl)`);
      expect(r.status).toBe(403);
      expect(await r.text()).toContain('MPE_ENC_ENCRYPTION_REQUIRED');
    } finally {
      origin.locators.set(TEST_LOCATOR, { folder: fx.folder, protocols: new Set(['hls', 'dash', 'smooth']), protection: protectionOf(k, ['cbc']) });
    }
  });
});
