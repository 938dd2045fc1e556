/**
 * API failures as the UI shows them. Both transports reject with an Error carrying the studio's
 * `code` (to branch on) and `hint` (what the user can do): the preload assigns them, the HTTP client
 * below does the same, so the views read them without knowing the transport.
 */
export function apiError(code: string, message: string, hint?: string): Error {
  return Object.assign(new Error(message), { code, ...(hint !== undefined && { hint }) });
}

export function errorText(err: unknown): string {
  const e = err as { message?: unknown; hint?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  // Some messages already end with their hint (the studio words both): say it once.
  return typeof e?.hint === 'string' && e.hint && !message.includes(e.hint) ? `${message} ${e.hint}` : message;
}

export function errorCode(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}
