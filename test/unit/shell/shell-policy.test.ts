/**
 * Issue 12, item 7: the shell's security settings, run against stand-ins for Electron's session, shell
 * and dialog (as the preload test does): permission checks denied as well as requests; window.open only
 * sends documentation hosts to the browser; rebinding a server off loopback and choosing the ffmpeg
 * executable are confirmed in the main process, and refused when the user says no.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../../electron/studio/api/dispatch.ts';
import { dialogConfirm, guardHandlers, installSessionPolicy, isLoopbackHost, windowOpenHandler } from '../../../electron/shell/shell-policy.ts';

describe('session permissions', () => {
  it('denies every permission request and answers every permission check with false', () => {
    let request: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: ((...args: unknown[]) => boolean) | undefined;
    installSessionPolicy({
      setPermissionRequestHandler: (h: never) => void (request = h),
      setPermissionCheckHandler: (h: never) => void (check = h),
    } as never);
    for (const permission of ['media', 'clipboard-read', 'notifications', 'geolocation', 'openExternal', 'fileSystem']) {
      const callback = vi.fn();
      request!(null, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check!(null, permission, 'app://studio', {})).toBe(false);
    }
  });
});

describe('window.open', () => {
  it('opens only https documentation hosts in the browser, and never a new window', () => {
    const openExternal = vi.fn(async () => undefined);
    const handler = windowOpenHandler({ openExternal });
    const allowed = ['https://learn.microsoft.com/azure/media-services/latest/', 'https://ffmpeg.org/ffmpeg.html', 'https://github.com/shaka-project/shaka-player'];
    const denied = [
      'http://learn.microsoft.com/',
      'https://evil.example/phish',
      'https://learn.microsoft.com.evil.example/',
      'https://user:pw@github.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'not a url',
    ];
    for (const url of [...allowed, ...denied]) expect(handler({ url })).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls.map((c) => (c as unknown as [string])[0])).toEqual(allowed);
  });
});

describe('risky settings confirmed in the main process', () => {
  function fakeHandlers(): Handlers & { calls: string[] } {
    const calls: string[] = [];
    return {
      calls,
      'endpoint.settings.get': async () => ({ host: '127.0.0.1' }),
      'endpoint.settings.set': async (input: unknown) => (calls.push(`endpoint ${JSON.stringify(input)}`), {}),
      'amsApi.status': async () => ({ host: '127.0.0.1' }),
      'amsApi.set': async (input: unknown) => (calls.push(`ams ${JSON.stringify(input)}`), {}),
      'settings.set': async (input: unknown) => (calls.push(`settings ${JSON.stringify(input)}`), {}),
    } as unknown as Handlers & { calls: string[] };
  }

  it('asks before the endpoint or the AMS API leaves loopback, and changes nothing on "Cancel"', async () => {
    const h = fakeHandlers();
    const answers = [false, true, false];
    const confirm = vi.fn(async () => answers.shift()!);
    const guarded = guardHandlers(h, confirm);
    await expect(guarded['endpoint.settings.set']({ host: '0.0.0.0' })).rejects.toMatchObject({ code: 'not-confirmed' });
    await guarded['endpoint.settings.set']({ host: '192.168.1.20' });
    await expect(guarded['amsApi.set']({ host: '0.0.0.0' })).rejects.toThrow(/not confirmed/);
    expect(confirm).toHaveBeenCalledTimes(3);
    expect(h.calls).toEqual(['endpoint {"host":"192.168.1.20"}']);
  });

  it('does not ask for loopback addresses or for other settings', async () => {
    const h = fakeHandlers();
    const confirm = vi.fn(async () => false);
    const guarded = guardHandlers(h, confirm);
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) await guarded['endpoint.settings.set']({ host });
    await guarded['endpoint.settings.set']({ corsOrigins: ['*'] });
    await guarded['settings.set']({ jobConcurrency: 2, ffmpegPath: null });
    expect(confirm).not.toHaveBeenCalled();
    expect(h.calls).toHaveLength(6);
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
  });

  it('asks before a renderer-chosen ffmpeg or ffprobe path is used', async () => {
    const h = fakeHandlers();
    const confirm = vi.fn(async () => false);
    const guarded = guardHandlers(h, confirm);
    await expect(guarded['settings.set']({ ffmpegPath: '/tmp/evil/ffmpeg' })).rejects.toThrow(/Using \/tmp\/evil\/ffmpeg as ffmpeg was not confirmed/);
    expect(h.calls).toEqual([]);
  });

  it('the confirmation is a real dialog whose default is Cancel', async () => {
    const showMessageBox = vi.fn(async () => ({ response: 0, checkboxChecked: false }));
    const ok = await dialogConfirm({ showMessageBox } as never)({ message: 'm', detail: 'd', yes: 'Do it' });
    expect(ok).toBe(false);
    expect(showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ buttons: ['Cancel', 'Do it'], defaultId: 0, cancelId: 0 }));
  });
});
