/**
 * Encryption of the codecs beyond H.264/AAC, with ffmpeg as the independent decryptor: HEVC under CENC
 * and under cbcs (1:9 pattern, constant IV) in DASH CMAF — HEVC subsample rules: length prefixes, 2-byte
 * NAL headers and non-VCL NAL units clear, slice data protected in whole 16-byte blocks — decrypts with
 * the content key to the source pictures frame for frame (ffmpeg 5.1's mov demuxer has its own 'cenc'
 * and 'cbcs' decryptors); HEVC in HLS TS and AV1 in HLS CMAF under the AES-128 envelope decode
 * to the source pictures; AV1 under common encryption is refused with a 415 that says why.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOriginHandler, type Presentation, PresentationCache, type ResolvedLocator, writeIsm } from '../../../packaging-core/index.ts';
import { ffmpegBin, mustRun, runProcess } from '../../helpers/run-process.ts';
import { codecRenditions } from '../../helpers/set-fixtures.ts';
import { protectionOf, testKey, type TestKey } from '../encryption/protected-locator.ts';
import { framemd5Hashes } from '../../helpers/frame-hashes.ts';
import { listen } from '../../helpers/static-server.ts';

const CENC = '5e1c0000-0000-4000-8000-000000000001';
const ENVELOPE = '5e1c0000-0000-4000-8000-000000000002';
const AV1_CENC = '5e1c0000-0000-4000-8000-000000000003';
const AV1_ENVELOPE = '5e1c0000-0000-4000-8000-000000000004';
const CBCS = '5e1c0000-0000-4000-8000-000000000005';

let dir = '';
let base = '';
let close: () => Promise<void>;
let k: TestKey;
let media: Awaited<ReturnType<typeof codecRenditions>>;
const cache = new PresentationCache();

async function asset(name: string, file: string): Promise<string> {
  const folder = path.join(dir, name);
  await mkdir(folder, { recursive: true });
  await mustRun('cp', [file, folder]);
  await writeFile(path.join(folder, `${name}.ism`), writeIsm({ tracks: [{ kind: 'video', src: path.basename(file), bitrate: 300000, trackId: 1, trackName: 'video' }] }));
  return folder;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'codecs-enc-'));
  media = await codecRenditions(path.join(dir, 'media'));
  k = testKey();
  const hevc = await asset('hevc', media.hevc);
  const av1 = await asset('av1', media.av1);
  const open = { kind: 'open' } as const;
  const locators = new Map<string, ResolvedLocator>([
    [CENC, { folder: hevc, protocols: new Set(['dash']), protection: protectionOf(k, ['cenc'], open) }],
    [CBCS, { folder: hevc, protocols: new Set(['dash']), protection: protectionOf(k, ['cbcs'], open) }],
    [ENVELOPE, { folder: hevc, protocols: new Set(['hls']), protection: protectionOf(k, ['cbc'], open) }],
    [AV1_CENC, { folder: av1, protocols: new Set(['dash']), protection: protectionOf(k, ['cenc'], open) }],
    [AV1_ENVELOPE, { folder: av1, protocols: new Set(['hls']), protection: protectionOf(k, ['cbc'], open) }],
  ]);
  const handler = createOriginHandler({
    resolveLocator: (id) => locators.get(id) ?? null,
    presentations: (folder, ism) => cache.get(folder, ism),
  });
  const server = await listen(handler);
  base = server.url;
  close = async () => {
    await server.close();
    await handler.close();
  };
});
afterAll(async () => {
  await close?.();
  await rm(dir, { recursive: true, force: true });
});

describe('encryption of the new codecs', () => {
  it.each([
    ['CENC', CENC],
    ['cbcs', CBCS],
  ] as const)('HEVC under %s (DASH CMAF): ffmpeg decrypts with the key to the source pictures; without it, not', async (scheme, locator) => {
    const p: Presentation = await cache.get(path.join(dir, 'hevc'), 'hevc.ism');
    const track = p.video[0]!;
    const url = (t: string) => `${base}/${locator}/hevc.ism/QualityLevels(300000)/Fragments(video=${t},format=mpd-time-cmaf)`;
    const init = Buffer.from(await (await fetch(url('i'))).arrayBuffer());
    // The scheme really is the one named: schm, and for cbcs a version-1 tenc with the 1:9 pattern
    // and a constant IV (no per-sample IV), which is what ffmpeg's 'cbcs' decryptor then applies.
    const schm = init.indexOf('schm');
    expect(init.subarray(schm + 8, schm + 12).toString('latin1')).toBe(scheme.toLowerCase());
    const tenc = init.indexOf('tenc') + 4;
    if (scheme === 'cbcs') expect([init[tenc], init[tenc + 5], init[tenc + 7], init[tenc + 24]]).toEqual([1, 0x19, 0, 16]);
    const source = framemd5Hashes((await mustRun(ffmpegBin(), ['-v', 'error', '-i', media.hevc, '-map', '0:v:0', '-f', 'framemd5', '-'])).stdout);
    const decrypted: string[] = [];
    let garbled = 0;
    const starts = track.fragments.startTicks;
    for (let i = 0; i + 1 < starts.length; i++) {
      // ffmpeg 5.1 decrypts in the first fragment of a file only: one file per fragment.
      const file = path.join(dir, `hevc-${locator}-${i}.mp4`);
      await writeFile(file, Buffer.concat([init, Buffer.from(await (await fetch(url(String(starts[i])))).arrayBuffer())]));
      const args = ['-v', 'error', '-i', file, '-map', '0:v:0', '-f', 'framemd5', '-'];
      decrypted.push(...framemd5Hashes((await mustRun(ffmpegBin(), ['-decryption_key', k.key.toString('hex'), ...args])).stdout));
      garbled += framemd5Hashes((await runProcess(ffmpegBin(), args)).stdout).filter((h) => !source.includes(h)).length;
    }
    expect(decrypted).toEqual(source);
    expect(garbled).toBeGreaterThan(0);
  });

  it.each([
    ['HEVC in HLS TS', ENVELOPE, 'hevc', 'm3u8-aapl'],
    ['AV1 in HLS CMAF', AV1_ENVELOPE, 'av1', 'm3u8-cmaf'],
  ] as const)('%s under the AES-128 envelope: ffmpeg fetches the key and decodes the source pictures', async (_name, locator, name, format) => {
    const playlist = `${base}/${locator}/${name}.ism/QualityLevels(300000)/Manifest(video,format=${format})`;
    expect(await (await fetch(playlist)).text()).toContain('#EXT-X-KEY:METHOD=AES-128');
    const got = framemd5Hashes((await mustRun(ffmpegBin(), ['-v', 'error', '-i', playlist, '-map', '0:v:0', '-f', 'framemd5', '-'])).stdout);
    const source = framemd5Hashes((await mustRun(ffmpegBin(), ['-v', 'error', '-i', name === 'hevc' ? media.hevc : media.av1, '-map', '0:v:0', '-f', 'framemd5', '-'])).stdout);
    expect(got).toEqual(source);
  });

  it('AV1 under common encryption: 415 saying why and what to publish with instead', async () => {
    const res = await fetch(`${base}/${AV1_CENC}/av1.ism/QualityLevels(300000)/Fragments(video=i,format=mpd-time-cmaf)`);
    expect(res.status).toBe(415);
    expect(await res.text()).toMatch(/common encryption \(cenc\/cbcs\) of AV1 is not supported.*clear policy or the AES-128 envelope/);
  });
});
