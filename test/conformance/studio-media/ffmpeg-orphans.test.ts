/**
 * Issue 12, item 8: an ffmpeg orphaned by a killed studio is stopped at the next start. A child Node
 * process runs ffmpeg the way the encoder does (runFfmpeg with a PID record) and is SIGKILLed; ffmpeg
 * survives it; stopOrphanedFfmpeg (called by openStudio before recovery) then stops it — and leaves
 * alone a live process whose PID record does not match its command line.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegPidFile, stopOrphanedFfmpeg } from '../../../electron/studio/media/ffmpeg-orphans.ts';
import { ffmpegBin } from '../../helpers/run-process.ts';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('orphaned ffmpeg', () => {
  let dir = '';
  const spawned: number[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ffmpeg-orphans-'));
  });
  afterAll(async () => {
    for (const pid of spawned) if (alive(pid)) process.kill(pid, 'SIGKILL');
    await rm(dir, { recursive: true, force: true });
  });

  it('an ffmpeg left running by a killed studio is stopped at the next start', async () => {
    const pidFile = ffmpegPidFile(dir, 'job-1');
    const module = new URL('../../../electron/studio/media/ffmpeg-process.ts', import.meta.url).href;
    // -re: real time, so this endless encode uses little CPU while it waits to be stopped.
    const script = `import { runFfmpeg } from ${JSON.stringify(module)};
      await runFfmpeg({ ffmpegPath: ${JSON.stringify(ffmpegBin())}, args: ['-re', '-f', 'lavfi', '-i', 'testsrc2=s=64x36:r=5', '-f', 'null', '-'], pidFile: ${JSON.stringify(pidFile)} });`;
    const studio = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: 'ignore' });
    spawned.push(studio.pid!);
    await until(() => existsSync(pidFile));
    const { pid } = JSON.parse(await readFile(pidFile, 'utf8')) as { pid: number };
    spawned.push(pid);

    studio.kill('SIGKILL');
    await until(() => !alive(studio.pid!));
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(pid)).toBe(true); // the orphan the issue describes

    expect(await stopOrphanedFfmpeg(dir)).toEqual([pid]);
    await until(() => !alive(pid) || isZombie(pid));
    expect(existsSync(pidFile)).toBe(false);
  });

  it('a recorded PID now used by another program is left alone', async () => {
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    spawned.push(other.pid!);
    await writeFile(ffmpegPidFile(dir, 'job-2'), JSON.stringify({ pid: other.pid, argv: [ffmpegBin(), '-i', 'x.mp4', 'y.mp4'] }));
    expect(await stopOrphanedFfmpeg(dir)).toEqual([]);
    expect(alive(other.pid!)).toBe(true);
    expect(existsSync(ffmpegPidFile(dir, 'job-2'))).toBe(false);
    other.kill('SIGKILL');
  });
});

/** A killed orphan is reaped by init, but briefly shows as a zombie. */
function isZombie(pid: number): boolean {
  try {
    return /\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}
