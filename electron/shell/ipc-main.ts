import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { dispatch, type CallReply, type Handlers } from '../studio/index.ts';

export type { Handlers };

/** The one IPC channel: `studio:call` carries { operation, input }; the reply is { ok, value | error }. */
export const STUDIO_CHANNEL = 'studio:call';

export type IpcReply = CallReply;

/**
 * Accepts a call only from our own renderer: the sender frame must be the main window's top frame
 * and its URL must be on the app:// origin (a navigated-away or injected frame is refused).
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, appOrigin: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    return new URL(frame.url).origin === appOrigin || frame.url.startsWith(appOrigin + '/');
  } catch {
    return false;
  }
}

export function registerStudioIpc(ipcMain: IpcMain, handlers: Handlers, appOrigin: string): void {
  ipcMain.handle(STUDIO_CHANNEL, async (event, message: unknown): Promise<IpcReply> => {
    if (!isTrustedSender(event, appOrigin)) {
      return { ok: false, error: { code: 'forbidden', message: 'IPC call from an untrusted frame refused' } };
    }
    const { operation, input } = (message ?? {}) as { operation?: unknown; input?: unknown };
    return dispatch(handlers, operation, input);
  });
}
