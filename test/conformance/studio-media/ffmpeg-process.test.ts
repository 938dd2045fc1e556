import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectCapabilities } from '../../../electron/studio/media/capabilities.ts';
import type { FfmpegProgress } from '../../../electron/studio/media/ffmpeg-process.ts';
import { FfmpegError, runFfmpeg, runFfprobeJson } from '../../../electron/studio/media/ffmpeg-process.ts';
import { resolveFfmpeg, resolveFfprobe } from '../../../electron/studio/media/resolve-tools.ts';

let dir: string;
let ffmpeg: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ffmpeg-process-'));
  ffmpeg = (await resolveFfmpeg()).path;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function processesWith(marker: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(marker) && !l.includes('ps -eo'));
}

describe('runFfmpeg', () => {
  it('encodes a 2 s clip with progress events that reach 100 %', async () => {
    const out = path.join(dir, 'clip.mp4');
    const events: FfmpegProgress[] = [];
    const r = await runFfmpeg({
      ffmpegPath: ffmpeg,
      args: ['-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=30:d=2', '-c:v', 'libx264', '-preset', 'ultrafast', '-movflags', '+faststart', '-y', `file:${out}`],
      durationUs: 2_000_000,
      onProgress: (p) => events.push(p),
    });
    expect(r.canceled).toBe(false);
    expect(r.errorLines).toEqual([]);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ percent: 100, phase: 'finalizing', frame: 60 });
    expect(last.outTimeUs).toBeGreaterThan(1_900_000);
    const probed = (await runFfprobeJson((await resolveFfprobe()).path, ['-show_format', `file:${out}`])) as any;
    expect(Number(probed.format.duration)).toBeCloseTo(2, 1);
  });

  it.each(['sigterm', 'stdin-q'] as const)('cancels mid-way with an AbortSignal (%s): resolves canceled, the process is gone', async (cancelWith) => {
    const ac = new AbortController();
    let pidSeen = false;
    const afterCancel: number[] = [];
    const started = Date.now();
    const r = await runFfmpeg({
      ffmpegPath: ffmpeg,
      // -re paces the input at real time, so the run is surely still going when we cancel.
      args: ['-re', '-f', 'lavfi', '-i', 'testsrc2=s=160x120:r=30:d=60', '-c:v', 'libx264', '-preset', 'ultrafast', '-y', `file:${path.join(dir, `cancel-${cancelWith}.mp4`)}`],
      durationUs: 60_000_000,
      cancelWith,
      onProgress: (p) => {
        if (pidSeen) afterCancel.push(p.percent);
        if (p.outTimeUs > 0 && !pidSeen) {
          pidSeen = true;
          ac.abort();
        }
      },
      signal: ac.signal,
    });
    expect(r.canceled).toBe(true);
    // ffmpeg's final `progress=end` after a cancel is not reported as the job's progress.
    expect(afterCancel).toEqual([]);
    expect(Date.now() - started).toBeLessThan(10_000);
    // The child has been reaped when the promise settles: no ffmpeg of ours is left writing this file.
    expect(processesWith(`cancel-${cancelWith}.mp4`)).toEqual([]);
  });

  it('SIGKILLs a process that ignores the polite stop once the grace period is over', async () => {
    // A stand-in for a hung ffmpeg: it ignores SIGTERM and never exits by itself.
    const stubborn = path.join(dir, 'stubborn-ffmpeg');
    await writeFile(stubborn, "#!/bin/sh\ntrap '' TERM\nwhile :; do sleep 0.05; done\n");
    await chmod(stubborn, 0o755);
    const started = Date.now();
    const r = await runFfmpeg({ ffmpegPath: stubborn, args: [], cancelWith: 'sigterm', killGraceMs: 400, signal: AbortSignal.timeout(200) });
    expect(r.canceled).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('rejects a bad argument with FfmpegError kind failed and the stderr tail', async () => {
    const err = await runFfmpeg({ ffmpegPath: ffmpeg, args: ['-bogus_option', '1', '-f', 'lavfi', '-i', 'testsrc2=d=1', '-f', 'null', '-'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FfmpegError);
    const e = err as FfmpegError;
    expect(e.kind).toBe('failed');
    expect(e.exitCode).not.toBe(0);
    expect(e.stderrTail).toContain("Unrecognized option 'bogus_option'");
    expect(e.message).toContain('ffmpeg failed');
  });

  it('classifies a missing input and an unavailable encoder', async () => {
    const missing = await runFfmpeg({ ffmpegPath: ffmpeg, args: ['-i', `file:${path.join(dir, 'nope.mp4')}`, '-f', 'null', '-'] }).catch((e: unknown) => e);
    expect((missing as FfmpegError).kind).toBe('input-not-found');
    expect((missing as FfmpegError).message).toContain('nope.mp4 does not exist');
    const enc = await runFfmpeg({ ffmpegPath: ffmpeg, args: ['-f', 'lavfi', '-i', 'testsrc2=d=1', '-c:v', 'h264_nonexistent', '-f', 'null', '-'] }).catch((e: unknown) => e);
    expect((enc as FfmpegError).kind).toBe('encoder-unavailable');
  });

  it('reports a kill that is not ours as killed', async () => {
    const marker = 'testsrc2=s=160x120:r=30:d=61';
    let killed = false;
    const err = await runFfmpeg({
      ffmpegPath: ffmpeg,
      args: ['-re', '-f', 'lavfi', '-i', marker, '-f', 'null', '-'],
      onProgress: () => {
        if (killed) return;
        killed = true;
        for (const line of processesWith(marker)) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FfmpegError);
    expect((err as FfmpegError).kind).toBe('killed');
    expect((err as FfmpegError).signal).toBe('SIGKILL');
  });
});

describe('detectCapabilities', () => {
  it('finds libx264 and zscale in the Debian build; hardware trials fail and software remains', async () => {
    const caps = await detectCapabilities(await resolveFfmpeg());
    expect(caps.libx264).toBe(true);
    expect(caps.filters.zscale).toBe(true);
    expect(caps.filters.libvmaf).toBe(false);
    const nvenc = caps.hardware.find((h) => h.encoder === 'h264_nvenc')!;
    expect(nvenc.listed).toBe(true);
    expect(nvenc.usable).toBe(false);
    expect(nvenc.reason).toMatch(/libcuda|capable|nvenc/i);
    expect(caps.hardware.find((h) => h.encoder === 'h264_amf')).toMatchObject({ listed: false, usable: false });
    expect(caps.h264Encoders).toEqual(['libx264']);
    expect(existsSync(caps.ffmpegPath)).toBe(true);
  });
});
