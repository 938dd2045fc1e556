/**
 * npm run bench:origin — latency, throughput and memory of the origin on a 60 s 3-rung
 * 1080p/720p/360p set (4.5/2.5/0.8 Mbps, 2 s GOPs, one AAC track). Prints numbers; asserts nothing.
 *
 * - cold: a fresh origin process, first manifest and first segment of a never-opened asset;
 * - warm latency: p50/p99 over sequential requests per format (manifest and segments);
 * - throughput: N keep-alive connections fetching 1080p segments for a few seconds per format,
 *   with the origin's own CPU time (it runs in a child process) → segments/s per core. The load
 *   generator is wrk when it is on PATH (`apt-get install wrk`; 4 connections, as the nginx-vod
 *   anchor runs were measured), else a Node client (8 connections); its own CPU share is printed,
 *   since on this 2-core machine it competes with the origin.
 *
 * - peak RSS of the origin process (getrusage's max RSS) next to its RSS at the end, and what each
 *   cache and pool holds;
 * - scaling: the same throughput with 1 and with N worker processes on one port (node:cluster, as
 *   `serve --workers N`), CPU summed over the workers;
 * - soak (--soak S): a mixed load for S seconds, RSS sampled every few seconds (flat or not).
 *
 * Options (or the environment variables in brackets): --seconds S per throughput run [BENCH_SECONDS],
 * --connections N [BENCH_CONNECTIONS], --load wrk|node [BENCH_LOAD], --formats REGEX [BENCH_FORMATS], --parts LIST (cold,
 * never-opened,latency,throughput,scaling) [BENCH_PARTS], --workers N for the scaling run (default 2),
 * --semi-space MiB (V8 young generation of the origin; default: what serve --workers and the app set),
 * --core-share F (scaling runs: each worker held to F of a core by a CPU cgroup, root only),
 * --soak S. BENCH_NODE_ARGS (space separated, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the
 * origin process.
 *
 * Another origin: --urls FILE (one absolute URL per line: the same workload, e.g. nginx-vod's URLs of
 * the same content) runs only the throughput and latency over those URLs; --pid PID (that origin's
 * process, or a comma list of its workers) adds its CPU time from /proc and peak RSS, so the figures
 * per CPU-second compare side by side.
 *
 * The origin runs bundled by esbuild, as the Electron main process ships: running the .ts sources
 * directly adds Node's type stripper (~50 MiB of RSS, and its work at startup). BENCH_SOURCE=1 runs
 * the sources instead.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { Agent, request } from 'node:http';
import { link, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { abrFixture } from '../test/helpers/fixtures.ts';
import { confineEach } from './cpu-share.ts';
import { runWrk, wrkPath, type WrkResult } from './wrk-load.ts';
import { ORIGIN_MALLOC_ENV, originV8Flags } from '../electron/studio/endpoint/origin-worker-pool.ts';
import { ORIGIN_MEMORY } from '../packaging-core/index.ts';

const LOCATOR = 'b0b0b0b0-0000-4000-8000-000000000001';
/** The same set with 2 s TS segments (one fragment per HLS segment), as the nginx-vod anchor serves. */
const LOCATOR_TS2 = 'b0b0b0b0-0000-4000-8000-000000000020';
const { values: argv } = parseArgs({
  options: {
    seconds: { type: 'string' },
    connections: { type: 'string' },
    load: { type: 'string' },
    formats: { type: 'string' },
    parts: { type: 'string' },
    workers: { type: 'string' },
    'semi-space': { type: 'string' },
    'core-share': { type: 'string' },
    soak: { type: 'string' },
    urls: { type: 'string' },
    pid: { type: 'string' },
  },
});
const SECONDS = Number(argv.seconds ?? process.env.BENCH_SECONDS ?? 4);
const LOAD = argv.load ?? process.env.BENCH_LOAD ?? (wrkPath() ? 'wrk' : 'node');
if (LOAD !== 'wrk' && LOAD !== 'node') throw new Error(`--load is wrk or node, not ${LOAD}`);
if (LOAD === 'wrk' && !wrkPath()) throw new Error('--load wrk: wrk is not on PATH (Debian: apt-get install wrk)');
const CONNECTIONS = Number(argv.connections ?? process.env.BENCH_CONNECTIONS ?? (LOAD === 'wrk' ? 4 : 8));
const FORMATS = new RegExp(argv.formats ?? process.env.BENCH_FORMATS ?? '.');
const PARTS = new Set((argv.parts ?? process.env.BENCH_PARTS ?? 'cold,never-opened,latency,throughput,scaling').split(','));
const WORKERS = Number(argv.workers ?? 2);
/**
 * The scaling runs keep every worker busy: with one request in flight per connection a worker idles
 * while its file reads and the network turn around, so each worker gets as many connections as a
 * throughput run has in all; the one-worker run gets the same total, to compare like with like.
 */
