/**
 * An ffmpeg must not outlive a killed studio (an encode would keep a core busy for an hour and write
 * into a staging folder nobody reads). While it runs, its PID and exact command line are recorded in a
 * file in the library's tmp/; the next start stops every recorded process that is still alive and is
 * still that same ffmpeg command (a PID reused by another program is left alone), before recovery
 * removes tmp/.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const SUFFIX = '.ffmpeg-pid.json';

interface PidRecord {
  readonly pid: number;
  readonly argv: readonly string[];
}

/** The record file of a job's ffmpeg: `<tmpDir>/<name>.ffmpeg-pid.json`. */
export function ffmpegPidFile(tmpDir: string, name: string): string {
  return path.join(tmpDir, `${name}${SUFFIX}`);
}

export function recordFfmpegPid(file: string, pid: number, argv: readonly string[]): void {
  writeFileSync(file, JSON.stringify({ pid, argv } satisfies PidRecord));
}

export function forgetFfmpegPid(file: string): void {
  rmSync(file, { force: true });
}

/** The live command line of a process, or null when it is gone or cannot be read. */
async function commandLine(pid: number): Promise<string[] | null> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((a, i, all) => a !== '' || i < all.length - 1);
  } catch {
    // No /proc (macOS): ps prints the arguments joined by spaces.
    return new Promise((resolve) =>
      execFile('ps', ['-o', 'args=', '-p', String(pid)], { timeout: 5000 }, (err, stdout) => resolve(err || !stdout.trim() ? null : [stdout.trim()])),
    );
  }
}

function sameCommand(live: readonly string[], recorded: readonly string[]): boolean {
  if (live.length === 1 && recorded.length > 1) return live[0] === recorded.join(' ');
  return live.length === recorded.length && live.every((a, i) => a === recorded[i]);
}

/**
 * Stops the ffmpeg processes a previous, killed studio left running; returns their PIDs. Every record
 * is removed. On Windows, where a command line cannot be read without WMI, records are only removed.
 */
export async function stopOrphanedFfmpeg(tmpDir: string): Promise<number[]> {
  let names: string[];
  try {
    names = readdirSync(tmpDir).filter((n) => n.endsWith(SUFFIX));
  } catch {
    return [];
  }
  const stopped: number[] = [];
  for (const name of names) {
    const file = path.join(tmpDir, name);
    try {
      const record = JSON.parse(readFileSync(file, 'utf8')) as PidRecord;
      const exe = path.basename(record.argv[0] ?? '').toLowerCase();
      if (process.platform === 'win32' || !Number.isInteger(record.pid) || record.pid <= 1 || !/^ffmpeg(\.exe)?$/.test(exe)) continue;
      const live = await commandLine(record.pid);
      if (!live || !sameCommand(live, record.argv)) continue;
      process.kill(record.pid, 'SIGKILL');
      stopped.push(record.pid);
    } catch {
      // Unreadable record or the process ended meanwhile: nothing to stop.
    } finally {
      rmSync(file, { force: true });
    }
  }
  return stopped;
}
