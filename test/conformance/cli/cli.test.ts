/**
 * `origin-studio` as a real process (node electron/cli.ts): the demo serves six formats and stops
 * cleanly on SIGINT; failures exit 1 with one line; a kill -9 mid-encode leaves a consistent library.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegBin, mustRun, runProcess } from '../../helpers/run-process.ts';

const cli = new URL('../../../electron/cli.ts', import.meta.url).pathname;
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cli-conf-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function start(args: string[]): { child: ChildProcess; lines: AsyncIterator<string>; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return { child, lines, exit, stderr: () => stderr };
}

async function nextLine(p: ReturnType<typeof start>): Promise<string> {
  const r = await p.lines.next();
  if (r.done) throw new Error(`the command ended without output; stderr: ${p.stderr()}`);
  return r.value;
}

/** The process ids below `pid` (ffmpeg under the CLI), to stop orphans a kill -9 leaves. */
async function childrenOf(pid: number): Promise<number[]> {
  const r = await runProcess('ps', ['-o', 'pid=', '--ppid', String(pid)]);
  return r.stdout.toString().split(/\s+/).filter(Boolean).map(Number);
}

describe('origin-studio command', () => {
  it('demo --json prints one line of URLs, serves all six formats, and exits 0 on SIGINT', async () => {
    const demo = start(['demo', '--json', '--duration', '4', '--size', '640x360', '--port', '0']);
    const line = await nextLine(demo);
    const printed = JSON.parse(line) as { locatorId: string; urls: Record<string, string>; download: string[] };
    expect(Object.keys(printed.urls).sort()).toEqual(['dash-cmaf', 'dash-csf', 'hls-cmaf', 'hls-v3', 'hls-v4', 'smooth']);
    expect(printed.download).toEqual([]);
    const types: Record<string, RegExp> = {
      'hls-v4': /mpegurl/,
      'hls-v3': /mpegurl/,
      'hls-cmaf': /mpegurl/,
      'dash-csf': /dash\+xml/,
      'dash-cmaf': /dash\+xml/,
      smooth: /vnd\.ms-sstr\+xml/,
    };
    for (const [key, url] of Object.entries(printed.urls)) {
      expect(url).toContain(printed.locatorId);
      const res = await fetch(url);
      expect(res.status, key).toBe(200);
      expect(res.headers.get('content-type'), key).toMatch(types[key] ?? /^$/);
      expect((await res.text()).length, key).toBeGreaterThan(100);
    }
    demo.child.kill('SIGINT');
    expect(await demo.exit).toBe(0);
    await expect(fetch(printed.urls['smooth'] ?? '')).rejects.toThrow();
  });

  it('import of a file that is not media exits 1 with the reason on one line', async () => {
    const library = path.join(dir, 'import-lib');
    const text = path.join(dir, 'readme.mov');
    await writeFile(text, 'not a movie\n'.repeat(50));
    const r = await runProcess(process.execPath, [cli, 'import', text, '--library', library]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/not a video or audio file/);
    const assets = await runProcess(process.execPath, [cli, 'assets', '--json', '--library', library]);
    expect(JSON.parse(assets.stdout.toString())).toEqual([]);
  });

  it('answers usage errors with 64', async () => {
    const r = await runProcess(process.execPath, [cli, 'encode', 'x.mp4']);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/--preset/);
  });

  it('after kill -9 during an encode, a restart finds the job interrupted and no partial files', async () => {
    const library = path.join(dir, 'kill-lib');
    const source = path.join(dir, 'long.mp4');
    await mustRun(ffmpegBin(), [
      '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=640x360:r=30:d=30', '-f', 'lavfi', '-i', 'sine=d=30',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', source,
    ]);
    const encode = start(['encode', source, '--preset', 'AdaptiveStreaming', '--json', '--library', library]);
    let jobId = '';
    for (;;) {
      const event = JSON.parse(await nextLine(encode)) as { type: string; jobId?: string; job?: { id: string }; stage?: string; percent?: number };
      if (event.type === 'queued') jobId = event.job?.id ?? '';
      if (event.type === 'progress' && event.stage === 'encoding' && (event.percent ?? 0) > 3) break;
      if (event.type === 'done') throw new Error('the encode ended before it could be killed');
    }
    const orphans = await childrenOf(encode.child.pid ?? 0);
    expect(encode.child.kill('SIGKILL')).toBe(true);
    await encode.exit;
    for (const pid of orphans) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }

    const jobs = await runProcess(process.execPath, [cli, 'jobs', '--json', '--library', library]);
    expect(jobs.code, jobs.stderr).toBe(0);
    const [job] = JSON.parse(jobs.stdout.toString()) as { id: string; state: string; error: { kind: string; retryable: boolean } | null; outputAssetId: string }[];
    expect(job).toMatchObject({ id: jobId, state: 'Error', error: { kind: 'interrupted', retryable: true } });

    const assets = JSON.parse((await runProcess(process.execPath, [cli, 'assets', '--json', '--library', library])).stdout.toString()) as { id: string; state: string }[];
    expect(assets).toEqual([expect.objectContaining({ id: job?.outputAssetId, state: 'Error' })]);
    expect(existsSync(path.join(library, 'assets', job?.outputAssetId ?? ''))).toBe(false);
    expect(await readdir(path.join(library, 'tmp'))).toEqual([]);
    expect(await readdir(path.join(library, 'assets'))).toEqual([]);

    const db = new DatabaseSync(path.join(library, 'catalog.sqlite'), { readOnly: true });
    try {
      expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    } finally {
      db.close();
    }
  });
});
