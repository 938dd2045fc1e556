/**
 * The bench's throughput load generator: wrk (C, one epoll loop a thread), the load tool of the
 * issue's nginx-vod anchor runs. It costs the shared 2-core machine far less CPU per request than a
 * Node client, so more of the cores are left to the origin under test — which is what a scaling
 * figure on two cores needs. wrk rotates over the given paths (a Lua request() hook) and reports
 * through a Lua done() hook, as JSON, so nothing here parses wrk's human output.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface WrkResult {
  readonly requests: number;
  readonly bytes: number;
  readonly seconds: number;
  /** Latency percentiles as wrk measures them (request written → response read), ms. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Connect/read/write/timeout errors and non-2xx/3xx answers: a figure with any is not a result. */
  readonly errors: number;
  /** wrk's own user + system CPU time (the load generator's share of the machine), s. */
  readonly cpuSeconds: number;
}

/** wrk on PATH (Debian: `apt-get install wrk`), or null. */
export function wrkPath(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() || null : null;
}

const luaString = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** The Lua script: paths in turn (each connection starts at its own offset), a JSON line at the end. */
function script(paths: readonly string[]): string {
  return `
local paths = { ${paths.map(luaString).join(', ')} }
local i = 0
function init(args) i = math.random(#paths) end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_JSON {"requests":%d,"bytes":%d,"us":%d,"p50":%d,"p99":%d,"errors":%d}\\n',
    summary.requests, summary.bytes, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
`;
}

/**
 * Runs wrk against `origin` (scheme://host:port) over `paths` for `seconds`, with `connections`
 * keep-alive connections on `threads` threads.
 */
export async function runWrk(origin: string, paths: readonly string[], seconds: number, connections: number, threads = 1): Promise<WrkResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-wrk-'));
  try {
    const lua = path.join(dir, 'rotate.lua');
    await writeFile(lua, script(paths));
    // bash's `time` gives wrk's CPU time (Node has no getrusage for children).
    const args = ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '10s', '-s', lua, origin];
    const child = spawn('bash', ['-c', 'TIMEFORMAT="WRK_CPU %U %S"; time wrk "$@"', 'bash', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const json = /WRK_JSON (\{.*\})/.exec(out);
    const cpu = /WRK_CPU ([\d.]+) ([\d.]+)/.exec(err);
    if (code !== 0 || !json || !cpu) throw new Error(`wrk failed (exit ${code}): ${(err || out).trim().slice(0, 500)}`);
    const r = JSON.parse(json[1]!) as { requests: number; bytes: number; us: number; p50: number; p99: number; errors: number };
    return {
      requests: r.requests,
      bytes: r.bytes,
      seconds: r.us / 1e6,
      p50Ms: r.p50 / 1000,
      p99Ms: r.p99 / 1000,
      errors: r.errors,
      cpuSeconds: Number(cpu[1]) + Number(cpu[2]),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
