/**
 * The origin under benchmark, in its own process so its CPU time is measured apart from the load
 * generator. Messages: 'ready' {port}; on 'stats' → CPU time, memory and cache sizes; on 'exit' it exits
 * (through process.exit, so --cpu-prof and --heap-prof write their files).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PresentationCache } from '../packaging-core/presentation/presentation-cache.ts';
import { createOriginHandler } from '../packaging-core/server/origin-handler.ts';

// argv: a JSON object { locatorId: assetFolder }, then optionally the TS segment cache bytes.
const segmentCacheBytes = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
const folders = new Map<string, string>(Object.entries(JSON.parse(process.argv[2] ?? '{}') as Record<string, string>));
const cache = new PresentationCache();
/** The handler's own time for the first requests served, in order (the cold numbers use them). */
const handlerMs: number[] = [];
/** The handler's own time of the requests since the last 'stats' message. */
let recentMs: number[] = [];
const handler = createOriginHandler({
  resolveLocator: (id) => {
    const folder = folders.get(id);
    return folder ? { folder, protocols: new Set(['hls', 'dash', 'smooth', 'download'] as const) } : null;
  },
  presentations: (f, ism) => cache.get(f, ism),
  onRequest: (entry) => {
    if (handlerMs.length < 16) handlerMs.push(entry.ms);
    if (recentMs.length < 100_000) recentMs.push(entry.ms);
  },
  ...(segmentCacheBytes === undefined ? {} : { segmentCacheBytes }),
});
const server = createServer({ keepAliveTimeout: 30_000 }, handler);
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port });
});
process.on('message', (m: { type: string }) => {
  if (m.type === 'stats') {
    const cpu = process.cpuUsage();
    const mem = process.memoryUsage();
    const recent = recentMs.sort((a, b) => a - b);
    recentMs = [];
    const pct = (p: number) => recent[Math.min(recent.length - 1, Math.floor((p / 100) * recent.length))] ?? NaN;
    process.send?.({
      type: 'stats',
      cpuUserUs: cpu.user,
      cpuSystemUs: cpu.system,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
      heapTotal: mem.heapTotal,
      external: mem.external,
      arrayBuffers: mem.arrayBuffers,
      handlerMs,
      recent: { count: recent.length, p50: pct(50), p99: pct(99) },
      caches: { 'TS segments': handler.memory().segmentCacheBytes, 'idle buffers': handler.memory().idleBufferBytes },
    });
  } else if (m.type === 'exit') {
    process.exit(0);
  }
});
