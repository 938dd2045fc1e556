/**
 * The studio's API handlers over a real temp library: import probes with the real ffprobe, the
 * endpoint serves a published ABR fixture through the real origin, encodes run the real encoder.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetFolderPath } from '../../../electron/studio/catalog/assets-repo.ts';
import type { Studio } from '../../../electron/studio/studio.ts';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { ffmpegBin, ffprobeBin, mustRun } from '../../helpers/run-process.ts';
import { insertFixtureAsset, openTestStudio, studioCalls } from '../../helpers/test-studio.ts';

let fx: AbrFixture;
let dir = '';
let studio: Studio;

const { call, failure } = studioCalls(() => studio);

beforeAll(async () => {
  fx = await abrFixture();
  dir = await mkdtemp(path.join(tmpdir(), 'studio-conf-'));
  studio = await openTestStudio(dir);
});
afterAll(async () => {
  await studio?.close();
  await rm(dir, { recursive: true, force: true });
});

/** An asset as the encoder leaves it: a row, then the fixture's ABR set in assets/<id>. */
async function publishedFixture(): Promise<string> {
  const asset = await insertFixtureAsset(studio.catalog, fx);
  const locator = await call('locators.create', { assetId: asset.id, policyName: 'Predefined_ClearStreamingOnly' });
  return locator.id;
}

