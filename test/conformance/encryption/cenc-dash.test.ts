/**
 * CENC (AES-CTR subsample encryption) checked by ffmpeg as an independent decryptor: a DASH
 * representation's init segment + every media segment, concatenated, decrypted by ffmpeg's MP4
 * demuxer with the content key (`-decryption_key`), decodes to the source pictures frame for frame
 * (and without the key it does not). Also the MPD's ClearKey signalling and the ClearKey licence.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PresentationCache, type PresentationTrack } from '../../../packaging-core/index.ts';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { TEST_LOCATOR, type TestOrigin } from '../../helpers/origin-server.ts';
import { ffmpegBin, mustRun, runProcess } from '../../helpers/run-process.ts';
import { startProtectedOrigin, type TestKey, tokenFor } from './protected-locator.ts';
import { framemd5Hashes } from '../../helpers/frame-hashes.ts';

describe('CENC DASH decrypted by ffmpeg', () => {
  let fx: AbrFixture;
  let origin: TestOrigin;
  let k: TestKey;
  let dir: string;
  let track: PresentationTrack;

  beforeAll(async () => {
    fx = await abrFixture();
    ({ origin, key: k } = await startProtectedOrigin(fx, ['cenc', 'cbcs']));
    const p = await new PresentationCache().get(fx.folder, fx.ismName);
    track = p.video[0]!;
    dir = await mkdtemp(path.join(tmpdir(), 'cenc-'));
  });
  afterAll(async () => {
    await origin?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Init + each media segment as its own file: ffmpeg 5.1 decrypts CENC in the first fragment of a file only. */
  async function download(format: string, t: PresentationTrack, locator = TEST_LOCATOR): Promise<string[]> {
    const base = `${origin.base}/${locator}/${fx.ismName}/QualityLevels(${t.bitrate})/Fragments(${t.name}=`;
    const init = Buffer.from(await (await fetch(`${base}i,format=${format})`)).arrayBuffer());
    const starts = t.fragments.startTicks;
    const files: string[] = [];
    for (let i = 0; i + 1 < starts.length; i++) {
      const r = await fetch(`${base}${starts[i]},format=${format})`);
      expect(r.status).toBe(200);
      const file = path.join(dir, `${locator}-${format}-${t.bitrate}-${i}.mp4`);
      await writeFile(file, Buffer.concat([init, Buffer.from(await r.arrayBuffer())]));
      files.push(file);
    }
    return files;
  }

  async function decode(files: string[], stream: string, key?: Buffer): Promise<string[]> {
    const out: string[] = [];
    for (const file of files) {
      const args = ['-v', 'error', ...(key ? ['-decryption_key', key.toString('hex')] : []), '-i', file, '-map', stream, '-f', 'framemd5', '-'];
      out.push(...framemd5Hashes((key ? await mustRun(ffmpegBin(), args) : await runProcess(ffmpegBin(), args)).stdout));
    }
    return out;
  }

  it.each(['mpd-time-csf', 'mpd-time-cmaf'])('%s: with the key, ffmpeg decodes the source pictures; without, it does not', async (format) => {
    const source = framemd5Hashes((await mustRun(ffmpegBin(), ['-v', 'error', '-i', track.file, '-map', '0:v:0', '-f', 'framemd5', '-'])).stdout);
    expect(source.length).toBeGreaterThan(300);
    const files = await download(format, track);
    expect(await decode(files, '0:v:0', k.key)).toEqual(source);
    const raw = await decode(files.slice(0, 2), '0:v:0');
    expect(raw.filter((h) => source.includes(h)).length).toBeLessThan(10);
  });

  it('audio, encrypted whole-sample, decodes with the key to what the clear fragments decode to', async () => {
    const p = await new PresentationCache().get(fx.folder, fx.ismName);
    const audio = p.audio[0]!;
    const clearId = 'c1ea0000-0000-4000-8000-000000000001';
    origin.locators.set(clearId, { folder: fx.folder, protocols: new Set(['dash']) });
    // AAC frames overlap: a fragment decoded alone starts differently from the whole file, so the
    // reference is the same fragments served clear, decoded the same way.
    const clear = await decode(await download('mpd-time-csf', audio, clearId), '0:a:0');
    const got = await decode(await download('mpd-time-csf', audio), '0:a:0', k.key);
    expect(clear.length).toBeGreaterThan(300);
    expect(got).toEqual(clear);
  });

  it('the MPD signals cenc with the key id and the ClearKey licence URL; the licence holds the key', async () => {
    const mpd = await (await fetch(`${origin.ismUrl}/manifest(format=mpd-time-csf)`)).text();
    expect(mpd).toContain(`value="cenc" cenc:default_KID="${k.keyId}"`);
    expect(mpd).toContain('urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e');
    const laurl = /<dashif:Laurl>([^<]+)<\/dashif:Laurl>/.exec(mpd)?.[1];
    expect(laurl).toBe(`${origin.base}/keys/${TEST_LOCATOR}/clearkey`);
    expect(mpd).not.toContain(k.key.toString('base64url'));

    const kid = Buffer.from(k.keyId.replaceAll('-', ''), 'hex').toString('base64url');
    const body = JSON.stringify({ kids: [kid], type: 'temporary' });
    const pre = await fetch(laurl!, { method: 'OPTIONS', headers: { origin: 'http://player.test', 'access-control-request-headers': 'authorization,content-type' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(pre.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect((await fetch(laurl!, { method: 'POST', body })).status).toBe(401);
    const r = await fetch(laurl!, { method: 'POST', body, headers: { authorization: `Bearer ${await tokenFor(k)}` } });
    expect(r.status).toBe(200);
    const licence = (await r.json()) as { keys: { kty: string; kid: string; k: string }[] };
    expect(licence.keys).toEqual([{ kty: 'oct', kid, k: k.key.toString('base64url') }]);
    const bad = await fetch(laurl!, { method: 'POST', body: '{"kids":"x"}', headers: { authorization: `Bearer ${await tokenFor(k)}` } });
    expect(bad.status).toBe(400);
  });
});
