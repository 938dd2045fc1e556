/**
 * The sandboxed preload: exposes `window.studio.call(operation, input)` and `window.studio.pathForFile`
 * (dropped files' paths, since a sandboxed page cannot see them). Only the contract's operation names
 * pass; arguments are validated again in the main process.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { isOperation } from '../studio/api/contract.ts';

const STUDIO_CHANNEL = 'studio:call';

contextBridge.exposeInMainWorld('studio', {
  async call(operation: string, input: unknown): Promise<unknown> {
    if (!isOperation(operation)) throw new Error(`Unknown operation ${operation}`);
    const reply = (await ipcRenderer.invoke(STUDIO_CHANNEL, { operation, input })) as
      | { ok: true; value: unknown }
      | { ok: false; error: { code: string; message: string; hint?: string } };
    if (reply.ok) return reply.value;
    throw Object.assign(new Error(reply.error.message), reply.error);
  },
  pathForFile(file: File): string {
    return webUtils.getPathForFile(file);
  },
});
