import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import {
  contract,
  isOperation,
  type ApiErrorData,
  type Operation,
  type OperationInput,
  type OperationOutput,
} from '../studio/api/contract.ts';

/** The one IPC channel: `studio:call` carries { operation, input }; the reply is { ok, value | error }. */
export const STUDIO_CHANNEL = 'studio:call';

export type Handlers = { [O in Operation]: (input: OperationInput<O>) => Promise<OperationOutput<O>> };

export type IpcReply = { ok: true; value: unknown } | { ok: false; error: ApiErrorData };

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

/** Validates and dispatches one call; never throws (errors become data for the renderer). */
export async function dispatch(handlers: Handlers, message: unknown): Promise<IpcReply> {
  const { operation, input } = (message ?? {}) as { operation?: unknown; input?: unknown };
  if (!isOperation(operation)) {
    return { ok: false, error: { code: 'unknown-operation', message: `Unknown operation ${String(operation)}` } };
  }
  const parsed = contract[operation].input.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid-input', message: parsed.error.message } };
  }
  try {
    const handler = handlers[operation] as (i: unknown) => Promise<unknown>;
    const value = contract[operation].output.parse(await handler(parsed.data));
    return { ok: true, value };
  } catch (err) {
    const e = err as Partial<ApiErrorData> & Error;
    return { ok: false, error: { code: e.code ?? 'internal', message: e.message ?? String(err), hint: e.hint } };
  }
}

export function registerStudioIpc(ipcMain: IpcMain, handlers: Handlers, appOrigin: string): void {
  ipcMain.handle(STUDIO_CHANNEL, async (event, message: unknown): Promise<IpcReply> => {
    if (!isTrustedSender(event, appOrigin)) {
      return { ok: false, error: { code: 'forbidden', message: 'IPC call from an untrusted frame refused' } };
    }
    return dispatch(handlers, message);
  });
}
