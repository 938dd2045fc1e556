/**
 * The AMS VOD workflow as AMS code runs it, through the official SDK against the studio: a transform
 * from a built-in preset, a JobInputHttp job from a local HTTP server polled to Finished, a
 * Predefined_ClearStreamingOnly locator, the endpoint's hostName and listPaths, HLS and DASH read by
 * ffprobe. Also a failing job in AMS's error shape, cancel, an asset
 * filter used in a URL (ffprobe reads it), and a token-protected locator whose key is delivered.
 */
import { createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Job } from '@azure/arm-mediaservices';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSampleMezzanine } from '../../../electron/studio/app/sample-mezzanine.ts';
import { ffprobeBin, runProcess } from '../../helpers/run-process.ts';
import { ACCOUNT, RESOURCE_GROUP as RG, restError, startApiFixture, type ApiFixture } from './api-fixture.ts';

const TRANSFORM = 'SdTransform';
const FINAL = new Set(['Finished', 'Error', 'Canceled']);

let f: ApiFixture;
let media: string;
let inputs: { server: Server; url: string };
let slowResponses = 0;

/** Serves the test media; /slow/ trickles bytes so a download can be canceled mid-way. */
function startInputServer(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.startsWith('/slow/')) {
      slowResponses++;
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(50_000_000) });
      const timer = setInterval(() => res.write(Buffer.alloc(4096)), 100);
      res.on('close', () => clearInterval(timer));
      return;
    }
    const file = path.join(dir, path.basename(url.pathname));
    stat(file).then(
      (s) => {
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(s.size) });
        createReadStream(file).pipe(res);
      },
      () => res.writeHead(404).end('not found'),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

