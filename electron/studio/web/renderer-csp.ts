/**
 * Content-Security-Policy of the renderer, the same in both transports: sent as a response header by
 * the shell's app:// protocol and by web mode (a header cannot be removed by page content, unlike a meta
 * tag). Scripts only from the app itself; media and
 * connections to the local origin (players fetch manifests and segments from it) and blob: (MSE).
 */
export function rendererCsp(extraOrigins: readonly string[] = []): string {
  const local = ['http://127.0.0.1:*', 'http://localhost:*', ...extraOrigins].join(' ');
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
