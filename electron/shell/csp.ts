/**
 * Content-Security-Policy of the renderer, sent as a response header by the app:// protocol (a header
 * cannot be removed by page content, unlike a meta tag). Scripts only from the app itself; media and
 * connections to the local origin (players fetch manifests and segments from it) and blob: (MSE).
 */
export function rendererCsp(originHosts: readonly string[] = ['http://127.0.0.1:*', 'http://localhost:*']): string {
  const local = originHosts.join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${local}`,
    `media-src 'self' blob: ${local}`,
    `connect-src 'self' ${local}`,
    "worker-src 'self' blob:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
