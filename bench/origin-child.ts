/**
 * The origin under benchmark, in its own process so its CPU time is measured apart from the load
 * generator. Messages: 'ready' {port}; on 'stats' → {cpuUserUs, cpuSystemUs, rss}.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PresentationCache } from '../packaging-core/cache/presentation-cache.ts';
import { createOriginHandler } from '../packaging-core/http/origin-handler.ts';

// argv: a JSON object { locatorId: assetFolder }.
const folders = new Map<string, string>(Object.entries(JSON.parse(process.argv[2] ?? '{}') as Record<string, string>));
const cache = new PresentationCache();
const handler = createOriginHandler({
  resolveLocator: (id) => {
    const folder = folders.get(id);
    return folder ? { folder, protocols: new Set(['hls', 'dash', 'smooth', 'download'] as const) } : null;
  },
  presentations: (f, ism) => cache.get(f, ism),
});
const server = createServer({ keepAliveTimeout: 30_000 }, handler);
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
});
process.on('message', (m: { type: string }) => {
  if (m.type === 'stats') {
    const cpu = process.cpuUsage();
    process.send?.({ type: 'stats', cpuUserUs: cpu.user, cpuSystemUs: cpu.system, rss: process.memoryUsage().rss });
  } else if (m.type === 'exit') {
    process.exit(0);
  }
});
