/**
 * npm run bench:origin — latency, throughput and memory of the origin on a 60 s 3-rung
 * 1080p/720p/360p set (4.5/2.5/0.8 Mbps, 2 s GOPs, one AAC track). Prints numbers; asserts nothing.
 *
 * - cold: a fresh origin process, first manifest and first segment of a never-opened asset;
 * - warm latency: p50/p99 over sequential requests per format (manifest and segments);
 * - throughput: N keep-alive connections fetching 1080p segments for a few seconds per format,
 *   with the origin's own CPU time (it runs in a child process) → segments/s per core.
 *
 * Environment: BENCH_SECONDS, BENCH_CONNECTIONS; BENCH_FORMATS (a regular expression on the format
 * names below) and BENCH_PARTS (comma list of cold,never-opened,latency,throughput) narrow a run for
 * profiling; BENCH_NODE_ARGS (space separated, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to
 * the origin process.
 *
 * The origin runs bundled by esbuild, as the Electron main process ships: running the .ts sources
 * directly adds Node's type stripper (~50 MiB of RSS, and its work at startup). BENCH_SOURCE=1 runs
 * the sources instead.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { build } from 'esbuild';
import { Agent, request } from 'node:http';
import { link, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { abrFixture } from '../test/helpers/fixtures.ts';

const LOCATOR = 'b0b0b0b0-0000-4000-8000-000000000001';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const FORMATS = new RegExp(process.env.BENCH_FORMATS ?? '.');
const PARTS = new Set((process.env.BENCH_PARTS ?? 'cold,never-opened,latency,throughput').split(','));
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const FROM_SOURCE = process.env.BENCH_SOURCE === '1';
/** TS segments a "popular" set has: 5 × 6 s of 1080p ≈ 18 MB, within the default 32 MiB TS cache. */
const TS_HOT_SEGMENTS = 5;

async function originEntry(): Promise<string> {
  const source = fileURLToPath(new URL('./origin-child.ts', import.meta.url));
  if (FROM_SOURCE) return source;
  const outfile = path.join(await mkdtemp(path.join(tmpdir(), 'origin-bench-')), 'origin-child.mjs');
  await build({ entryPoints: [source], bundle: true, platform: 'node', format: 'esm', target: 'node24', outfile, logLevel: 'warning' });
  return outfile;
}
const ENTRY = await originEntry();

interface Stats {
  cpuUserUs: number;
  cpuSystemUs: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  handlerMs: number[];
  /** The handler's own time for the requests since the previous stats. */
  recent: { count: number; p50: number; p99: number };
  caches: Record<string, number>;
}

interface Origin {
  child: ChildProcess;
  port: number;
  stats(): Promise<Stats>;
}

/** `segmentCacheBytes` 0 starts an origin without the TS segment cache, to measure the miss path. */
function startOrigin(folders: Record<string, string>, segmentCacheBytes?: number): Promise<Origin> {
  const args = [JSON.stringify(folders), ...(segmentCacheBytes === undefined ? [] : [String(segmentCacheBytes)])];
  const child = fork(ENTRY, args, {
    stdio: 'inherit',
    execArgv: [...process.execArgv, ...NODE_ARGS],
  });
  return new Promise((resolve) => {
    child.once('message', (m: { port: number }) =>
      resolve({
        child,
        port: m.port,
        stats: () =>
          new Promise((r) => {
            child.once('message', (s: Stats) => r(s));
            child.send({ type: 'stats' });
          }),
      }),
    );
  });
}

