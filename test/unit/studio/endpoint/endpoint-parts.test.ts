import { describe, expect, it } from 'vitest';
import { endpointBaseUrl } from '../../../../electron/studio/endpoint/endpoint-url.ts';
import { createIpFilter, validateIpAllow } from '../../../../electron/studio/endpoint/ip-allow.ts';
import { RequestLog } from '../../../../electron/studio/endpoint/request-log.ts';

describe('IP allow list', () => {
  it('allows everyone when empty', () => {
    expect(createIpFilter([])('203.0.113.9')).toBe(true);
  });
  it('allows addresses and subnets in the list only, IPv4-mapped clients included', () => {
    const allowed = createIpFilter([
      { name: 'lan', address: '192.168.1.0', subnetPrefixLength: 24 },
      { name: 'box', address: '10.0.0.7' },
      { name: 'v6', address: '2001:db8::', subnetPrefixLength: 32 },
    ]);
    expect(allowed('192.168.1.200')).toBe(true);
    expect(allowed('::ffff:192.168.1.5')).toBe(true);
    expect(allowed('10.0.0.7')).toBe(true);
    expect(allowed('10.0.0.8')).toBe(false);
    expect(allowed('127.0.0.1')).toBe(false);
    expect(allowed('2001:db8:1::5')).toBe(true);
    expect(allowed(undefined)).toBe(false);
  });
  it('refuses rules that are not addresses', () => {
    expect(() => validateIpAllow([{ name: 'x', address: 'example.com' }])).toThrow(/not an IPv4 or IPv6 address/);
    expect(() => validateIpAllow([{ name: 'x', address: '10.0.0.0', subnetPrefixLength: 33 }])).toThrow(/0 to 32/);
  });
});

describe('endpoint base URL', () => {
  it('uses the bound address, or the host name setting', () => {
    expect(endpointBaseUrl({ host: '127.0.0.1', hostName: null }, 8787)).toBe('http://127.0.0.1:8787');
    expect(endpointBaseUrl({ host: '0.0.0.0', hostName: null }, 9000)).toBe('http://127.0.0.1:9000');
    expect(endpointBaseUrl({ host: '::1', hostName: null }, 9000)).toBe('http://[::1]:9000');
    expect(endpointBaseUrl({ host: '0.0.0.0', hostName: 'media.lan' }, 9000)).toBe('http://media.lan:9000');
    expect(endpointBaseUrl({ host: '0.0.0.0', hostName: 'media.lan:80' }, 9000)).toBe('http://media.lan:80');
    expect(endpointBaseUrl({ host: '0.0.0.0', hostName: 'https://cdn.example.com/' }, 9000)).toBe('https://cdn.example.com');
  });
});

describe('request log', () => {
  it('keeps the newest entries, numbered', () => {
    const log = new RequestLog(3);
    for (let i = 0; i < 5; i++) log.push({ time: 't', method: 'GET', path: `/${i}`, status: 200, bytes: i, ms: 1, client: '127.0.0.1' });
    expect(log.seq).toBe(5);
    expect(log.list().map((e) => e.path)).toEqual(['/2', '/3', '/4']);
    expect(log.list(3).map((e) => e.seq)).toEqual([4, 5]);
    expect(log.list(0, 1).map((e) => e.seq)).toEqual([5]);
  });
});