const scalingConnections = CONNECTIONS * WORKERS;
/** --core-share F: in the scaling runs each worker gets F of a core (a CPU cgroup), the rest is the load generator's. */
const CORE_SHARE = argv['core-share'] === undefined ? undefined : Number(argv['core-share']);
const SOAK_SECONDS = Number(argv.soak ?? 0);
const NODE_ARGS = [...originV8Flags(argv['semi-space'] === undefined ? undefined : Number(argv['semi-space'])), ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
const FROM_SOURCE = process.env.BENCH_SOURCE === '1';
/**
 * TS segments a "popular" set has: as many as the default TS cache keeps (up to 4), so the cache-hit
 * lines measure hits — two 3.5 MB 6 s segments or four 1.2 MB 2 s ones in the 8 MiB default.
 */
function hotSegmentCount(segmentBytes: number): number {
  return Math.max(1, Math.min(4, Math.floor((ORIGIN_MEMORY.tsSegments * 0.9) / segmentBytes)));
}

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
  /** The process's peak RSS so far (the largest worker's with workers). */
  peakRss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  /** RSS split (Linux): private memory, and file pages (the node binary, shared by every process). */
  rssAnon: number;
  rssFile: number;
  handlerMs: number[];
  /** The handler's own time for the requests since the previous stats. */
  recent: { count: number; p50: number; p99: number };
  caches: Record<string, number>;
}

interface Origin {
  child: ChildProcess;
  port: number;
  /** The processes that answer requests (the cluster's workers, or the child itself). */
  workerPids: number[];
  /** A bare node:http server in the origin's process (one worker only): the latency floor. */
  floorPort?: number;
  stats(): Promise<Stats>;
}