function fetchBytes(agent: Agent, port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`${res.statusCode} ${path}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (n: number) => n.toFixed(3);

async function main(): Promise<void> {
  console.log(`origin: ${FROM_SOURCE ? 'TypeScript sources (type stripping)' : 'esbuild bundle'}`);
  console.log('making the 60 s 1080p/720p/360p fixture (cached after the first run)…');
  const fx = await abrFixture({
    name: 'bench',
    durationSec: 60,
    rungs: [
      { width: 1920, height: 1080, kbps: 4500 },
      { width: 1280, height: 720, kbps: 2500 },
      { width: 640, height: 360, kbps: 800 },
    ],
    languages: ['eng'],
  });
  const top = fx.videoFiles[0]!.bitrate;
  const audio = fx.audioFiles[0]!;
  const ism = `/${LOCATOR}/${fx.ismName}`;
  const times = Array.from({ length: 30 }, (_, i) => i * 20_000_000);
  const formats = {
    'hls-ts (v4 video)': { manifest: 'manifest(format=m3u8-aapl)', seg: (t: number) => `QualityLevels(${top})/Fragments(video=${t},format=m3u8-aapl)`, every: 3 },
    'hls-ts (v3 muxed)': { manifest: 'manifest(format=m3u8-aapl-v3)', seg: (t: number) => `QualityLevels(${top})/Fragments(video=${t},format=m3u8-aapl-v3,audiotrack=${audio.trackName})`, every: 3 },
    'hls-cmaf': { manifest: 'manifest(format=m3u8-cmaf)', seg: (t: number) => `QualityLevels(${top})/Fragments(video=${t},format=m3u8-cmaf)`, every: 1 },
    'dash-csf': { manifest: 'manifest(format=mpd-time-csf)', seg: (t: number) => `QualityLevels(${top})/Fragments(video=${t},format=mpd-time-csf)`, every: 1 },
    'dash-cmaf': { manifest: 'manifest(format=mpd-time-cmaf)', seg: (t: number) => `QualityLevels(${top})/Fragments(video=${t},format=mpd-time-cmaf)`, every: 1 },
    smooth: { manifest: 'manifest', seg: (t: number) => `QualityLevels(${top})/Fragments(video=${t})`, every: 1 },
  };
  const chosen = Object.entries(formats).filter(([name]) => FORMATS.test(name));

  // Cold: a new process per format, so nothing is parsed or cached yet.
  if (PARTS.has('cold')) console.log('\ncold (fresh origin process, never-opened asset)');
  for (const [name, f] of PARTS.has('cold') ? chosen : []) {
    const o = await startOrigin({ [LOCATOR]: fx.folder });
    const agent = new Agent({ keepAlive: true });
    let t0 = performance.now();
    await fetchBytes(agent, o.port, `${ism}/${f.seg(0)}`);
    const firstSegment = performance.now() - t0;
    t0 = performance.now();
    await fetchBytes(agent, o.port, `${ism}/${f.manifest}`);
    const manifestAfter = performance.now() - t0;
    const inOrigin = (await o.stats()).handlerMs;
    console.log(
      `  ${name.padEnd(18)} first segment ${ms(firstSegment)} ms (${ms(inOrigin[0] ?? NaN)} in the handler), then manifest ${ms(manifestAfter)} ms (${ms(inOrigin[1] ?? NaN)})`,
    );
    agent.destroy();
    o.child.send({ type: 'exit' });
  }

  // Never-opened assets in a warm process: hard-linked copies of the set under other folders (the
  // cache keys on the folder), each behind its own locator.
  const copies: Record<string, string> = { [LOCATOR]: fx.folder };
  for (let i = 0; i < 6; i++) {
    const folder = path.join(path.dirname(fx.folder), `bench-copy-${i}`);
    await rm(folder, { recursive: true, force: true });
    await mkdir(folder);
    for (const f of await readdir(fx.folder)) {
      if (f.includes('.')) await link(path.join(fx.folder, f), path.join(folder, f));
    }
    copies[LOCATOR.replace(/1$/, String(i + 2))] = folder;
  }
  const o = await startOrigin(copies);
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  await fetchBytes(agent, o.port, `${ism}/${formats['dash-csf'].manifest}`); // warm the process
  if (PARTS.has('never-opened')) console.log('\nnever-opened asset in a warm process (first request of each copy)');
  for (const [i, [name, f]] of (PARTS.has('never-opened') ? chosen : []).entries()) {
    const other = `/${LOCATOR.replace(/1$/, String(i + 2))}/${fx.ismName}`;
    const t0 = performance.now();
    await fetchBytes(agent, o.port, `${other}/${f.seg(0)}`);
    console.log(`  ${name.padEnd(18)} first segment ${ms(performance.now() - t0)} ms`);
  }
  if (PARTS.has('latency')) {
    // Warm means warm: every format's code paths run (and get optimized) before they are timed;
    // a few hundred requests is what V8 takes to optimize the manifest path.
    for (let i = 0; i < 300; i++) {
      for (const [, f] of chosen) {
        const starts = times.filter((_, k) => k % f.every === 0);
        await fetchBytes(agent, o.port, `${ism}/${f.manifest}`);
        await fetchBytes(agent, o.port, `${ism}/${f.seg(starts[i % starts.length]!)}`);
      }
    }
    console.log('\nwarm latency (sequential, keep-alive), ms');
    console.log('  (TS segments: 10 distinct 6 s segments of ~3.5 MB in turn, more than the default 32 MiB cache');
    console.log('   holds, so these are cache misses: read, mux and write)');
  }
  for (const [name, f] of PARTS.has('latency') ? chosen : []) {
    const manifestTimes: number[] = [];
    const segTimes: number[] = [];
    await o.stats(); // starts the handler's own timing window
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await fetchBytes(agent, o.port, `${ism}/${f.manifest}`);
      manifestTimes.push(performance.now() - t0);
    }
    const manifestInOrigin = (await o.stats()).recent;
    for (let round = 0; round < 5; round++) {
      for (const t of times.filter((_, i) => i % f.every === 0)) {
        const t0 = performance.now();
        await fetchBytes(agent, o.port, `${ism}/${f.seg(t)}`);
        segTimes.push(performance.now() - t0);
      }
    }
    const segmentInOrigin = (await o.stats()).recent;
    manifestTimes.sort((a, b) => a - b);
    segTimes.sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(18)} manifest p50 ${ms(pct(manifestTimes, 50))} p99 ${ms(pct(manifestTimes, 99))} | segment p50 ${ms(pct(segTimes, 50))} p99 ${ms(pct(segTimes, 99))}`,
    );
    console.log(
      `  ${'  in the handler'.padEnd(18)} manifest p50 ${ms(manifestInOrigin.p50)} p99 ${ms(manifestInOrigin.p99)} | segment p50 ${ms(segmentInOrigin.p50)} p99 ${ms(segmentInOrigin.p99)}`,
    );
  }

  async function throughput(origin: Origin, label: string, paths: string[]): Promise<void> {
    const before = await origin.stats();
    const start = performance.now();
    let count = 0;
    let bytes = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, c) => {
        let i = c;
        while (performance.now() - start < SECONDS * 1000) {
          // Awaited first: `bytes += await …` would read `bytes` before the await and lose the
          // other connections' counts.
          const n = await fetchBytes(agent, origin.port, paths[i++ % paths.length]!);
          bytes += n;
          count++;
        }
      }),
    );
    const wall = (performance.now() - start) / 1000;
    const after = await origin.stats();
    const cpu = (after.cpuUserUs + after.cpuSystemUs - before.cpuUserUs - before.cpuSystemUs) / 1e6;
    console.log(
      `  ${label.padEnd(32)} ${(count / wall).toFixed(0)} seg/s, ${(bytes / wall / 1e6).toFixed(0)} MB/s, ${(bytes / count / 1e6).toFixed(2)} MB/seg, origin CPU ${((cpu / wall) * 100).toFixed(0)} % → ${(count / cpu).toFixed(0)} seg/s per core`,
    );
  }

  if (PARTS.has('throughput')) {
    console.log(`\nthroughput: ${CONNECTIONS} keep-alive connections, ${SECONDS} s per format, 1080p segments`);
    console.log(`  (TS: "cache hits" = the first ${TS_HOT_SEGMENTS} segments, built once before and kept by the default segment`);
    console.log('   cache; "no cache" = all of them from an origin started with the TS segment cache off, so every');
    console.log('   request reads, muxes and writes its segment)');
  }
  for (const [name, f] of PARTS.has('throughput') ? chosen : []) {
    const paths = times.filter((_, i) => i % f.every === 0).map((t) => `${ism}/${f.seg(t)}`);
    const ts = name.startsWith('hls-ts');
    if (!ts) await throughput(o, name, paths);
    if (ts) {
      const hot = paths.slice(0, TS_HOT_SEGMENTS);
      for (const p of hot) await fetchBytes(agent, o.port, p);
      await throughput(o, `${name}, cache hits`, hot);
      const uncached = await startOrigin({ [LOCATOR]: fx.folder }, 0);
      await fetchBytes(agent, uncached.port, paths[0]!); // opens the asset
      await throughput(uncached, `${name}, no cache`, paths);
      const s = await uncached.stats();
      console.log(`  ${''.padEnd(32)} (that origin's RSS: ${(s.rss / 1048576).toFixed(1)} MiB)`);
      uncached.child.send({ type: 'exit' });
    }
  }
  const s = await o.stats();
  const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
  console.log(
    `\norigin RSS after the run: ${mib(s.rss)} (heap used ${mib(s.heapUsed)} of ${mib(s.heapTotal)}, external ${mib(s.external)}, of which array buffers ${mib(s.arrayBuffers)})`,
  );
  const caches = Object.entries(s.caches).map(([k, v]) => `${k} ${mib(v)}`);
  if (caches.length > 0) console.log(`origin caches: ${caches.join(', ')}`);
  agent.destroy();
  o.child.send({ type: 'exit' });
}

try {
  await main();
} finally {
  if (!FROM_SOURCE) await rm(path.dirname(ENTRY), { recursive: true, force: true });
}
