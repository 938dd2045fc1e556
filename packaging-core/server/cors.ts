import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';

/**
 * CORS for players on other origins (browser-playback.md): every response, errors included, carries
 * Access-Control-Allow-Origin, or the player dies at the manifest. `allowedOrigins` empty or `*`
 * allows any origin; otherwise the request's Origin is echoed only when listed.
 */
export function corsHeaders(req: IncomingMessage, allowedOrigins: readonly string[]): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'access-control-expose-headers': 'Content-Length, Content-Range, Accept-Ranges, ETag, Date',
    'timing-allow-origin': '*',
  };
  if (allowedOrigins.length === 0 || allowedOrigins.includes('*')) {
    headers['access-control-allow-origin'] = '*';
    return headers;
  }
  const origin = req.headers.origin;
  headers['vary'] = 'Origin';
  if (origin && allowedOrigins.includes(origin)) headers['access-control-allow-origin'] = origin;
  return headers;
}

export function preflightHeaders(req: IncomingMessage, allowedOrigins: readonly string[]): OutgoingHttpHeaders {
  return {
    ...corsHeaders(req, allowedOrigins),
    'access-control-allow-methods': 'GET, HEAD, OPTIONS',
    'access-control-allow-headers': 'Range, If-None-Match, If-Modified-Since, Authorization, Content-Type',
    'access-control-max-age': '86400',
  };
}
