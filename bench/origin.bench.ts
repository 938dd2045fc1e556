/**
 * npm run bench:origin — latency, throughput and memory of the origin on a 60 s 3-rung
 * 1080p/720p/360p set (4.5/2.5/0.8 Mbps, 2 s GOPs, one AAC track). Prints numbers; asserts nothing.
 *
 * - cold: a fresh origin process, first manifest and first segment of a never-opened asset;
 * - warm latency: p50/p99 over sequential requests per format (manifest and segments);
 * - throughput: N keep-alive connections fetching 1080p segments for a few seconds per format,
 *   with the origin's own CPU time (it runs in a child process) → segments/s per core.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { link, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { abrFixture } from '../test/helpers/fixtures.ts';

const LOCATOR = 'b0b0b0b0-0000-4000-8000-000000000001';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);

interface Stats {
  cpuUserUs: number;
  cpuSystemUs: number;
  rss: number;
}

function startOrigin(folders: Record<string, string>): Promise<{ child: ChildProcess; port: number; stats(): Promise<Stats> }> {
  const child = fork(fileURLToPath(new URL('./origin-child.ts', import.meta.url)), [JSON.stringify(folders)], { stdio: 'inherit' });
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

  // Cold: a new process per format, so nothing is parsed or cached yet.
  console.log('\ncold (fresh origin process, never-opened asset)');
  for (const [name, f] of Object.entries(formats)) {
    const o = await startOrigin({ [LOCATOR]: fx.folder });
    const agent = new Agent({ keepAlive: true });
    let t0 = performance.now();
    await fetchBytes(agent, o.port, `${ism}/${f.seg(0)}`);
    const firstSegment = performance.now() - t0;
    t0 = performance.now();
    await fetchBytes(agent, o.port, `${ism}/${f.manifest}`);
    const manifestAfter = performance.now() - t0;
    console.log(`  ${name.padEnd(18)} first segment ${ms(firstSegment)} ms, then manifest ${ms(manifestAfter)} ms`);
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
  console.log('\nnever-opened asset in a warm process (first request of each copy)');
  for (const [i, [name, f]] of Object.entries(formats).entries()) {
    const other = `/${LOCATOR.replace(/1$/, String(i + 2))}/${fx.ismName}`;
    const t0 = performance.now();
    await fetchBytes(agent, o.port, `${other}/${f.seg(0)}`);
    console.log(`  ${name.padEnd(18)} first segment ${ms(performance.now() - t0)} ms`);
  }
  console.log('\nwarm latency (sequential, keep-alive), ms');
  for (const [name, f] of Object.entries(formats)) {
    const manifestTimes: number[] = [];
    const segTimes: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await fetchBytes(agent, o.port, `${ism}/${f.manifest}`);
      manifestTimes.push(performance.now() - t0);
    }
    for (let round = 0; round < 5; round++) {
      for (const t of times.filter((_, i) => i % f.every === 0)) {
        const t0 = performance.now();
        await fetchBytes(agent, o.port, `${ism}/${f.seg(t)}`);
        segTimes.push(performance.now() - t0);
      }
    }
    manifestTimes.sort((a, b) => a - b);
    segTimes.sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(18)} manifest p50 ${ms(pct(manifestTimes, 50))} p99 ${ms(pct(manifestTimes, 99))} | segment p50 ${ms(pct(segTimes, 50))} p99 ${ms(pct(segTimes, 99))}`,
    );
  }

  console.log(`\nthroughput: ${CONNECTIONS} keep-alive connections, ${SECONDS} s per format, 1080p segments`);
  for (const [name, f] of Object.entries(formats)) {
    const paths = times.filter((_, i) => i % f.every === 0).map((t) => `${ism}/${f.seg(t)}`);
    const before = await o.stats();
    const start = performance.now();
    let count = 0;
    let bytes = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async (_, c) => {
        let i = c;
        while (performance.now() - start < SECONDS * 1000) {
          bytes += await fetchBytes(agent, o.port, paths[i++ % paths.length]!);
          count++;
        }
      }),
    );
    const wall = (performance.now() - start) / 1000;
    const after = await o.stats();
    const cpu = (after.cpuUserUs + after.cpuSystemUs - before.cpuUserUs - before.cpuSystemUs) / 1e6;
    console.log(
      `  ${name.padEnd(18)} ${(count / wall).toFixed(0)} seg/s, ${(bytes / wall / 1e6).toFixed(0)} MB/s, origin CPU ${((cpu / wall) * 100).toFixed(0)} % → ${(count / cpu).toFixed(0)} seg/s per core`,
    );
  }
  const s = await o.stats();
  console.log(`\norigin RSS after the run: ${(s.rss / 1048576).toFixed(1)} MiB`);
  agent.destroy();
  o.child.send({ type: 'exit' });
}

await main();
