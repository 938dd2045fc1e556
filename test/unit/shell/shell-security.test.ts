import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, resolveAppPath } from '../../../electron/shell/app-protocol.ts';
import { rendererCsp } from '../../../electron/studio/web/renderer-csp.ts';
import { isTrustedSender } from '../../../electron/shell/ipc-main.ts';
import { dispatch, type Handlers } from '../../../electron/studio/api/dispatch.ts';
import { mainWindowOptions } from '../../../electron/shell/window-options.ts';

describe('main window', () => {
  it('runs the renderer isolated, sandboxed, without Node', () => {
    const prefs = mainWindowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
  });
});

describe('app:// protocol', () => {
  const root = '/opt/studio/dist/renderer';
  it('serves files inside the renderer build, index.html for routes', () => {
    expect(resolveAppPath(root, `${APP_ORIGIN}/assets/index.js`)).toBe(path.join(root, 'assets/index.js'));
    expect(resolveAppPath(root, `${APP_ORIGIN}/`)).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, `${APP_ORIGIN}/library`)).toBe(path.join(root, 'index.html'));
  });
  it('never leaves the build folder', () => {
    for (const url of [
      `${APP_ORIGIN}/../../etc/passwd`,
      `${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`,
      `${APP_ORIGIN}/assets/..%2f..%2f..%2fetc%2fpasswd`,
      `${APP_ORIGIN}/a%5c..%5c..%5csecret.js`,
      `${APP_ORIGIN}/a%00.js`,
      'app://other-host/index.html',
      'file:///etc/passwd',
      'not a url',
    ]) {
      const resolved = resolveAppPath(root, url);
      if (resolved !== null) expect(resolved.startsWith(root + path.sep)).toBe(true);
    }
    expect(resolveAppPath(root, `${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd.js`)).toBe(path.join(root, 'etc/passwd.js'));
    expect(resolveAppPath(root, 'app://other-host/index.html')).toBeNull();
  });
});

describe('CSP', () => {
  it('allows scripts only from the app and media from the local origin and blob:', () => {
    const csp = rendererCsp();
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(csp).toMatch(/media-src 'self' blob: http:\/\/127\.0\.0\.1:\*/);
    expect(csp).toContain("object-src 'none'");
  });
});

describe('IPC', () => {
  const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } as never });
  it('accepts calls only from the app:// top frame', () => {
    expect(isTrustedSender(frame(`${APP_ORIGIN}/index.html`), APP_ORIGIN)).toBe(true);
    expect(isTrustedSender(frame('https://evil.example/'), APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(frame(`${APP_ORIGIN}/index.html`, {}), APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ senderFrame: null as never }, APP_ORIGIN)).toBe(false);
  });
  it('validates operation names and inputs against the contract', async () => {
    const handlers = { 'app.info': async () => ({ name: 'x', version: '1', host: 'electron' }) } as unknown as Handlers;
    expect(await dispatch(handlers, 'app.info', {})).toEqual({
      ok: true,
      value: { name: 'x', version: '1', host: 'electron' },
    });
    expect(await dispatch(handlers, 'fs.readFile', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-operation' },
    });
    expect(await dispatch(handlers, 'app.info', { extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });
});
