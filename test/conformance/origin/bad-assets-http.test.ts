/**
 * Broken assets behind a valid locator: the origin answers with a clear error naming the problem
 * (415, AMS's MPE_FORMAT_NOT_SUPPORTED) and keeps serving the good asset next to it.
 */
import { copyFile, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { startTestOrigin, TEST_LOCATOR, type TestOrigin } from '../../helpers/origin-server.ts';
import { ffmpegBin, mustRun } from '../../helpers/run-process.ts';

const ALL = new Set(['hls', 'dash', 'smooth', 'download'] as const);
const TRUNCATED = 'aaaaaaaa-0000-4000-8000-000000000001';
const UNALIGNED = 'aaaaaaaa-0000-4000-8000-000000000002';
const AV1 = 'aaaaaaaa-0000-4000-8000-000000000003';

describe('broken assets through the origin', () => {
  let fx: AbrFixture;
  let origin: TestOrigin;
  let dir = '';

  beforeAll(async () => {
    fx = await abrFixture();
    origin = await startTestOrigin(fx);
    dir = await mkdtemp(path.join(tmpdir(), 'bad-assets-'));
    const ism = await readFile(path.join(fx.folder, fx.ismName), 'utf8');

    // 1. A rung cut in half (an interrupted copy): its moov is at the front, its samples run past EOF.
    const cut = path.join(dir, 'truncated');
    await mustRun('mkdir', ['-p', cut]);
    for (const f of [...fx.videoFiles.map((v) => v.file), ...fx.audioFiles.map((a) => a.file)]) {
      await copyFile(f, path.join(cut, path.basename(f)));
    }
    await writeFile(path.join(cut, fx.ismName), ism);
    const victim = path.join(cut, path.basename(fx.videoFiles[1]!.file));
    const size = (await readFile(victim)).length;
    await truncate(victim, Math.floor(size / 2));

    // 2. Two rungs whose GOPs do not line up (2 s and 2.5 s).
    const unaligned = path.join(dir, 'unaligned');
    await mustRun('mkdir', ['-p', unaligned]);
    for (const [name, gop, kbps] of [['hi.mp4', 60, 600], ['lo.mp4', 75, 300]] as const) {
      await mustRun(ffmpegBin(), [
        '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=30:d=6', '-c:v', 'libx264', '-preset', 'ultrafast',
        '-b:v', `${kbps}k`, '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', path.join(unaligned, name),
      ]);
    }
    await writeFile(
      path.join(unaligned, 'u.ism'),
      `<?xml version="1.0"?><smil xmlns="http://www.w3.org/2001/SMIL20/Language"><body><switch>
<video src="hi.mp4" systemBitrate="600000"/><video src="lo.mp4" systemBitrate="300000"/></switch></body></smil>`,
    );

    // 3. AV1 video: served in the fMP4 formats, but HLS TS cannot carry it.
    const av1 = path.join(dir, 'av1');
    await mustRun('mkdir', ['-p', av1]);
    await mustRun(ffmpegBin(), ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=30:d=2', '-c:v', 'libsvtav1', '-preset', '12', '-svtav1-params', 'lp=1', path.join(av1, 'a.mp4')]);
    await writeFile(
      path.join(av1, 'a.ism'),
      `<?xml version="1.0"?><smil xmlns="http://www.w3.org/2001/SMIL20/Language"><body><switch><video src="a.mp4" systemBitrate="500000"/></switch></body></smil>`,
    );

    origin.locators.set(TRUNCATED, { folder: cut, protocols: ALL });
    origin.locators.set(UNALIGNED, { folder: unaligned, protocols: ALL });
    origin.locators.set(AV1, { folder: av1, protocols: ALL });
  });
  afterAll(async () => {
    await origin?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['a truncated rung', () => `/${TRUNCATED}/${fx.ismName}/manifest(format=mpd-time-csf)`, /fixture_480x270_500\.mp4/],
    ['rungs with unaligned GOPs', () => `/${UNALIGNED}/u.ism/manifest(format=m3u8-aapl)`, /lo\.mp4.*2\.500 s/],
    ['an AV1 rung in HLS TS', () => `/${AV1}/a.ism/manifest(format=m3u8-aapl)`, /a\.mp4 \(track 1\) is av01\.[\d.A-Z]+, which HLS v4 \(TS\) cannot carry; this asset is served in HLS CMAF, DASH/],
  ])('%s: 415 with the file and the cause, and the server stays up', async (_name, url, cause) => {
    const res = await fetch(`${origin.base}${url()}`);
    expect(res.status).toBe(415);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const text = await res.text();
    expect(text).toContain('MPE_FORMAT_NOT_SUPPORTED');
    expect(text).toMatch(cause);
    expect(text).not.toMatch(/\n\s+at /);
    expect((await fetch(`${origin.ismUrl}/manifest(format=mpd-time-csf)`)).status).toBe(200);
    expect(origin.errors).toEqual([]);
  });

  it('serves the good asset next to them', async () => {
    const r = await fetch(`${origin.base}/${TEST_LOCATOR}/${fx.ismName}/manifest`);
    expect(r.status).toBe(200);
  });
});
