import { copyFile, mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaError, openPresentation, PresentationCache, writeIsm } from '../../../packaging-core/index.ts';
import { type AbrFixture, abrFixture } from '../../helpers/fixtures.ts';
import { ffmpegBin, mustRun } from '../../helpers/run-process.ts';

let work: string;
let fx: AbrFixture;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'bad-assets-'));
  fx = await abrFixture();
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** Two tiny 6 s rungs whose GOPs differ: 2 s closed GOPs, and 2.5 s ones. */
async function makeUnalignedSet(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  const rung = async (name: string, gop: number) =>
    mustRun(ffmpegBin(), [
      '-hide_banner', '-nostdin', '-y', '-loglevel', 'error',
      '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=30:duration=6',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-g', `${gop}`, '-keyint_min', `${gop}`, '-sc_threshold', '0',
      '-bf', '2', '-x264-params', 'open-gop=0', '-pix_fmt', 'yuv420p', '-movflags', '+faststart',
      `file:${path.join(folder, name)}`,
    ]);
  await Promise.all([rung('hi.mp4', 60), rung('lo.mp4', 75)]);
  await writeFile(
    path.join(folder, 'set.ism'),
    writeIsm({
      tracks: [
        { kind: 'video', src: 'hi.mp4', bitrate: 400000, trackId: 1, trackName: 'video' },
        { kind: 'video', src: 'lo.mp4', bitrate: 200000, trackId: 1, trackName: 'video' },
      ],
    }),
  );
}

async function errorOf(p: Promise<unknown>): Promise<Error> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(MediaError);
  return err as Error;
}

describe('assets that cannot be packaged', () => {
  it('rungs with different GOPs: MediaError naming the rung and the time', async () => {
    const folder = path.join(work, 'unaligned');
    await makeUnalignedSet(folder);
    const err = await errorOf(openPresentation(folder, 'set.ism'));
    expect(err.message).toMatch(/not GOP-aligned: lo\.mp4 \(200000 b\/s\) has key frame 2 at 2\.500 s where hi\.mp4 \(400000 b\/s\) has one at 2\.000 s/);
    expect((err as MediaError).file).toBe(path.join(await import('node:fs/promises').then((f) => f.realpath(folder)), 'lo.mp4'));
  });

  it('a missing .ism, a missing source and a source outside the folder', async () => {
    const folder = path.join(work, 'broken');
    await mkdir(folder, { recursive: true });
    await copyFile(fx.videoFiles[2]!.file, path.join(folder, 'v.mp4'));
    expect((await errorOf(openPresentation(folder, 'none.ism'))).message).toMatch(/none\.ism does not exist/);
    await writeFile(path.join(folder, 'missing.ism'), '<smil><body><video src="v.mp4"/><video src="gone.mp4"/></body></smil>');
    expect((await errorOf(openPresentation(folder, 'missing.ism'))).message).toMatch(/refers to gone\.mp4, which does not exist/);
    await writeFile(path.join(folder, 'escape.ism'), `<smil><body><video src="../${path.basename(folder)}/v.mp4"/></body></smil>`);
    expect((await errorOf(openPresentation(folder, 'escape.ism'))).message).toMatch(/must be relative paths inside the asset folder/);
    await writeFile(path.join(folder, 'empty.ism'), '<smil><body/></smil>');
    expect((await errorOf(openPresentation(folder, 'empty.ism'))).message).toMatch(/lists no <video> or <audio> tracks/);
    await writeFile(path.join(folder, 'kind.ism'), '<smil><body><audio src="v.mp4"/></body></smil>');
    expect((await errorOf(openPresentation(folder, 'kind.ism'))).message).toMatch(/v\.mp4 has no audio track/);
  });

  it('a minimal .ism derives bitrate, track and names from the files', async () => {
    const folder = path.join(work, 'minimal');
    await mkdir(folder, { recursive: true });
    await copyFile(fx.videoFiles[1]!.file, path.join(folder, 'v.mp4'));
    await copyFile(fx.audioFiles[1]!.file, path.join(folder, 'a.mp4'));
    await writeFile(path.join(folder, 'm.ism'), '<smil><body><video src="v.mp4"/><audio src="a.mp4"/></body></smil>');
    const p = await openPresentation(folder, 'm.ism');
    const v = p.video[0]!;
    const a = p.audio[0]!;
    let bytes = 0;
    for (const s of v.samples.sizes) bytes += s;
    expect(v.bitrate).toBe(Math.round((bytes * 8) / (v.duration / v.timescale)));
    expect(v.bitrate).toBeGreaterThan(300_000);
    expect(v.name).toBe('video');
    expect(a.name).toBe(`aac_fra_2_${a.bitrate}`);
    expect(a.bitrate).toBeGreaterThan(100_000);
    expect(a.bitrate).toBeLessThan(160_000);
  });

  it('PresentationCache over the real fixture: one open for concurrent requests, a new version after a touch', async () => {
    const folder = path.join(work, 'cached');
    await mkdir(folder, { recursive: true });
    for (const f of [...fx.videoFiles, ...fx.audioFiles]) await copyFile(f.file, path.join(folder, path.basename(f.file)));
    await copyFile(path.join(fx.folder, fx.ismName), path.join(folder, fx.ismName));
    let now = 0;
    const cache = new PresentationCache({ now: () => now });
    const [a, b] = await Promise.all([cache.get(folder, fx.ismName), cache.get(folder, fx.ismName)]);
    expect(a).toBe(b);
    const later = new Date(Date.now() + 10_000);
    await utimes(path.join(folder, path.basename(fx.audioFiles[0]!.file)), later, later);
    now = 2000;
    const c = await cache.get(folder, fx.ismName);
    expect(c).not.toBe(a);
    expect(c.version).not.toBe(a.version);
  });
});