describe('assets', () => {
  it('imports a media file by reference: probe → asset row', async () => {
    const asset = await call('assets.import', { path: fx.mezzanine });
    expect(asset).toMatchObject({ name: path.parse(fx.mezzanine).name, sourceFile: fx.mezzanine, state: 'Finished' });
    expect(asset.mediaInfo?.video).toMatchObject({ codec: 'h264' });
    expect(asset.mediaInfo?.audio.map((a) => a.language)).toEqual(['eng', 'fra']);
    // The contract's schema carries every field the probe gives.
    expect(asset).toEqual(await studio.handlers['assets.get']({ id: asset.id }));
    expect((await call('assets.list', {})).map((a) => a.id)).toContain(asset.id);
  });

  it("makes a source's poster with ffmpeg at import, caches it outside the asset folder, and drops it with the asset", async () => {
    const asset = await call('assets.import', { path: fx.mezzanine, name: 'poster-source' });
    const cached = path.join(studio.catalog.layout.root, 'cache', 'posters', `${asset.id}.jpg`);
    const jpeg = await readFile(cached);
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    // ffprobe reads it as one picture, 480 px wide at most, in the source's aspect.
    const probe = JSON.parse((await mustRun(ffprobeBin(), ['-v', 'error', '-show_streams', '-of', 'json', cached])).stdout.toString()) as { streams: { width: number; height: number }[] };
    const src = asset.mediaInfo?.video;
    expect(probe.streams[0]?.width).toBe(Math.min(480, src?.displayWidth ?? 0));
    const files = await call('assets.files', { id: asset.id });
    expect(files.poster).toBe(`data:image/jpeg;base64,${jpeg.toString('base64')}`);
    // The asset folder (served by download locators) stays empty.
    expect(files.files).toEqual([]);
    await call('assets.delete', { id: asset.id });
    await expect(readFile(cached)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a file that is not media, with the probe message, and adds nothing', async () => {
    const text = path.join(dir, 'notes.mp4');
    await writeFile(text, 'these are not the frames you are looking for\n'.repeat(100));
    const before = await call('assets.list', {});
    const beforeFolders = await readdir(studio.catalog.layout.assetsDir);
    const error = await failure('assets.import', { path: text });
    expect(error.code).toBe('not-media');
    expect(error.message).toMatch(/not a video or audio file/);
    expect(error.hint).toBeTruthy();
    expect(await call('assets.list', {})).toEqual(before);
    expect(await readdir(studio.catalog.layout.assetsDir)).toEqual(beforeFolders);
  });

  it('lists the built-in transforms with their ladders', async () => {
    const transforms = await call('transforms.list', {});
    const adaptive = transforms.find((t) => t.name === 'AdaptiveStreaming');
    expect(adaptive?.builtin).toBe(true);
    expect(adaptive?.definition.video.map((r) => r.height)).toEqual([1080, 720, 540, 360, 270, 180]);
    const exported = await call('transforms.export', { name: 'H264SingleBitrateSD' });
    const imported = await call('transforms.import', { json: exported.json.replace('H264SingleBitrateSD', 'MySD') });
    expect(imported).toMatchObject({ name: 'MySD', builtin: false });
    expect((await failure('transforms.delete', { name: 'AdaptiveStreaming' })).code).toBe('conflict');
    expect(await call('transforms.delete', { name: 'MySD' })).toEqual({ deleted: true });
  });
});

describe('publishing and the streaming endpoint', () => {
  it('creates a locator whose six URLs the endpoint serves, logging each request', async () => {
    const id = await publishedFixture();
    const stopped = await call('locators.paths', { id });
    expect(Object.keys(stopped.urls).sort()).toEqual(['dash-cmaf', 'dash-csf', 'hls-cmaf', 'hls-v3', 'hls-v4', 'smooth']);
    expect(stopped.downloads).toEqual([]);

    const status = await call('endpoint.start', {});
    expect(status).toMatchObject({ state: 'Running' });
    const paths = await call('locators.paths', { id });
    expect(paths.baseUrl).toBe(status.url);
    const types: Record<string, string> = {
      'hls-v4': 'application/vnd.apple.mpegurl',
      'hls-v3': 'application/vnd.apple.mpegurl',
      'hls-cmaf': 'application/vnd.apple.mpegurl',
      'dash-csf': 'application/dash+xml',
      'dash-cmaf': 'application/dash+xml',
      smooth: 'application/vnd.ms-sstr+xml',
    };
    for (const [key, url] of Object.entries(paths.urls)) {
      const res = await fetch(url);
      expect(res.status, key).toBe(200);
      expect(res.headers.get('content-type'), key).toBe(types[key]);
      await res.arrayBuffer();
    }
    const log = await call('endpoint.log', {});
    expect(log.entries.filter((e) => e.status === 200 && e.path.includes(id))).toHaveLength(6);
    expect(log.entries.at(-1)).toMatchObject({ method: 'GET', client: '127.0.0.1' });
    // Every answered manifest is logged with the bytes it carried.
    for (const e of log.entries.filter((x) => x.status === 200)) expect(e.bytes, e.path).toBeGreaterThan(0);

    await call('locators.delete', { id });
    expect((await fetch(paths.urls['hls-v4'] ?? '')).status).toBe(404);
    expect(await call('endpoint.stop', {})).toMatchObject({ state: 'Stopped', url: null });
    await expect(fetch(paths.urls['hls-v4'] ?? '')).rejects.toThrow();
  });

  it('answers 403 to clients outside the IP allow list, applied to the running endpoint', async () => {
    const id = await publishedFixture();
    await call('endpoint.start', {});
    const url = (await call('locators.paths', { id })).urls['dash-csf'] ?? '';
    await call('endpoint.settings.set', { ipAllow: [{ name: 'office', address: '10.0.0.0', subnetPrefixLength: 8 }] });
    const refused = await fetch((await call('locators.paths', { id })).urls['dash-csf'] ?? url);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/IP allow list/);
    await call('endpoint.settings.set', { ipAllow: [{ name: 'me', address: '127.0.0.1' }] });
    expect((await fetch((await call('locators.paths', { id })).urls['dash-csf'] ?? url)).status).toBe(200);
    expect((await failure('endpoint.settings.set', { ipAllow: [{ name: 'bad', address: 'my-laptop' }] })).code).toBe('invalid-argument');
    await call('endpoint.settings.set', { ipAllow: [] });
    await call('endpoint.stop', {});
  });

  it('falls back to a free port when the configured one is busy, and says so', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as { port: number }).port;
    try {
      await call('endpoint.settings.set', { port: busy, corsOrigins: ['https://player.example'], maxAgeSec: 7 });
      const status = await call('endpoint.start', {});
      expect(status.state).toBe('Running');
      expect(status.listening?.port).not.toBe(busy);
      expect(status.notice).toContain(String(busy));
      const id = await publishedFixture();
      const res = await fetch((await call('locators.paths', { id })).urls['hls-cmaf'] ?? '', { headers: { origin: 'https://player.example' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('https://player.example');
      expect(res.headers.get('cache-control')).toBe('max-age=7');
    } finally {
      await call('endpoint.stop', {});
      await call('endpoint.settings.set', { port: 0, corsOrigins: ['*'], maxAgeSec: null });
      blocker.close();
    }
  });
});

describe('jobs', () => {
  it('encodes a file through the queue; progress and the end arrive through jobs.events', async () => {
    const source = path.join(dir, 'short.mp4');
    await mustRun(ffmpegBin(), [
      '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=30:d=2', '-f', 'lavfi', '-i', 'sine=d=2',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', source,
    ]);
    studio.queue.start();
    const job = await call('jobs.encode', { file: source, transformName: 'AdaptiveStreaming' });
    expect(job.state === 'Queued' || job.state === 'Processing').toBe(true);
    let since = 0;
    const seen: string[] = [];
    const live: string[] = [];
    for (let i = 0; i < 60 && !seen.includes('Finished') && !seen.includes('Error'); i++) {
      const reply = await call('jobs.events', { since, timeoutMs: 5000 });
      since = reply.seq;
      for (const e of reply.events) {
        if (e.type === 'state' && e.job.id === job.id) seen.push(e.job.state);
        if (e.type === 'progress' && e.jobId === job.id) seen.push('progress');
        if (e.type === 'log' && e.jobId === job.id) {
          expect(e.line).toBe(live.length);
          live.push(...e.lines);
        }
      }
    }
    expect(seen).toContain('progress');
    // The stored log is what streamed live, and says what was asked, what ran and what came out.
    const log = await call('jobs.log', { id: job.id });
    expect(log.text).toBe(live.join('\n'));
    expect(log.nextLine).toBe(live.length);
    expect(log.file).toBe(path.join(studio.catalog.layout.jobLogsDir, `${job.id}.log`));
    for (const step of [/\[studio\] job .* started/, /\[studio\] probe: .*video h264 .*320x180/, /\[studio\] plan: rung \d+x\d+ \d+ kb\/s/,
      /\[studio\] ffmpeg command: \S*ffmpeg .*-filter_complex/, /Stream mapping:/, /\[studio\] verify: short_.*\.mp4: .* s/, /\[studio\] finished after/]) {
      expect(log.text).toMatch(step);
    }
    const done = await call('jobs.get', { id: job.id });
    expect(done.state, done.error?.message).toBe('Finished');
    const output = await call('assets.get', { id: done.outputAssetId ?? '' });
    expect(output).toMatchObject({ state: 'Finished', ismName: 'short.ism' });
    expect(await readdir(assetFolderPath(studio.catalog, output))).toContain('short.ism');
    expect(await readdir(studio.catalog.layout.tmpDir)).toEqual([]);
    expect((await failure('jobs.retry', { id: job.id })).code).toBe('conflict');
  });

  it('refuses an unknown transform without adding an asset', async () => {
    const before = (await call('assets.list', {})).length;
    expect((await failure('jobs.encode', { file: fx.mezzanine, transformName: 'Nope' })).code).toBe('not-found');
    expect(await call('assets.list', {})).toHaveLength(before);
  });
});
