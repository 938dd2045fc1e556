import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Web mode's gate. The server binds 127.0.0.1, but a page on any site can still aim requests at it:
 * - Host must name this server (127.0.0.1/localhost:port): defeats DNS rebinding, where evil.example
 *   resolves to 127.0.0.1 and the browser sends `Host: evil.example`.
 * - Origin, when sent, must be this server's own origin: no cross-site calls.
 * - API calls carry the per-launch token printed by the command (a site cannot read it).
 */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export type GuardVerdict = { ok: true } | { ok: false; status: number; reason: string };

export function checkHostAndOrigin(req: IncomingMessage, port: number): GuardVerdict {
  const hosts = allowedHosts(port);
  const host = (req.headers.host ?? '').toLowerCase();
  if (!hosts.has(host)) return { ok: false, status: 421, reason: `Host ${JSON.stringify(host)} is not this studio` };
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let originHost: string;
    try {
      const u = new URL(origin);
      originHost = u.protocol === 'http:' ? u.host.toLowerCase() : '';
    } catch {
      originHost = '';
    }
    if (!hosts.has(originHost)) return { ok: false, status: 403, reason: `Cross-site request from ${origin} refused` };
  }
  return { ok: true };
}

export function checkToken(req: IncomingMessage, token: string): GuardVerdict {
  const auth = req.headers.authorization ?? '';
  const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    return { ok: false, status: 401, reason: 'Missing or wrong studio token: open the URL the command printed' };
  }
  return { ok: true };
}
