import type { EndpointSettings } from '../catalog/types.ts';

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The base of published URLs. The host name setting wins: a full http(s) URL is used as is (a CDN
 * or reverse proxy in front), a bare name gets the port the endpoint listens on, `name:port` is kept.
 * Without it: the bound address (a wildcard bind is reached through loopback).
 */
export function endpointBaseUrl(settings: Pick<EndpointSettings, 'host' | 'hostName'>, port: number): string {
  const name = settings.hostName?.trim();
  if (name) {
    if (/^https?:\/\//i.test(name)) return name.replace(/\/+$/, '');
    if (/^\[.*\]$/.test(name)) return `http://${name}:${port}`;
    if (/:\d+$/.test(name)) return `http://${name}`;
    return `http://${name}:${port}`;
  }
  return `http://${hostForUrl(settings.host)}:${port}`;
}
