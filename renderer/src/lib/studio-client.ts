import type { Operation, OperationInput, OperationOutput, StudioClient } from '@contract';
import { apiError } from './api-error.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in web mode. */
    studio?: StudioClient & { pathForFile(file: File): string };
  }
}

type Reply = { ok: boolean; value?: unknown; error?: { code?: string; message: string; hint?: string } };

/**
 * The same contract over HTTP for web mode: POST /api/<operation> with the per-launch token the
 * command printed in the URL (kept in sessionStorage so a reload keeps working).
 */
export function httpClient(baseUrl: string, token: string): StudioClient {
  return {
    async call<O extends Operation>(operation: O, input: OperationInput<O>): Promise<OperationOutput<O>> {
      const res = await fetch(`${baseUrl}/api/${operation}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as Reply;
      if (!res.ok || !body.ok) throw apiError(body.error?.code ?? 'http', body.error?.message ?? `HTTP ${res.status}`, body.error?.hint);
      return body.value as OperationOutput<O>;
    },
  };
}

/** The web-mode token (from the URL the command printed, or this tab's earlier visit). */
export function webToken(): string {
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token') ?? sessionStorage.getItem('studio-token') ?? '';
  if (token) sessionStorage.setItem('studio-token', token);
  return token;
}

export function studioClient(): StudioClient {
  if (window.studio) return window.studio;
  return httpClient(window.location.origin, webToken());
}

/**
 * Web mode only: streams a browser File to the studio's uploads folder (upload-route.ts) and returns
 * the path the studio can import. Electron never uploads: it imports the file where it is.
 */
export async function uploadFile(file: File, signal?: AbortSignal): Promise<string> {
  const res = await fetch(`${window.location.origin}/upload?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${webToken()}`, 'content-type': 'application/octet-stream' },
    body: file,
    ...(signal && { signal }),
  });
  const body = (await res.json().catch(() => ({ ok: false }))) as Reply;
  if (!res.ok || !body.ok) throw apiError(body.error?.code ?? 'upload-failed', body.error?.message ?? `Upload failed (HTTP ${res.status})`, body.error?.hint);
  return (body.value as { path: string }).path;
}