/** `segmentCacheBytes` 0 starts an origin without the TS segment cache, to measure the miss path. */
function startOrigin(folders: Record<string, string>, segmentCacheBytes?: number, workers = 1): Promise<Origin> {
  const args = [JSON.stringify(folders), segmentCacheBytes === undefined ? '' : String(segmentCacheBytes), String(workers)];
  const child = fork(ENTRY, args, {
    stdio: 'inherit',
    // As serve's origin processes run (malloc settings read at start).
    env: { ...process.env, ...ORIGIN_MALLOC_ENV },
    execArgv: [...process.execArgv, ...NODE_ARGS],
  });
  return new Promise((resolve) => {
    child.once('message', (m: { port: number; workerPids?: number[]; floorPort?: number }) =>
      resolve({
        child,
        port: m.port,
        ...(m.floorPort === undefined ? {} : { floorPort: m.floorPort }),
        workerPids: m.workerPids ?? [child.pid!],
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
  const ismTs2 = `/${LOCATOR_TS2}/${fx.ismName}`;
  const ts2Folder = await linkedCopy(fx.folder, 'bench-ts-2s', (ismText) =>
    ismText.replace('<head>', '<head>\n    <meta name="fragmentsPerHLSSegment" content="1"/>'),
  );
  /** Every origin serves the set under both locators. */
  const base = { [LOCATOR]: fx.folder, [LOCATOR_TS2]: ts2Folder };
  const times = Array.from({ length: 30 }, (_, i) => i * 20_000_000);
  const init = (format: string) => `QualityLevels(${top})/Fragments(video=i,format=${format})`;
  const formats: Record<string, { manifest: string; seg: (t: number) => string; every: number; init?: string; ism?: string }> = {
    'hls-ts (v4 video)': { manifest: 'manifest(format=m3u8-aapl)', seg: (t: number) => `QualityLevels(${top})/Fragments(video=${t},format=m3u8-aapl)`, every: 3 },
    'hls-ts (v3 muxed)': { manifest: 'manifest(format=m3u8-aapl-v3)', seg: (t: number) => `QualityLevels(${top})/Fragments(video=${t},format=m3u8-aapl-v3,audiotrack=${audio.trackName})`, every: 3 },
    'hls-ts 2 s (v3 muxed)': { ism: ismTs2, manifest: 'manifest(format=m3u8-aapl-v3)', seg: (t: number) => `QualityLevels(${top})/Fragments(video=${t},format=m3u8-aapl-v3,audiotrack=${audio.trackName})`, every: 1 },
    'hls-cmaf': { manifest: 'manifest(format=m3u8-cmaf)', seg: (t: number) => `QualityLevels(${top})/Fragments(video=${t},format=m3u8-cmaf)`, every: 1, init: init('m3u8-cmaf') },
    'dash-csf': { manifest: 'manifest(format=mpd-time-csf)', seg: (t: number) => `QualityLevels(${top})/Fragments(video=${t},format=mpd-time-csf)`, every: 1, init: init('mpd-time-csf') },
    'dash-cmaf': { manifest: 'manifest(format=mpd-time-cmaf)', seg: (t: number) => `QualityLevels(${top})/Fragments(video=${t},format=mpd-time-cmaf)`, every: 1, init: init('mpd-time-cmaf') },
    smooth: { manifest: 'manifest', seg: (t: number) => `QualityLevels(${top})/Fragments(video=${t})`, every: 1 },
  };
  const chosen = Object.entries(formats).filter(([name]) => FORMATS.test(name));

  // Cold: a new process per format, so nothing is parsed or cached yet.
  if (PARTS.has('cold')) console.log('\ncold (fresh origin process, never-opened asset)');
  for (const [name, f] of PARTS.has('cold') ? chosen : []) {
    const o = await startOrigin(base);
    const agent = new Agent({ keepAlive: true });
    let t0 = performance.now();
    await fetchBytes(agent, o.port, `${f.ism ?? ism}/${f.seg(0)}`);
    const firstSegment = performance.now() - t0;
    t0 = performance.now();
    await fetchBytes(agent, o.port, `${f.ism ?? ism}/${f.manifest}`);
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
  const copies: Record<string, string> = { ...base };
  for (let i = 0; i < chosen.length; i++) {
    copies[LOCATOR.replace(/1$/, String(i + 2))] = await linkedCopy(fx.folder, `bench-copy-${i}`);
  }
  const o = await startOrigin(copies);
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  await fetchBytes(agent, o.port, `${ism}/${formats['dash-csf']!.manifest}`); // warm the process
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
        await fetchBytes(agent, o.port, `${f.ism ?? ism}/${f.manifest}`);
        await fetchBytes(agent, o.port, `${f.ism ?? ism}/${f.seg(starts[i % starts.length]!)}`);
      }
    }
    console.log('\nwarm latency (sequential, keep-alive), ms');
    console.log(`  (TS segments: 10 distinct 6 s segments of ~3.5 MB, or 30 of 2 s of ~1.2 MB, in turn: more than the default ${mib(ORIGIN_MEMORY.tsSegments)} cache`);
    console.log('   holds, so these are cache misses: read, mux and write)');
  }
  for (const [name, f] of PARTS.has('latency') ? chosen : []) {
    const manifestTimes: number[] = [];
    const segTimes: number[] = [];
    await o.stats(); // starts the handler's own timing window
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await fetchBytes(agent, o.port, `${f.ism ?? ism}/${f.manifest}`);
      manifestTimes.push(performance.now() - t0);
    }
    const manifestInOrigin = (await o.stats()).recent;
    for (let round = 0; round < 5; round++) {
      for (const t of times.filter((_, i) => i % f.every === 0)) {
        const t0 = performance.now();
        await fetchBytes(agent, o.port, `${f.ism ?? ism}/${f.seg(t)}`);
        segTimes.push(performance.now() - t0);
      }
    }
    const segmentInOrigin = (await o.stats()).recent;
    const initTimes: number[] = [];
    if (f.init) {
      for (let i = 0; i < 200; i++) {
        const t0 = performance.now();
        await fetchBytes(agent, o.port, `${f.ism ?? ism}/${f.init}`);
        initTimes.push(performance.now() - t0);
      }
      initTimes.sort((a, b) => a - b);
    }
    const initInOrigin = (await o.stats()).recent;
    manifestTimes.sort((a, b) => a - b);
    segTimes.sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(18)} manifest p50 ${ms(pct(manifestTimes, 50))} p99 ${ms(pct(manifestTimes, 99))} | segment p50 ${ms(pct(segTimes, 50))} p99 ${ms(pct(segTimes, 99))}`,
    );
    console.log(
      `  ${'  in the handler'.padEnd(18)} manifest p50 ${ms(manifestInOrigin.p50)} p99 ${ms(manifestInOrigin.p99)} | segment p50 ${ms(segmentInOrigin.p50)} p99 ${ms(segmentInOrigin.p99)}`,
    );
    if (f.init) {
      console.log(
        `  ${'  init segment'.padEnd(18)} p50 ${ms(pct(initTimes, 50))} p99 ${ms(pct(initTimes, 99))} (in the handler p50 ${ms(initInOrigin.p50)} p99 ${ms(initInOrigin.p99)})`,
      );
    }
  }

  if (PARTS.has('latency') && o.floorPort !== undefined) {
    const floorTimes: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const t0 = performance.now();
      await fetchBytes(agent, o.floorPort, '/floor');
      if (i >= 200) floorTimes.push(performance.now() - t0);
    }
    floorTimes.sort((a, b) => a - b);
    console.log(
      `  ${'floor'.padEnd(18)} a bare node:http server in the origin's process answering 2 KiB: p50 ${ms(pct(floorTimes, 50))} p99 ${ms(pct(floorTimes, 99))} (this client and HTTP alone)`,
    );
  }

  if (PARTS.has('throughput')) {
    console.log(`\nthroughput: ${CONNECTIONS} keep-alive connections, ${SECONDS} s per format, 1080p segments`);
    console.log(`  (TS: "cache hits" = the first segments, as many as the default ${mib(ORIGIN_MEMORY.tsSegments)} segment`);
    console.log('   cache keeps (at most 4), built once before; "no cache" = all of them from an origin started with the TS segment cache off, so every');
    console.log('   request reads, muxes and writes its segment)');
  }
  for (const [name, f] of PARTS.has('throughput') ? chosen : []) {
    const paths = times.filter((_, i) => i % f.every === 0).map((t) => `${f.ism ?? ism}/${f.seg(t)}`);
    const ts = name.startsWith('hls-ts');
    if (!ts) await throughputOf(o, name, paths);
    if (ts) {
      const hot = paths.slice(0, hotSegmentCount(await fetchBytes(agent, o.port, paths[0]!)));
      for (const p of hot) await fetchBytes(agent, o.port, p);
      await throughputOf(o, `${name}, cache hits (${hot.length})`, hot);
      const uncached = await startOrigin(base, 0);
      await fetchBytes(agent, uncached.port, paths[0]!); // opens the asset
      await throughputOf(uncached, `${name}, no cache`, paths);
      const s = await uncached.stats();
      console.log(`  ${''.padEnd(32)} (that origin's RSS: ${mib(s.rss)}, peak ${mib(s.peakRss)})`);
      uncached.child.send({ type: 'exit' });
    }
  }

  if (PARTS.has('scaling')) {
    console.log(`\nscaling: 1 vs ${WORKERS} origin worker processes on one port, ${scalingConnections} connections, ${SECONDS} s each`);
    for (const [name, f] of chosen.filter(([n]) => /hls-ts 2 s|dash-csf/.test(n))) {
      const paths = times.filter((_, i) => i % f.every === 0).map((t) => `${f.ism ?? ism}/${f.seg(t)}`);
      const runs: Throughput[] = [];
      for (const workers of [1, WORKERS]) {
        const origin = await startOrigin(base, name.startsWith('hls-ts') ? 0 : undefined, workers);
        const a = new Agent({ keepAlive: true, maxSockets: scalingConnections });
        // Every connection opens first, so every worker has its asset opened.
        await Promise.all(Array.from({ length: scalingConnections }, () => fetchBytes(a, origin.port, paths[0]!)));
        a.destroy();
        const shares = CORE_SHARE === undefined ? undefined : await confineEach(origin.workerPids, CORE_SHARE);
        const confined = CORE_SHARE === undefined ? '' : ` (${CORE_SHARE} core each)`;
        const r = await throughputOf(origin, `${name}, ${workers} worker${workers > 1 ? 's' : ''}${confined}`, paths, scalingConnections);
        runs.push(r);
        await new Promise((resolve) => {
          origin.child.once('exit', resolve);
          origin.child.send({ type: 'exit' });
        });
        await shares?.release();
      }
      const [one, many] = [runs[0]!, runs[1]!];
      console.log(
        `  ${name}: ${WORKERS} workers = ${(many.perSecond / one.perSecond).toFixed(2)}× one worker (segments/s, wall clock), using ${many.originCores.toFixed(2)} cores vs ${one.originCores.toFixed(2)}; per origin-CPU-second ${(many.perCpuSecond / one.perCpuSecond).toFixed(2)}×`,
      );
      console.log(
        `  ${''.padEnd(name.length)}  (the load generator took ${many.loadCores.toFixed(2)} of the ${cpus().length} cores: at most ${Math.max(0, cpus().length - many.loadCores).toFixed(2)} were left to the workers)`,
      );
    }
  }

  if (SOAK_SECONDS > 0) await soak(o, agent, chosen.map(([, f]) => `${f.ism ?? ism}/${f.manifest}`), chosen.flatMap(([, f]) => times.filter((_, i) => i % f.every === 0).map((t) => `${f.ism ?? ism}/${f.seg(t)}`)));

  const s = await o.stats();
  console.log(
    `\norigin RSS after the run: ${mib(s.rss)}, peak ${mib(s.peakRss)} (heap used ${mib(s.heapUsed)} of ${mib(s.heapTotal)}, external ${mib(s.external)}, of which array buffers ${mib(s.arrayBuffers)})`,
  );
  if (s.rssFile > 0) console.log(`  of the RSS now: ${mib(s.rssAnon)} private, ${mib(s.rssFile)} pages of the node binary and libraries (shared between processes)`);
  printCaches(s);
  agent.destroy();
  o.child.send({ type: 'exit' });
}