async function waitForJob(name: string, seen: Job[] = []): Promise<Job> {
  for (;;) {
    const job = await f.client.jobs.get(RG, ACCOUNT, TRANSFORM, name);
    seen.push(job);
    if (FINAL.has(job.state ?? '')) return job;
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function submitHttpJob(name: string, output: string, file: string, base = `${inputs.url}/media/`): Promise<Job> {
  await f.client.assets.createOrUpdate(RG, ACCOUNT, output, {});
  return f.client.jobs.create(RG, ACCOUNT, TRANSFORM, name, {
    input: { odataType: '#Microsoft.Media.JobInputHttp', baseUri: base, files: [file] },
    outputs: [{ odataType: '#Microsoft.Media.JobOutputAsset', assetName: output }],
  });
}

beforeAll(async () => {
  f = await startApiFixture();
  media = await mkdtemp(path.join(os.tmpdir(), 'ams-api-media-'));
  await makeSampleMezzanine(media, { durationSec: 4, width: 640, height: 360, languages: ['eng'] });
  await writeFile(path.join(media, 'not-video.mp4'), 'this is a text file, not a movie\n'.repeat(100));
  inputs = await startInputServer(media);
  await f.client.transforms.createOrUpdate(RG, ACCOUNT, TRANSFORM, {
    outputs: [{ preset: { odataType: '#Microsoft.Media.BuiltInStandardEncoderPreset', presetName: 'H264SingleBitrateSD' } }],
  });
  await f.client.streamingEndpoints.beginStartAndWait(RG, ACCOUNT, 'default', { updateIntervalInMs: 50 });
});

afterAll(async () => {
  await new Promise((r) => inputs?.server.close(r));
  inputs?.server.closeAllConnections();
  await f?.close();
  if (media) await rm(media, { recursive: true, force: true });
});

describe('the VOD workflow through the SDK', () => {
  let hlsUrl = '';
  let dashUrl = '';

  it('runs a JobInputHttp job to Finished into the output asset, visible in the studio', async () => {
    const created = await submitHttpJob('job-http', 'out-http', 'sample-mezzanine.mp4');
    expect(created.state).toMatch(/Queued|Scheduled|Processing/);
    const seen: Job[] = [];
    const job = await waitForJob('job-http', seen);
    expect(job.state, JSON.stringify(job.outputs)).toBe('Finished');
    expect(job.startTime).toBeInstanceOf(Date);
    expect(job.endTime).toBeInstanceOf(Date);
    expect((job.endTime as Date).getTime()).toBeGreaterThanOrEqual((job.startTime as Date).getTime());
    expect(job.outputs?.[0]).toMatchObject({ odataType: '#Microsoft.Media.JobOutputAsset', assetName: 'out-http', state: 'Finished', progress: 100 });
    // Progress only moves forward.
    const progress = seen.map((j) => j.outputs?.[0]?.progress ?? 0);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));

    const out = await f.client.assets.get(RG, ACCOUNT, 'out-http');
    const studioJob = (await f.studio.handlers['jobs.list']({})).find((j) => j.outputAssetId === out.assetId);
    expect(studioJob).toMatchObject({ state: 'Finished', transformName: TRANSFORM });
    expect((await f.studio.handlers['assets.get']({ id: out.assetId ?? '' })).ismName).toMatch(/\.ism$/);

    const listed: string[] = [];
    for await (const j of f.client.jobs.list(RG, ACCOUNT, TRANSFORM, { filter: "properties/state eq 'Finished'" })) listed.push(j.name ?? '');
    expect(listed).toContain('job-http');
  });

  it('deletes a job: the API forgets it, the studio keeps its history', async () => {
    await submitHttpJob('job-to-delete', 'out-deleted', 'not-video.mp4');
    const done = await waitForJob('job-to-delete');
    await f.client.jobs.delete(RG, ACCOUNT, TRANSFORM, 'job-to-delete');
    expect(await restError(f.client.jobs.get(RG, ACCOUNT, TRANSFORM, 'job-to-delete'))).toMatchObject({ statusCode: 404 });
    expect(done.state).toBe('Error');
    const outId = (await f.client.assets.get(RG, ACCOUNT, 'out-deleted')).assetId;
    expect((await f.studio.handlers['jobs.list']({})).some((j) => j.outputAssetId === outId)).toBe(true);
  });

  it('publishes with Predefined_ClearStreamingOnly; listPaths on the endpoint hostName gives HLS and DASH URLs ffprobe reads', async () => {
    const locator = await f.client.streamingLocators.create(RG, ACCOUNT, 'loc-clear', { assetName: 'out-http', streamingPolicyName: 'Predefined_ClearStreamingOnly' });
    expect(locator.streamingLocatorId).toMatch(/^[0-9a-f-]{36}$/);
    const locators = await f.client.assets.listStreamingLocators(RG, ACCOUNT, 'out-http');
    expect(locators.streamingLocators?.map((l) => l.name)).toEqual(['loc-clear']);
    expect((await f.studio.handlers['locators.list']({})).map((l) => l.id)).toContain(locator.streamingLocatorId);

    const endpoint = await f.client.streamingEndpoints.get(RG, ACCOUNT, 'default');
    expect(endpoint.resourceState).toBe('Running');
    const paths = await f.client.streamingLocators.listPaths(RG, ACCOUNT, 'loc-clear');
    const hls = paths.streamingPaths?.find((p) => p.streamingProtocol === 'Hls')?.paths?.[0];
    const dash = paths.streamingPaths?.find((p) => p.streamingProtocol === 'Dash')?.paths?.[0];
    expect(hls).toMatch(/manifest\(format=m3u8-aapl\)/);
    expect(dash).toMatch(/manifest\(format=mpd-time-csf\)/);
    // AMS code prefixes the hostName with a scheme; the studio's origin speaks HTTP.
    hlsUrl = `http://${endpoint.hostName ?? ''}${hls ?? ''}`;
    dashUrl = `http://${endpoint.hostName ?? ''}${dash ?? ''}`;

    // ffmpeg reads both (shaka-player in Chromium plays them in api-blob.test.ts, the SAS-upload flow).
    for (const url of [hlsUrl, dashUrl]) {
      const r = await runProcess(ffprobeBin(), ['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'csv=p=0', url]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.toString().split('\n').filter(Boolean).sort()).toEqual(expect.arrayContaining(['audio', 'video']));
    }
  });

  it('adds a TextTrack from a .vtt in the asset (tracks.beginCreateOrUpdateAndWait); the origin serves it; deletes it', async () => {
    const out = await f.client.assets.get(RG, ACCOUNT, 'out-http');
    const folder = path.join(f.library, out.container ?? '');
    await writeFile(path.join(folder, 'captions-fr.vtt'), 'WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nBonjour\n');
    const created = await f.client.tracks.beginCreateOrUpdateAndWait(
      RG,
      ACCOUNT,
      'out-http',
      'French',
      { track: { odataType: '#Microsoft.Media.TextTrack', fileName: 'captions-fr.vtt', playerVisibility: 'Visible', hlsSettings: { default: true, forced: false } } as never },
      { updateIntervalInMs: 50 },
    );
    expect(created).toMatchObject({ name: 'French', provisioningState: 'Succeeded', track: { odataType: '#Microsoft.Media.TextTrack', languageCode: 'fr', playerVisibility: 'Visible' } });
    const listed: { name?: string; track?: { odataType: string } }[] = [];
    for await (const t of f.client.tracks.list(RG, ACCOUNT, 'out-http')) listed.push(t);
    expect(listed.map((t) => [t.track?.odataType, t.name])).toEqual(expect.arrayContaining([['#Microsoft.Media.AudioTrack', expect.any(String)], ['#Microsoft.Media.TextTrack', 'French']]));
    expect((await f.client.tracks.get(RG, ACCOUNT, 'out-http', 'French')).track).toMatchObject({ hlsSettings: { default: true, forced: false } });
    // The desktop app sees it; the HLS master lists it in a SUBTITLES group, and its playlist carries the cue.
    expect((await f.studio.handlers['assets.tracks.list']({ id: out.assetId ?? '' })).some((t) => t.kind === 'text' && t.name === 'French')).toBe(true);
    // The origin re-checks an opened asset's files at most once a second.
    await new Promise((r) => setTimeout(r, 1100));
    const master = await (await fetch(hlsUrl)).text();
    const media = master.split('\n').find((l) => l.startsWith('#EXT-X-MEDIA:TYPE=SUBTITLES')) ?? '';
    expect(media).toMatch(/LANGUAGE="fr"/);
    const subs = new URL(/URI="([^"]+)"/.exec(media)?.[1] ?? '', hlsUrl);
    const r = await runProcess(ffprobeBin(), ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', subs.toString()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.toString()).toContain('webvtt');

    // A broken file fails the operation with the line to fix; an encoded audio track is read-only.
    await writeFile(path.join(folder, 'broken.vtt'), 'WEBVTT\n\n00:00:03.000 --> 00:00:01.000\nbackwards\n');
    const bad = await restError(
      f.client.tracks.beginCreateOrUpdateAndWait(RG, ACCOUNT, 'out-http', 'Broken', { track: { odataType: '#Microsoft.Media.TextTrack', fileName: 'broken.vtt' } as never }, { updateIntervalInMs: 50 }),
    );
    expect(bad.message).toMatch(/line/i);
    const missing = await restError(
      f.client.tracks.beginCreateOrUpdateAndWait(RG, ACCOUNT, 'out-http', 'Missing', { track: { odataType: '#Microsoft.Media.TextTrack', fileName: 'nope.vtt' } as never }, { updateIntervalInMs: 50 }),
    );
    expect(missing.message).toContain('nope.vtt');
    const audio = listed.find((t) => t.track?.odataType === '#Microsoft.Media.AudioTrack')?.name ?? '';
    expect(await restError(f.client.tracks.beginDeleteAndWait(RG, ACCOUNT, 'out-http', audio))).toMatchObject({ statusCode: 400, code: 'BadRequest' });

    // update (PATCH) changes its settings; the cues stay.
    const updated = await f.client.tracks.beginUpdateAndWait(
      RG,
      ACCOUNT,
      'out-http',
      'French',
      { track: { odataType: '#Microsoft.Media.TextTrack', playerVisibility: 'Hidden', hlsSettings: { default: false, forced: true } } as never },
      { updateIntervalInMs: 50 },
    );
    expect(updated.track).toMatchObject({ playerVisibility: 'Hidden', languageCode: 'fr', hlsSettings: { default: false, forced: true } });
    const stored = (await f.studio.handlers['assets.tracks.list']({ id: out.assetId ?? '' })).find((t) => t.name === 'French');
    expect(stored).toMatchObject({ visible: false, forced: true, isDefault: false });
    expect(await readFile(path.join(folder, stored?.file ?? ''), 'utf8')).toContain('Bonjour');

    await f.client.tracks.beginDeleteAndWait(RG, ACCOUNT, 'out-http', 'French', { updateIntervalInMs: 50 });
    expect(await restError(f.client.tracks.get(RG, ACCOUNT, 'out-http', 'French'))).toMatchObject({ statusCode: 404 });
    await new Promise((r) => setTimeout(r, 1100));
    expect(await (await fetch(hlsUrl)).text()).not.toContain('TYPE=SUBTITLES');
  });

  it('applies an asset filter in a URL (ffprobe reads the shorter presentation)', async () => {
    await f.client.assetFilters.createOrUpdate(RG, ACCOUNT, 'out-http', 'first2s', {
      presentationTimeRange: { startTimestamp: 0, endTimestamp: 20_000_000, timescale: 10_000_000 },
    });
    const filter = await f.client.assetFilters.get(RG, ACCOUNT, 'out-http', 'first2s');
    expect(filter.presentationTimeRange).toMatchObject({ startTimestamp: 0, endTimestamp: 20_000_000 });
    const duration = async (url: string): Promise<number> => {
      const r = await runProcess(ffprobeBin(), ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', url]);
      expect(r.code, r.stderr).toBe(0);
      return Number(r.stdout.toString().trim());
    };
    const full = await duration(dashUrl);
    const filtered = await duration(dashUrl.replace('format=mpd-time-csf', 'format=mpd-time-csf,filter=first2s'));
    expect(full).toBeGreaterThan(3.5);
    expect(filtered).toBeGreaterThan(1.5);
    expect(filtered).toBeLessThan(2.5);
  });

  it('delivers the key of a locator under a token content key policy only with a valid token', async () => {
    const secret = randomBytes(32);
    await f.client.contentKeyPolicies.createOrUpdate(RG, ACCOUNT, 'token-policy', {
      options: [
        {
          name: 'token',
          configuration: { odataType: '#Microsoft.Media.ContentKeyPolicyClearKeyConfiguration' },
          restriction: {
            odataType: '#Microsoft.Media.ContentKeyPolicyTokenRestriction',
            issuer: 'https://issuer.example',
            audience: 'urn:player',
            primaryVerificationKey: { odataType: '#Microsoft.Media.ContentKeyPolicySymmetricTokenKey', keyValue: secret },
            restrictionTokenType: 'Jwt',
          },
        },
      ],
    });
    const shown = await f.client.contentKeyPolicies.get(RG, ACCOUNT, 'token-policy');
    const shownKey = (shown.options?.[0]?.restriction as { primaryVerificationKey?: { keyValue?: Uint8Array | null } }).primaryVerificationKey;
    expect(shownKey?.keyValue ?? null).toBeNull();
    const secrets = await f.client.contentKeyPolicies.getPolicyPropertiesWithSecrets(RG, ACCOUNT, 'token-policy');
    const secretKey = (secrets.options[0]?.restriction as { primaryVerificationKey?: { keyValue?: Uint8Array } }).primaryVerificationKey?.keyValue;
    expect(Buffer.from(secretKey ?? new Uint8Array()).equals(secret)).toBe(true);

    await f.client.streamingLocators.create(RG, ACCOUNT, 'loc-protected', {
      assetName: 'out-http',
      streamingPolicyName: 'Predefined_ClearKey',
      defaultContentKeyPolicyName: 'token-policy',
    });
    const keys = await f.client.streamingLocators.listContentKeys(RG, ACCOUNT, 'loc-protected');
    expect(keys.contentKeys?.[0]).toMatchObject({ type: 'EnvelopeEncryption', policyName: 'token-policy' });
    expect(keys.contentKeys?.[0]?.value).toBeUndefined();

    const endpoint = await f.client.streamingEndpoints.get(RG, ACCOUNT, 'default');
    const paths = await f.client.streamingLocators.listPaths(RG, ACCOUNT, 'loc-protected');
    const hls = paths.streamingPaths?.find((p) => p.streamingProtocol === 'Hls');
    expect(hls?.encryptionScheme).toBe('EnvelopeEncryption');
    const master = new URL(`http://${endpoint.hostName ?? ''}${hls?.paths?.[0] ?? ''}`);
    const masterText = await (await fetch(master)).text();
    const variant = new URL(masterText.split('\n').find((l) => l && !l.startsWith('#') && /video|QualityLevels/i.test(l)) ?? '', master);
    const playlist = await (await fetch(variant)).text();
    const keyUri = new URL(/#EXT-X-KEY:METHOD=AES-128,URI="([^"]+)"/.exec(playlist)?.[1] ?? '', variant);
    const firstSegment = new URL(playlist.split('\n').find((l) => l && !l.startsWith('#')) ?? '', variant);
    const sequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(playlist)?.[1] ?? 0);

    expect((await fetch(keyUri)).status).toBe(401);
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('https://issuer.example')
      .setAudience('urn:player')
      .setExpirationTime('5m')
      .sign(secret);
    const res = await fetch(keyUri, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const key = Buffer.from(await res.arrayBuffer());
    expect(key).toHaveLength(16);
    // The key decrypts the segment into MPEG-TS (sync byte every 188 bytes).
    const encrypted = Buffer.from(await (await fetch(firstSegment)).arrayBuffer());
    const iv = Buffer.alloc(16);
    iv.writeUInt32BE(sequence, 12);
    const decipher = createDecipheriv('aes-128-cbc', key, iv);
    const clear = Buffer.concat([decipher.update(encrypted), decipher.final()]);
    expect(clear[0]).toBe(0x47);
    expect(clear[188]).toBe(0x47);
  });
});

describe('job failures and cancel', () => {
  it('reports a job whose input is not media in AMS error shape', async () => {
    await submitHttpJob('job-bad', 'out-bad', 'not-video.mp4');
    const job = await waitForJob('job-bad');
    expect(job.state).toBe('Error');
    const error = job.outputs?.[0]?.error;
    expect(error).toMatchObject({ code: 'ContentMalformed', category: 'Content', retry: 'DoNotRetry' });
    expect(error?.message).toBeTruthy();
    expect(error?.details?.[0]?.code).toBe('ContentMalformed');
  });

  it('reports an input URL that answers 404 as DownloadNotAccessible', async () => {
    await submitHttpJob('job-404', 'out-404', 'missing.mp4');
    const job = await waitForJob('job-404');
    expect(job.state).toBe('Error');
    expect(job.outputs?.[0]?.error).toMatchObject({ code: 'DownloadNotAccessible', category: 'Download' });
    expect(job.outputs?.[0]?.error?.message).toContain('404');
  });

  it('cancels a job while its input downloads', async () => {
    await submitHttpJob('job-cancel', 'out-cancel', 'in.mp4', `${inputs.url}/slow/`);
    // Wait until the download is under way.
    for (let i = 0; i < 50 && slowResponses === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(slowResponses).toBe(1);
    await f.client.jobs.cancelJob(RG, ACCOUNT, TRANSFORM, 'job-cancel');
    const job = await waitForJob('job-cancel');
    expect(job.state).toBe('Canceled');
    expect(job.endTime).toBeInstanceOf(Date);
  });

  it('lists a job started in the desktop app under its transform, and cancels it while it encodes', async () => {
    const uiJob = await f.studio.handlers['jobs.encode']({ file: path.join(media, 'sample-mezzanine.mp4'), transformName: TRANSFORM });
    const seen = await f.client.jobs.get(RG, ACCOUNT, TRANSFORM, uiJob.id);
    expect(seen.name).toBe(uiJob.id);
    expect((seen.outputs?.[0] as { assetName?: string } | undefined)?.assetName).toBeTruthy();
    // Cancel once the encoder runs (or at once if it is still queued).
    for (let i = 0; i < 100 && (await f.studio.handlers['jobs.get']({ id: uiJob.id })).state === 'Queued'; i++) await new Promise((r) => setTimeout(r, 50));
    await f.client.jobs.cancelJob(RG, ACCOUNT, TRANSFORM, uiJob.id);
    const job = await waitForJob(uiJob.id);
    expect(job.state).toBe('Canceled');
    expect((await f.studio.handlers['jobs.get']({ id: uiJob.id })).state).toBe('Canceled');
  });

  it('refuses unsupported job inputs by name and unknown output assets with 404', async () => {
    await f.client.assets.createOrUpdate(RG, ACCOUNT, 'out-x', {});
    const seq = await restError(
      f.client.jobs.create(RG, ACCOUNT, TRANSFORM, 'job-seq', {
        input: { odataType: '#Microsoft.Media.JobInputSequence', inputs: [] },
        outputs: [{ odataType: '#Microsoft.Media.JobOutputAsset', assetName: 'out-x' }],
      }),
    );
    expect(seq).toMatchObject({ statusCode: 400, code: 'NotSupported' });
    expect(seq.message).toContain('JobInputSequence');
    const missing = await restError(
      f.client.jobs.create(RG, ACCOUNT, TRANSFORM, 'job-missing', {
        input: { odataType: '#Microsoft.Media.JobInputHttp', baseUri: `${inputs.url}/media/`, files: ['sample-mezzanine.mp4'] },
        outputs: [{ odataType: '#Microsoft.Media.JobOutputAsset', assetName: 'no-such-asset' }],
      }),
    );
    expect(missing).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
  });
});
