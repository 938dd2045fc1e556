/**
 * The AMS main job with blob storage, exactly as AMS code did it: the official SDKs
 * (@azure/arm-mediaservices with a TokenCredential, @azure/storage-blob) against the studio and its
 * Azurite — transform from a built-in preset, input asset, listContainerSas (ReadWrite), uploadFile,
 * output asset, job, jobs.get polled to Finished, the outputs downloadable through a Read SAS, a
 * Predefined_ClearStreamingOnly locator, streamingEndpoints.get → hostName, listPaths → one HLS and
 * one DASH path played in shaka-player in Chromium.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Job } from '@azure/arm-mediaservices';
import { ContainerClient } from '@azure/storage-blob';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSampleMezzanine } from '../../../electron/studio/app/sample-mezzanine.ts';
import { launchChromium } from '../../helpers/browser.ts';
import { play, startPlayerPage } from '../../helpers/player-page.ts';
import { ACCOUNT, RESOURCE_GROUP as RG, restError, startApiFixture, type ApiFixture } from './api-fixture.ts';

let f: ApiFixture;
let media: string;
let mezzanine: string;

beforeAll(async () => {
  f = await startApiFixture({ blobStorage: true });
  media = await mkdtemp(path.join(os.tmpdir(), 'ams-api-blob-'));
  mezzanine = await makeSampleMezzanine(media, { durationSec: 4, width: 640, height: 360, languages: ['eng'] });
});

afterAll(async () => {
  await f?.close();
  if (media) await rm(media, { recursive: true, force: true });
});

describe('assets in blob storage through the SDKs', () => {
  it('uploads through a ReadWrite SAS, encodes, publishes and plays HLS and DASH', async () => {
    const c = f.client;
    await c.transforms.createOrUpdate(RG, ACCOUNT, 'SdTransform', {
      outputs: [{ preset: { odataType: '#Microsoft.Media.BuiltInStandardEncoderPreset', presetName: 'H264SingleBitrateSD' } }],
    });
    const input = await c.assets.createOrUpdate(RG, ACCOUNT, 'mezzanine', {});
    expect(input.container).toBe(`asset-${input.assetId ?? ''}`);
    expect(input.storageAccountName).toBe('devstoreaccount1');

    const sas = await c.assets.listContainerSas(RG, ACCOUNT, 'mezzanine', { permissions: 'ReadWrite', expiryTime: new Date(Date.now() + 3_600_000) });
    const sasUrl = sas.assetContainerSasUrls?.[0] ?? '';
    expect(sasUrl).toMatch(/sig=/);
    const container = new ContainerClient(sasUrl);
    await container.getBlockBlobClient('mezzanine.mp4').uploadFile(mezzanine);

    // A too-long SAS is refused as AMS refused it.
    const long = await restError(c.assets.listContainerSas(RG, ACCOUNT, 'mezzanine', { permissions: 'Read', expiryTime: new Date(Date.now() + 48 * 3_600_000) }));
    expect(long).toMatchObject({ statusCode: 400 });

    // A job on an input asset with nothing uploaded fails as AMS reported it, on the output.
    await c.assets.createOrUpdate(RG, ACCOUNT, 'empty-input', {});
    await c.assets.createOrUpdate(RG, ACCOUNT, 'empty-output', {});
    await c.jobs.create(RG, ACCOUNT, 'SdTransform', 'job-empty', {
      input: { odataType: '#Microsoft.Media.JobInputAsset', assetName: 'empty-input' },
      outputs: [{ odataType: '#Microsoft.Media.JobOutputAsset', assetName: 'empty-output' }],
    });
    let empty: Job;
    do {
      await new Promise((r) => setTimeout(r, 200));
      empty = await c.jobs.get(RG, ACCOUNT, 'SdTransform', 'job-empty');
    } while (!['Finished', 'Error', 'Canceled'].includes(empty.state ?? ''));
    expect(empty.state).toBe('Error');
    expect(empty.outputs?.[0]?.error).toMatchObject({ code: 'ContentMalformed', category: 'Content' });
    expect(empty.outputs?.[0]?.error?.message).toContain('upload');

    await c.assets.createOrUpdate(RG, ACCOUNT, 'encoded', {});
    await c.jobs.create(RG, ACCOUNT, 'SdTransform', 'job-1', {
      input: { odataType: '#Microsoft.Media.JobInputAsset', assetName: 'mezzanine', files: ['mezzanine.mp4'] },
      outputs: [{ odataType: '#Microsoft.Media.JobOutputAsset', assetName: 'encoded' }],
    });
    let job: Job;
    const states = new Set<string>();
    for (;;) {
      job = await c.jobs.get(RG, ACCOUNT, 'SdTransform', 'job-1');
      states.add(job.state ?? '');
      if (['Finished', 'Error', 'Canceled'].includes(job.state ?? '')) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(job.state, JSON.stringify(job.outputs?.[0])).toBe('Finished');
    expect(job.outputs?.[0]?.progress).toBe(100);

    // The outputs are in the output asset's container, readable through a Read SAS as in AMS.
    const outSas = await c.assets.listContainerSas(RG, ACCOUNT, 'encoded', { permissions: 'Read', expiryTime: new Date(Date.now() + 3_600_000) });
    const names: string[] = [];
    for await (const b of new ContainerClient(outSas.assetContainerSasUrls?.[0] ?? '').listBlobsFlat()) names.push(b.name);
    expect(names.some((n) => n.endsWith('.ism'))).toBe(true);
    expect(names.some((n) => n.endsWith('.mp4'))).toBe(true);

    // Tracks on a blob-stored asset: the studio's refusal, passed through by name.
    const track = await restError(
      c.tracks.beginCreateOrUpdateAndWait(RG, ACCOUNT, 'encoded', 'English', { track: { odataType: '#Microsoft.Media.TextTrack', fileName: 'captions-en.vtt' } as never }),
    );
    expect(track).toMatchObject({ statusCode: 400, code: 'NotSupported' });
    expect(track.message).toMatch(/blob storage/);

    await c.streamingLocators.create(RG, ACCOUNT, 'loc-1', { assetName: 'encoded', streamingPolicyName: 'Predefined_ClearStreamingOnly' });
    await c.streamingEndpoints.beginStartAndWait(RG, ACCOUNT, 'default', { updateIntervalInMs: 50 });
    const endpoint = await c.streamingEndpoints.get(RG, ACCOUNT, 'default');
    expect(endpoint.hostName).toMatch(/^127\.0\.0\.1:\d+$/);
    const paths = await c.streamingLocators.listPaths(RG, ACCOUNT, 'loc-1');
    const hls = paths.streamingPaths?.find((p) => p.streamingProtocol === 'Hls')?.paths?.[0] ?? '';
    const dash = paths.streamingPaths?.find((p) => p.streamingProtocol === 'Dash')?.paths?.[0] ?? '';

    const page = await startPlayerPage();
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      for (const [p, mimeType] of [
        [hls, 'application/x-mpegurl'],
        [dash, 'application/dash+xml'],
      ] as const) {
        // AMS code builds `scheme://hostName + path`; the studio's origin speaks HTTP.
        const report = await play(browser, page.url, { player: 'shaka', url: `http://${endpoint.hostName ?? ''}${p}`, mimeType, seconds: 2 });
        expect(report.errors, p).toEqual([]);
        expect(report.currentTime).toBeGreaterThanOrEqual(2);
        expect(report.totalVideoFrames).toBeGreaterThan(0);
      }
    } finally {
      await browser?.close();
      await page.close();
    }
  });
});