/** A sibling folder of hard links to the set's files; `editIsm` rewrites its .ism. */
async function linkedCopy(from: string, name: string, editIsm?: (text: string) => string): Promise<string> {
  const folder = path.join(path.dirname(from), name);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder);
  for (const f of await readdir(from)) {
    if (!f.includes('.')) continue;
    if (editIsm && f.endsWith('.ism')) await writeFile(path.join(folder, f), editIsm(await readFile(path.join(from, f), 'utf8')));
    else await link(path.join(from, f), path.join(folder, f));
  }
  return folder;
}

const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;

function printCaches(s: Stats): void {
  const caches = Object.entries(s.caches).map(([k, v]) => `${k} ${k.startsWith('open ') ? v : mib(v)}`);
  if (caches.length > 0) console.log(`origin caches and pools: ${caches.join(', ')}`);
}

interface Usage {
  cpuUserUs: number;
  cpuSystemUs: number;
  peakRss: number;
}

/** What a throughput run loads: URL paths on one origin (scheme://host:port), fetched in turn. */
interface Load {
  readonly base: string;
  readonly paths: readonly string[];
  readonly connections: number;
}

/**
 * CONNECTIONS keep-alive connections fetching for SECONDS (wrk, or the Node client); the origin's CPU
 * time over the run → segments per CPU-second. The load generator's own CPU share is printed too:
 * on two cores, what it takes is not there for the origin.
 */
