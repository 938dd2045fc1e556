import type { Operation, OperationInput, OperationOutput, StudioClient } from '../../electron/studio/api/contract.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in web mode. */
    studio?: StudioClient & { pathForFile(file: File): string };
  }
}

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
      const body = (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
      if (!res.ok || !body.ok) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
      return body.value as OperationOutput<O>;
    },
  };
}

export function studioClient(): StudioClient {
  if (window.studio) return window.studio;
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token') ?? sessionStorage.getItem('studio-token') ?? '';
  if (token) sessionStorage.setItem('studio-token', token);
  return httpClient(window.location.origin, token);
}
