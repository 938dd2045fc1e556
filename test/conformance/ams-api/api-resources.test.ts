/**
 * The AMS API through the official SDK (@azure/arm-mediaservices) with a TokenCredential: TLS with the
 * studio's own certificate, bearer tokens, the account, assets (paging, $filter, $orderby, $top),
 * transforms from built-in presets, streaming policies, the streaming endpoint as a long-running
 * operation, ARM errors for what is refused or not supported. What the API makes shows in the studio.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../helpers/run-process.ts';
import { accountPath, ACCOUNT, RESOURCE_GROUP, restError, startApiFixture, type ApiFixture } from './api-fixture.ts';

const cli = new URL('../../../electron/cli.ts', import.meta.url).pathname;
let f: ApiFixture;
beforeAll(async () => {
  f = await startApiFixture();
});
afterAll(async () => {
  await f?.close();
});

const RG = RESOURCE_GROUP;

describe('authentication and TLS', () => {
  it('refuses a request without a token with 401 in ARM shape', async () => {
    const r = await f.raw('GET', `${accountPath}/assets?api-version=2023-01-01`);
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toEqual({ error: { code: 'AuthenticationFailed', message: expect.stringContaining('Authorization') } });
  });

  it('refuses a forged and an expired token through the SDK', async () => {
    const forged = await restError(f.clientWithToken('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsb2NhbCJ9.c2lnbmF0dXJl').assets.get(RG, ACCOUNT, 'x'));
    expect(forged).toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationToken' });
    const expired = await f.api.tokens.issue(1, new Date(Date.now() - 3_600_000));
    const late = await restError(f.clientWithToken(expired.token).assets.get(RG, ACCOUNT, 'x'));
    expect(late).toMatchObject({ statusCode: 401, code: 'ExpiredAuthenticationToken' });
  });

  it('accepts the token `origin-studio api token` prints for the library', async () => {
    const r = await runProcess(process.execPath, [cli, 'api', 'token', '--library', f.library, '--json']);
    expect(r.code).toBe(0);
    const { token, expiresOn } = JSON.parse(r.stdout.toString()) as { token: string; expiresOn: string };
    expect(Date.parse(expiresOn)).toBeGreaterThan(Date.now() + 3_600_000);
    const account = await f.clientWithToken(token).mediaservices.get(RG, ACCOUNT);
    expect(account.name).toBe(ACCOUNT);
  });

  it('is HTTPS with a certificate an untrusting client refuses', async () => {
    const { request } = await import('node:https');
    const refused = await new Promise<string>((resolve) => {
      request(new URL(`${accountPath}?api-version=2023-01-01`, f.api.url), (res) => resolve(String(res.statusCode)))
        .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
        .end();
    });
    expect(refused).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
  });
});

describe('account and assets', () => {
  it('gets the account under the names the client uses', async () => {
    const account = await f.client.mediaservices.get(RG, ACCOUNT);
    expect(account.name).toBe(ACCOUNT);
    expect(account.id).toBe(`/subscriptions/${'00000000-0000-0000-0000-000000000001'}/resourceGroups/${RG}/providers/Microsoft.Media/mediaservices/${ACCOUNT}`);
    expect(account.mediaServiceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(account.provisioningState).toBe('Succeeded');
  });

  it('creates, reads, updates and deletes an asset, which the studio lists', async () => {
    const created = await f.client.assets.createOrUpdate(RG, ACCOUNT, 'input-1', { description: 'from code', alternateId: 'ext-1' });
    expect(created).toMatchObject({ name: 'input-1', description: 'from code', alternateId: 'ext-1', storageEncryptionFormat: 'None' });
    // Without blob storage attached, API assets live in the library folder (the blob test covers containers).
    expect(created.container).toBe(`assets/${created.assetId ?? ''}`);
    expect(created.created).toBeInstanceOf(Date);
    const inStudio = await f.studio.handlers['assets.get']({ id: created.assetId ?? '' });
    expect(inStudio.name).toBe('input-1');

    const updated = await f.client.assets.createOrUpdate(RG, ACCOUNT, 'input-1', { description: 'changed' });
    expect(updated.assetId).toBe(created.assetId);
    expect((await f.client.assets.get(RG, ACCOUNT, 'input-1')).description).toBe('changed');

    await f.client.assets.delete(RG, ACCOUNT, 'input-1');
    expect(await restError(f.client.assets.get(RG, ACCOUNT, 'input-1'))).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(f.studio.handlers['assets.get']({ id: created.assetId ?? '' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('pages over 150 assets with nextLink, and filters, orders and caps them', async () => {
    for (let i = 0; i < 150; i++) {
      await f.client.assets.createOrUpdate(RG, ACCOUNT, `paged-${String(i).padStart(3, '0')}`, {});
    }
    const names: string[] = [];
    const pages = f.client.assets.list(RG, ACCOUNT).byPage();
    let pageCount = 0;
    for await (const page of pages) {
      pageCount++;
      names.push(...page.map((a) => a.name ?? ''));
    }
    expect(pageCount).toBeGreaterThanOrEqual(2);
    expect(names.filter((n) => n.startsWith('paged-'))).toHaveLength(150);
    expect(new Set(names).size).toBe(names.length);

    const filtered: string[] = [];
    for await (const a of f.client.assets.list(RG, ACCOUNT, { filter: "name gt 'paged-140' and name lt 'paged-145'", orderby: 'name desc' })) {
      filtered.push(a.name ?? '');
    }
    expect(filtered).toEqual(['paged-144', 'paged-143', 'paged-142', 'paged-141']);

    const top: string[] = [];
    for await (const a of f.client.assets.list(RG, ACCOUNT, { top: 120, orderby: 'name' })) top.push(a.name ?? '');
    expect(top).toHaveLength(120);
    expect(top[0]).toBe('paged-000');

    const bad = await restError(f.client.assets.list(RG, ACCOUNT, { filter: "properties/container eq 'x'" }).next());
    expect(bad).toMatchObject({ statusCode: 400, code: 'BadRequest' });
    expect(bad.message).toContain('properties/container');
  });

  it('gives ETags and honours If-Match; requires api-version', async () => {
    await f.client.assets.createOrUpdate(RG, ACCOUNT, 'etag-asset', { description: 'v1' });
    const auth = { authorization: `Bearer ${(await f.api.tokens.issue(600)).token}`, 'content-type': 'application/json' };
    const url = `${accountPath}/assets/etag-asset?api-version=2023-01-01`;
    const got = await f.raw('GET', url, auth);
    const etag = String(got.headers.etag ?? '');
    expect(etag).toMatch(/^".+"$/);
    const body = JSON.stringify({ properties: { description: 'v2' } });
    expect((await f.raw('PUT', url, { ...auth, 'if-match': '"stale"' }, body)).status).toBe(412);
    expect((await f.raw('PUT', url, { ...auth, 'if-match': etag }, body)).status).toBe(200);
    expect((await f.client.assets.get(RG, ACCOUNT, 'etag-asset')).description).toBe('v2');
    const noVersion = await f.raw('GET', `${accountPath}/assets/etag-asset`, auth);
    expect(noVersion.status).toBe(400);
    expect(JSON.parse(noVersion.body).error.code).toBe('MissingApiVersionParameter');
  });

  it('keeps account filters, which the studio lists', async () => {
    await f.client.accountFilters.createOrUpdate(RG, ACCOUNT, 'audio-and-low', {
      tracks: [
        { trackSelections: [{ property: 'Type', operation: 'Equal', value: 'Audio' }] },
        { trackSelections: [{ property: 'Type', operation: 'Equal', value: 'Video' }, { property: 'Bitrate', operation: 'Equal', value: '0-1000000' }] },
      ],
      firstQuality: { bitrate: 500000 },
    });
    const got = await f.client.accountFilters.get(RG, ACCOUNT, 'audio-and-low');
    expect(got.tracks).toHaveLength(2);
    expect(got.firstQuality?.bitrate).toBe(500000);
    const names: string[] = [];
    for await (const x of f.client.accountFilters.list(RG, ACCOUNT)) names.push(x.name ?? '');
    expect(names).toEqual(['audio-and-low']);
    expect((await f.studio.handlers['filters.list']({})).find((x) => x.name === 'audio-and-low')?.assetId).toBeNull();
    await f.client.accountFilters.delete(RG, ACCOUNT, 'audio-and-low');
    expect(await restError(f.client.accountFilters.get(RG, ACCOUNT, 'audio-and-low'))).toMatchObject({ statusCode: 404 });
  });

  it('refuses what Asset Tracks do not support, by name, in ARM error shape', async () => {
    await f.client.assets.createOrUpdate(RG, ACCOUNT, 'tracks-asset', {});
    const audio = await restError(f.client.tracks.beginCreateOrUpdateAndWait(RG, ACCOUNT, 'tracks-asset', 'a', { track: { odataType: '#Microsoft.Media.AudioTrack', fileName: 'a.mp4' } as never }));
    expect(audio).toMatchObject({ statusCode: 400, code: 'NotSupported' });
    expect(audio.message).toContain('AudioTrack');
    const pathName = await restError(f.client.tracks.beginCreateOrUpdateAndWait(RG, ACCOUNT, 'tracks-asset', 't', { track: { odataType: '#Microsoft.Media.TextTrack', fileName: '../x.vtt', languageCode: 'en' } as never }));
    expect(pathName).toMatchObject({ statusCode: 400, code: 'BadRequest' });
    const update = await restError(f.client.tracks.beginUpdateTrackDataAndWait(RG, ACCOUNT, 'tracks-asset', 't'));
    expect(update).toMatchObject({ statusCode: 400, code: 'NotSupported' });
    expect(update.message).toContain('updateTrackData');
    expect(await restError(f.client.tracks.beginUpdateAndWait(RG, ACCOUNT, 'tracks-asset', 't', {}))).toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    expect(await restError(f.client.tracks.get(RG, ACCOUNT, 'missing-asset', 't'))).toMatchObject({ statusCode: 404 });
  });
});

describe('transforms, policies, endpoint', () => {
  it('creates a transform from a built-in preset; the studio can run it', async () => {
    const t = await f.client.transforms.createOrUpdate(RG, ACCOUNT, 'MySdTransform', {
      outputs: [{ preset: { odataType: '#Microsoft.Media.BuiltInStandardEncoderPreset', presetName: 'H264SingleBitrateSD' } }],
    });
    expect(t.name).toBe('MySdTransform');
    expect(t.outputs?.[0]?.preset).toMatchObject({ odataType: '#Microsoft.Media.BuiltInStandardEncoderPreset', presetName: 'H264SingleBitrateSD' });
    const studioT = (await f.studio.handlers['transforms.list']({})).find((x) => x.name === 'MySdTransform');
    expect(studioT?.definition.video).toEqual((await f.studio.handlers['transforms.list']({})).find((x) => x.name === 'H264SingleBitrateSD')?.definition.video);

    const all: string[] = [];
    for await (const x of f.client.transforms.list(RG, ACCOUNT)) all.push(x.name ?? '');
    expect(all).toEqual(expect.arrayContaining(['MySdTransform', 'AdaptiveStreaming', 'H264SingleBitrateSD']));

    const e = await restError(
      f.client.transforms.createOrUpdate(RG, ACCOUNT, 'Faces', { outputs: [{ preset: { odataType: '#Microsoft.Media.FaceDetectorPreset' } }] }),
    );
    expect(e).toMatchObject({ statusCode: 400, code: 'NotSupported' });
    expect(e.message).toContain('FaceDetectorPreset');
  });

  it('takes every built-in preset name the studio has', async () => {
    const builtIns = (await f.studio.handlers['transforms.list']({})).filter((t) => t.builtin);
    expect(builtIns.length).toBeGreaterThanOrEqual(9);
    for (const b of builtIns) {
      const name = `Api-${b.name}`;
      const t = await f.client.transforms.createOrUpdate(RG, ACCOUNT, name, {
        outputs: [{ preset: { odataType: '#Microsoft.Media.BuiltInStandardEncoderPreset', presetName: b.name } }],
      });
      expect(t.outputs?.[0]?.preset).toMatchObject({ presetName: b.name });
      const mine = (await f.studio.handlers['transforms.list']({})).find((x) => x.name === name);
      expect({ ...mine?.definition, name: b.name, description: '' }).toEqual({ ...b.definition, description: '' });
    }
    const unknown = await restError(
      f.client.transforms.createOrUpdate(RG, ACCOUNT, 'Cae', { outputs: [{ preset: { odataType: '#Microsoft.Media.BuiltInStandardEncoderPreset', presetName: 'ContentAwareEncodingExperimental' } }] }),
    );
    expect(unknown).toMatchObject({ statusCode: 400, code: 'NotSupported' });
    expect(unknown.message).toContain('ContentAwareEncodingExperimental');
  });

  it('maps a StandardEncoderPreset onto a custom ladder', async () => {
    const t = await f.client.transforms.createOrUpdate(RG, ACCOUNT, 'TwoRungs', {
      outputs: [
        {
          preset: {
            odataType: '#Microsoft.Media.StandardEncoderPreset',
            codecs: [
              { odataType: '#Microsoft.Media.AacAudio', channels: 2, bitrate: 96000 },
              {
                odataType: '#Microsoft.Media.H264Video',
                layers: [
                  { height: '360', bitrate: 800000, profile: 'Main' },
                  { height: '240', bitrate: 400000 },
                ],
              } as never,
            ],
            formats: [{ odataType: '#Microsoft.Media.Mp4Format', filenamePattern: 'Video-{Basename}-{Label}-{Bitrate}{Extension}' }],
          },
        },
      ],
    });
    expect(t.name).toBe('TwoRungs');
    const def = (await f.studio.handlers['transforms.list']({})).find((x) => x.name === 'TwoRungs')?.definition;
    expect(def?.video).toEqual([{ height: 360, kbps: 800, profile: 'main' }, { height: 240, kbps: 400 }]);
    expect(def?.audio).toEqual({ kbps: 96, channels: 2 });
  });

  it('lists predefined streaming policies and creates a custom clear one', async () => {
    const p = await f.client.streamingPolicies.get(RG, ACCOUNT, 'Predefined_ClearStreamingOnly');
    expect(p.noEncryption?.enabledProtocols).toEqual({ download: false, dash: true, hls: true, smoothStreaming: true });
    const custom = await f.client.streamingPolicies.create(RG, ACCOUNT, 'HlsOnly', {
      noEncryption: { enabledProtocols: { hls: true, dash: false, smoothStreaming: false, download: false } },
    });
    expect(custom.noEncryption?.enabledProtocols?.hls).toBe(true);
    expect((await f.studio.handlers['policies.list']({})).some((x) => x.name === 'HlsOnly')).toBe(true);
    const e = await restError(
      f.client.streamingPolicies.create(RG, ACCOUNT, 'Drm', { commonEncryptionCenc: { enabledProtocols: { hls: false, dash: true, smoothStreaming: false, download: false } } }),
    );
    expect(e).toMatchObject({ statusCode: 400, code: 'NotSupported' });
  });

  it('starts and stops the streaming endpoint as long-running operations; get gives its hostName', async () => {
    await f.client.streamingEndpoints.beginStartAndWait(RG, ACCOUNT, 'default', { updateIntervalInMs: 50 });
    const running = await f.client.streamingEndpoints.get(RG, ACCOUNT, 'default');
    expect(running.resourceState).toBe('Running');
    expect(running.hostName).toBe(new URL(f.studio.endpoint.status().url ?? '').host);
    await f.client.streamingEndpoints.beginStopAndWait(RG, ACCOUNT, 'default', { updateIntervalInMs: 50 });
    expect((await f.client.streamingEndpoints.get(RG, ACCOUNT, 'default')).resourceState).toBe('Stopped');
    expect(f.studio.endpoint.status().state).toBe('Stopped');
    await f.client.streamingEndpoints.beginScaleAndWait(RG, ACCOUNT, 'default', { scaleUnit: 2 }, { updateIntervalInMs: 50 });
    expect((await f.client.streamingEndpoints.get(RG, ACCOUNT, 'default')).scaleUnits).toBe(2);
    expect(await restError(f.client.streamingEndpoints.get(RG, ACCOUNT, 'other'))).toMatchObject({ statusCode: 404 });
    await f.client.streamingEndpoints.beginUpdateAndWait(RG, ACCOUNT, 'default', { location: 'local', maxCacheAge: 120 }, { updateIntervalInMs: 50 });
    expect((await f.client.streamingEndpoints.get(RG, ACCOUNT, 'default')).maxCacheAge).toBe(120);
    expect((await f.studio.handlers['endpoint.settings.get']({})).maxAgeSec).toBe(120);
  });

  it('answers live events with NotSupported naming them', async () => {
    const e = await restError(f.client.liveEvents.list(RG, ACCOUNT).next());
    expect(e).toMatchObject({ statusCode: 400, code: 'NotSupported' });
    expect(e.message).toContain('Live events');
  });
});