interface Throughput {
  readonly perSecond: number;
  readonly perCpuSecond: number;
  /** Cores the origin used (its CPU time over the wall time), and the load generator. */
  readonly originCores: number;
  readonly loadCores: number;
}

async function throughput(label: string, load: Load, usage: () => Promise<Usage>): Promise<Throughput> {
  const before = await usage();
  const run = LOAD === 'wrk' ? await runWrk(load.base, load.paths, SECONDS, load.connections, Math.min(load.connections, cpus().length)) : await nodeLoad(load);
  const after = await usage();
  const cpu = (after.cpuUserUs + after.cpuSystemUs - before.cpuUserUs - before.cpuSystemUs) / 1e6;
  const system = (after.cpuSystemUs - before.cpuSystemUs) / 1e6;
  const wall = run.seconds;
  const count = run.requests;
  console.log(
    `  ${label.padEnd(32)} ${(count / wall).toFixed(0)} seg/s, ${(run.bytes / wall / 1e6).toFixed(0)} MB/s, ${(run.bytes / count / 1e6).toFixed(2)} MB/seg, origin CPU ${((cpu / wall) * 100).toFixed(0)} % (${((system / cpu) * 100).toFixed(0)} % in the kernel) → ${(count / cpu).toFixed(0)} seg/s per CPU-second, peak RSS ${mib(after.peakRss)}, latency p50 ${ms(run.p50Ms)} p99 ${ms(run.p99Ms)} ms, ${LOAD} CPU ${((run.cpuSeconds / wall) * 100).toFixed(0)} %, load ${loadavg()[0]!.toFixed(2)}`,
  );
  if (run.errors > 0) console.log(`  ${''.padEnd(32)} ${run.errors} failed requests: these figures are not a result`);
  return { perSecond: count / wall, perCpuSecond: count / cpu, originCores: cpu / wall, loadCores: run.cpuSeconds / wall };
}

