import { describe, expect, it } from 'vitest';
import { contract, isOperation, operations } from '../../../../electron/studio/api/contract.ts';
import { dispatch, type Handlers } from '../../../../electron/studio/api/dispatch.ts';

const accepts = (op: keyof typeof contract, input: unknown): boolean => contract[op].input.safeParse(input).success;

describe('studio API contract', () => {
  it('names every operation the UI needs', () => {
    for (const op of [
      'app.info', 'settings.get', 'settings.set', 'assets.list', 'assets.get', 'assets.import', 'assets.delete',
      'transforms.list', 'transforms.save', 'transforms.delete', 'transforms.export', 'transforms.import',
      'jobs.list', 'jobs.get', 'jobs.encode', 'jobs.cancel', 'jobs.retry', 'jobs.events',
      'policies.list', 'policies.create', 'locators.list', 'locators.create', 'locators.delete', 'locators.paths',
      'endpoint.status', 'endpoint.start', 'endpoint.stop', 'endpoint.settings.get', 'endpoint.settings.set', 'endpoint.log',
    ]) {
      expect(isOperation(op), op).toBe(true);
    }
    // Every operation is namespaced and served by both transports; no stray names.
    for (const op of operations) expect(op).toMatch(/^[a-z]+(\.[a-z]+)+$/i);
    expect(isOperation('fs.readFile')).toBe(false);
  });

  it('jobs.encode takes an asset or a file, not both, not neither', () => {
    expect(accepts('jobs.encode', { assetId: 'a', transformName: 'AdaptiveStreaming' })).toBe(true);
    expect(accepts('jobs.encode', { file: '/m.mov', transformName: 'AdaptiveStreaming' })).toBe(true);
    expect(accepts('jobs.encode', { assetId: 'a', file: '/m.mov', transformName: 'AdaptiveStreaming' })).toBe(false);
    expect(accepts('jobs.encode', { transformName: 'AdaptiveStreaming' })).toBe(false);
    expect(accepts('jobs.encode', { assetId: 'a' })).toBe(false);
  });

  it('refuses unknown fields and out-of-range values', () => {
    expect(accepts('assets.import', { path: '/x.mp4', copy: true })).toBe(false);
    expect(accepts('assets.import', { path: '' })).toBe(false);
    expect(accepts('jobs.events', { since: 0, timeoutMs: 25_000 })).toBe(true);
    expect(accepts('jobs.events', { since: -1 })).toBe(false);
    expect(accepts('jobs.events', { since: 0, timeoutMs: 60_000 })).toBe(false);
    expect(accepts('settings.set', { jobConcurrency: 0 })).toBe(false);
    expect(accepts('settings.set', { ffmpegPath: null })).toBe(true);
    expect(accepts('endpoint.settings.set', { port: 70_000 })).toBe(false);
    expect(accepts('endpoint.settings.set', { ipAllow: [{ name: 'lan', address: '10.0.0.0', subnetPrefixLength: 8 }] })).toBe(true);
    expect(accepts('endpoint.settings.set', { ipAllow: [{ address: '10.0.0.1' }] })).toBe(false);
    expect(accepts('policies.create', { name: 'p', protocols: [] })).toBe(false);
    expect(accepts('policies.create', { name: 'p', protocols: ['rtmp'] })).toBe(false);
    expect(accepts('locators.create', { assetId: 'a', policyName: 'Predefined_ClearStreamingOnly', end: '2030-01-01T00:00:00Z' })).toBe(true);
    expect(accepts('locators.create', { assetId: 'a' })).toBe(false);
  });

  it('checks what handlers answer, not only what they are asked', async () => {
    const handlers = { 'endpoint.status': async () => ({ state: 'Sleeping', url: null, listening: null, notice: null }) } as unknown as Handlers;
    const reply = await dispatch(handlers, 'endpoint.status', {});
    expect(reply.ok).toBe(false);
  });

  it('passes typed errors through dispatch as data', async () => {
    const handlers = {
      'assets.import': async () => {
        throw Object.assign(new Error('This file is not a video or audio file.'), { code: 'not-media', hint: 'Choose a video.' });
      },
    } as unknown as Handlers;
    expect(await dispatch(handlers, 'assets.import', { path: '/etc/hosts' })).toEqual({
      ok: false,
      error: { code: 'not-media', message: 'This file is not a video or audio file.', hint: 'Choose a video.' },
    });
  });
});
