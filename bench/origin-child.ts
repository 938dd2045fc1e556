/**
 * The origin under benchmark, in its own process so its CPU time is measured apart from the load
 * generator. Messages: 'ready' {port}; on 'stats' → CPU time, memory (current and peak RSS) and cache
 * sizes; on 'exit' it exits (through process.exit, so --cpu-prof and --heap-prof write their files).
 *
 * With a workers count above 1 it is a node:cluster primary: that many workers serve the one port
 * (as `serve --workers N` does), and 'stats' sums their CPU time (and its own: it hands out the
 * connections) and reports the largest worker's RSS.
 */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { peakRss } from '../electron/studio/endpoint/peak-rss.ts';
import { createOriginHandler, originMemoryReport, PresentationCache } from '../packaging-core/index.ts';

// argv: a JSON object { locatorId: assetFolder }, the TS segment cache bytes ('' = default), workers.
const segmentCacheBytes = process.argv[3] ? Number(process.argv[3]) : undefined;
const workers = Number(process.argv[4] ?? 1);
const folders = new Map<string, string>(Object.entries(JSON.parse(process.argv[2] ?? '{}') as Record<string, string>));

interface Stats {
  type: 'stats';
  cpuUserUs: number;
  cpuSystemUs: number;
  rss: number;
  peakRss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  rssAnon: number;
  rssFile: number;
  handlerMs: number[];
  recent: { count: number; p50: number; p99: number };
  caches: Record<string, number>;
}

/** RssAnon and RssFile from /proc (0 elsewhere). */
function rssSplit(): { rssAnon: number; rssFile: number } {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    return { rssAnon: kib('RssAnon'), rssFile: kib('RssFile') };
  } catch {
    return { rssAnon: 0, rssFile: 0 };
  }
}

function ownStats(): Omit<Stats, 'handlerMs' | 'recent' | 'caches'> {
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  return {
    type: 'stats',
    cpuUserUs: cpu.user,
    cpuSystemUs: cpu.system,
    rss: mem.rss,
    // VmHWM: getrusage's maxrss of a forked child starts at its parent's RSS (this bench's).
    peakRss: peakRss(),
    heapUsed: mem.heapUsed,
    heapTotal: mem.heapTotal,
    external: mem.external,
    arrayBuffers: mem.arrayBuffers,
    ...rssSplit(),
  };
}

if (workers > 1 && cluster.isPrimary) {
  const forked = Array.from({ length: workers }, () => cluster.fork());
  let ready = 0;
  let port = 0;
  for (const w of forked) {
    w.once('message', (m: { port: number }) => {
      port = m.port;
      if (++ready === workers) process.send?.({ type: 'ready', port, workerPids: forked.map((f) => f.process.pid) });
    });
  }
  const ask = (w: (typeof forked)[number]): Promise<Stats> =>
    new Promise((resolve) => {
      w.once('message', (s: Stats) => resolve(s));
      w.send({ type: 'stats' });
    });
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stats') {
      void Promise.all(forked.map(ask)).then((all) => {
        const own = ownStats();
        const sum = (k: 'cpuUserUs' | 'cpuSystemUs') => all.reduce((n, s) => n + s[k], own[k]);
        const max = (k: 'rss' | 'peakRss' | 'heapUsed' | 'heapTotal' | 'external' | 'arrayBuffers' | 'rssAnon' | 'rssFile') => Math.max(...all.map((s) => s[k]));
        const recent = all.flatMap((s) => (s.recent.count > 0 ? [s.recent] : []));
        process.send?.({
          ...own,
          cpuUserUs: sum('cpuUserUs'),
          cpuSystemUs: sum('cpuSystemUs'),
          rss: max('rss'),
          peakRss: max('peakRss'),
          heapUsed: max('heapUsed'),
          heapTotal: max('heapTotal'),
          external: max('external'),
          arrayBuffers: max('arrayBuffers'),
          rssAnon: max('rssAnon'),
          rssFile: max('rssFile'),
          handlerMs: all[0]!.handlerMs,
          recent: { count: recent.reduce((n, r) => n + r.count, 0), p50: Math.max(...recent.map((r) => r.p50)), p99: Math.max(...recent.map((r) => r.p99)) },
          caches: all[0]!.caches,
        });
      });
    } else if (m.type === 'exit') {
      // A worker may be gone already: its send error goes to the callback, not an unhandled 'error'.
      for (const w of forked) w.send({ type: 'exit' }, () => undefined);
      cluster.disconnect(() => process.exit(0));
    }
  });
} else {
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
  // The harness's floor: a bare node:http server in this same process answering a playlist-sized
  // body, so the bench can say how much of a manifest's latency is HTTP and its client, not the origin.
  const floorBody = Buffer.alloc(2048, 0x23);
  const floor = createServer({ keepAliveTimeout: 30_000 }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl', 'content-length': floorBody.length }).end(floorBody);
  });
  floor.listen(0, '127.0.0.1', () => {
    server.listen(0, '127.0.0.1', () => {
      process.send?.({ type: 'ready', port: (server.address() as AddressInfo).port, floorPort: (floor.address() as AddressInfo).port });
    });
  });
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stats') {
      const recent = recentMs.sort((a, b) => a - b);
      recentMs = [];
      const pct = (p: number) => recent[Math.min(recent.length - 1, Math.floor((p / 100) * recent.length))] ?? NaN;
      process.send?.({
        ...ownStats(),
        handlerMs,
        recent: { count: recent.length, p50: pct(50), p99: pct(99) },
        caches: originMemoryReport(handler.memory(), cache),
      });
    } else if (m.type === 'exit') {
      process.exit(0);
    }
  });
}