/** The Node load generator: the same figures as runWrk, its CPU time being this process's. */
async function nodeLoad(load: Load): Promise<WrkResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: load.connections });
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const latencies: number[] = [];
  let bytes = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: load.connections }, async (_, c) => {
      let i = c;
      while (performance.now() - start < SECONDS * 1000) {
        const t0 = performance.now();
        // Awaited first: `bytes += await …` would read `bytes` before the await and lose the
        // other connections' counts.
        const n = await fetchUrl(agent, load.base + load.paths[i++ % load.paths.length]!).catch(() => (errors++, 0));
        latencies.push(performance.now() - t0);
        bytes += n;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: latencies.length, bytes, seconds, p50Ms: pct(latencies, 50), p99Ms: pct(latencies, 99), errors, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

function throughputOf(origin: Origin, label: string, paths: string[], connections = CONNECTIONS): Promise<Throughput> {
  return throughput(label, { base: `http://127.0.0.1:${origin.port}`, paths, connections }, origin.stats);
}

/** A mixed load (a manifest, then segments, per connection) for SOAK_SECONDS; RSS every 5 s. */
async function soak(o: Origin, agent: Agent, manifests: string[], segments: string[]): Promise<void> {
  console.log(`\nsoak: ${SOAK_SECONDS} s of manifests and segments of every format, ${CONNECTIONS} connections; RSS every 5 s`);
  const start = performance.now();
  let stop = false;
  let count = 0;
  const load = Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, c) => {
      for (let i = c; !stop; i++) {
        await fetchBytes(agent, o.port, i % 8 === 0 ? manifests[i % manifests.length]! : segments[i % segments.length]!);
        count++;
      }
    }),
  );
  const samples: number[] = [];
  while (performance.now() - start < SOAK_SECONDS * 1000) {
    await new Promise((r) => setTimeout(r, 5000));
    const s = await o.stats();
    samples.push(s.rss);
    console.log(`  ${((performance.now() - start) / 1000).toFixed(0).padStart(5)} s  RSS ${mib(s.rss)}  peak ${mib(s.peakRss)}  ${count} requests`);
  }
  stop = true;
  await load;
  const half = Math.floor(samples.length / 2);
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  console.log(`  RSS mean first half ${mib(avg(samples.slice(0, half)))}, second half ${mib(avg(samples.slice(half)))}`);
}

/** CPU time and peak RSS of another origin's processes, from /proc (Linux). */
async function procUsage(pids: number[]): Promise<Usage> {
  let ticks = 0;
  let peak = 0;
  for (const pid of pids) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    const hwm = /VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    peak = Math.max(peak, Number(hwm?.[1] ?? 0) * 1024);
  }
  // Clock ticks are 1/100 s on Linux.
  return { cpuUserUs: ticks * 10_000, cpuSystemUs: 0, peakRss: peak };
}

function fetchUrl(agent: Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`${res.statusCode} ${url}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** --urls FILE: the same throughput and latency runs against another origin's URLs. */
async function foreign(file: string): Promise<void> {
  const urls = (await readFile(file, 'utf8')).split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const pids = (argv.pid ?? '').split(',').filter(Boolean).map(Number);
  const usage = pids.length > 0 ? () => procUsage(pids) : () => Promise.resolve({ cpuUserUs: NaN, cpuSystemUs: 0, peakRss: NaN });
  console.log(`another origin: ${urls.length} URLs from ${file}${pids.length ? `, CPU of pid ${pids.join(',')}` : ' (no --pid: no CPU figures)'}`);
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const u of urls) {
      const t0 = performance.now();
      await fetchUrl(agent, u);
      if (round > 0) latencies.push(performance.now() - t0);
    }
  }
  latencies.sort((a, b) => a - b);
  console.log(`  latency (sequential, keep-alive) p50 ${ms(pct(latencies, 50))} p99 ${ms(pct(latencies, 99))} ms`);
  agent.destroy();
  const bases = new Set(urls.map((u) => new URL(u).origin));
  if (bases.size !== 1) throw new Error(`--urls: every URL must be on one origin (found ${[...bases].join(', ')})`);
  const paths = urls.map((u) => new URL(u)).map((u) => u.pathname + u.search);
  await throughput('throughput', { base: [...bases][0]!, paths, connections: CONNECTIONS }, usage);
}

try {
  if (argv.urls) await foreign(argv.urls);
  else await main();
} finally {
  if (!FROM_SOURCE) await rm(path.dirname(ENTRY), { recursive: true, force: true });
}
