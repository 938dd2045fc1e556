/**
 * The shell's security settings, apart from the window so they can be tested against stand-ins: what
 * the page may open outside the app, which permissions it gets (none), and which API calls the main
 * process confirms with the user before the renderer's word is taken — rebinding a server off loopback
 * (it exposes the library to the network) and choosing the executable the studio runs as ffmpeg.
 */
import type { Dialog, Session, Shell } from 'electron';
import type { Handlers } from '../studio/index.ts';

/** Hosts a link in the app may open in the user's browser (documentation); anything else is denied. */
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set(['learn.microsoft.com', 'docs.microsoft.com', 'ffmpeg.org', 'www.ffmpeg.org', 'github.com']);

export function isAllowedExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.username === '' && u.password === '' && EXTERNAL_HOSTS.has(u.hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** window.open: never a new Electron window; allowed documentation links go to the browser. */
export function windowOpenHandler(shell: Pick<Shell, 'openExternal'>) {
  return ({ url }: { url: string }): { action: 'deny' } => {
    if (isAllowedExternal(url)) void shell.openExternal(url);
    return { action: 'deny' };
  };
}

/** No permission (camera, notifications to the page, clipboard, …) is granted or reported as granted. */
export function installSessionPolicy(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host.trim());
}

/** Asks the user in the main process; true only on an explicit yes. */
export type Confirm = (question: { message: string; detail: string; yes: string }) => Promise<boolean>;

export function dialogConfirm(dialog: Pick<Dialog, 'showMessageBox'>): Confirm {
  return async ({ message, detail, yes }) => {
    const { response } = await dialog.showMessageBox({ type: 'warning', message, detail, buttons: ['Cancel', yes], defaultId: 0, cancelId: 0, noLink: true });
    return response === 1;
  };
}

function refused(what: string): Error {
  return Object.assign(new Error(`${what} was not confirmed in the app's dialog; nothing was changed.`), { code: 'not-confirmed' });
}

/**
 * The handlers the renderer reaches over IPC, with the risky changes confirmed in the main process: a
 * compromised page could otherwise open the library to the network or make the studio run a program
 * of its choice (the studio itself still checks the tool's name and its `-version` answer).
 */
export function guardHandlers(handlers: Handlers, confirm: Confirm): Handlers {
  const offLoopback = (host: string | undefined) => host !== undefined && !isLoopbackHost(host);
  return {
    ...handlers,
    'endpoint.settings.set': async (input) => {
      // Asked when the address changes to a network one, not on every save of other settings.
      const current = input.host !== undefined ? (await handlers['endpoint.settings.get']({})).host : undefined;
      if (offLoopback(input.host) && input.host !== current) {
        const ok = await confirm({
          message: `Serve streaming on ${input.host}?`,
          detail: 'The streaming endpoint will be reachable from other computers on the network, not only from this one.',
          yes: 'Serve on the network',
        });
        if (!ok) throw refused(`Listening on ${input.host}`);
      }
      return handlers['endpoint.settings.set'](input);
    },
    'amsApi.set': async (input) => {
      const current = input.host !== undefined ? (await handlers['amsApi.status']({})).host : undefined;
      if (offLoopback(input.host) && input.host !== current) {
        const ok = await confirm({
          message: `Open the AMS API on ${input.host}?`,
          detail: 'The management API (which can read and change the whole library) will be reachable from other computers.',
          yes: 'Open on the network',
        });
        if (!ok) throw refused(`Listening on ${input.host}`);
      }
      return handlers['amsApi.set'](input);
    },
    'settings.set': async (input) => {
      for (const [tool, file] of [['ffmpeg', input.ffmpegPath], ['ffprobe', input.ffprobePath]] as const) {
        if (typeof file !== 'string') continue;
        const ok = await confirm({ message: `Use ${file} as ${tool}?`, detail: `Origin Studio will run this program for every probe and encode.`, yes: `Use as ${tool}` });
        if (!ok) throw refused(`Using ${file} as ${tool}`);
      }
      return handlers['settings.set'](input);
    },
  };
}
