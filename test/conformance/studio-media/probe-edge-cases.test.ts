import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProbeError, probeFile } from '../../../electron/studio/media/probe.ts';
import { ffmpegBin, mustRun } from '../../helpers/run-process.ts';

let dir: string;
let faststart: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'probe-edge-'));
  faststart = path.join(dir, 'faststart.mp4');
  await mustRun(ffmpegBin(), [
    '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=25:d=4', '-f', 'lavfi', '-i', 'sine=d=4',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-movflags', '+faststart', '-y', faststart,
  ]);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const reasonOf = (p: Promise<unknown>): Promise<string | undefined> => p.then(() => undefined, (e: unknown) => (e instanceof ProbeError ? e.reason : String(e)));

describe('probeFile edge cases', () => {
  it('reads names starting with "-" and containing ":"', async () => {
    const odd = path.join(dir, '-clip:1 été.mp4');
    await copyFile(faststart, odd);
    const info = await probeFile(odd);
    expect(info.video).toMatchObject({ codec: 'h264', displayWidth: 320, displayHeight: 240, frameRate: 25 });
    expect(info.audio).toHaveLength(1);
  });

  it('keeps a cut faststart MP4 with a warning and the playable length', async () => {
    const bytes = await readFile(faststart);
    const cut = path.join(dir, 'cut.mp4');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const info = await probeFile(cut);
    expect(info.durationSec).toBeCloseTo(4, 0);
    expect(info.truncated).toBeDefined();
    expect(info.truncated!.playableSec).toBeGreaterThan(1);
    expect(info.truncated!.playableSec).toBeLessThan(3.5);
    expect(info.warnings[0]).toMatch(/File is incomplete: only about \d\.\d s of 4\.0 s/);
  });

  it('fails a cut moov-at-end MP4 as truncated', async () => {
    const moovEnd = path.join(dir, 'moovend.mp4');
    await mustRun(ffmpegBin(), ['-v', 'error', '-i', faststart, '-c', 'copy', '-y', moovEnd]);
    const bytes = await readFile(moovEnd);
    const cut = path.join(dir, 'moovend-cut.mp4');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await reasonOf(probeFile(cut))).toBe('truncated');
  });

  it('detects interlacing from field_order', async () => {
    const interlaced = path.join(dir, 'interlaced.mp4');
    await mustRun(ffmpegBin(), [
      '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=50:d=1', '-vf', 'tinterlace=interleave_top,fieldorder=tff',
      '-flags', '+ildct+ilme', '-c:v', 'libx264', '-preset', 'ultrafast', '-y', interlaced,
    ]);
    const info = await probeFile(interlaced);
    expect(info.video?.interlaced).toBe(true);
    expect(info.warnings.join('\n')).toMatch(/Interlaced/);
  });

  it('names missing, empty and non-media files', async () => {
    expect(await reasonOf(probeFile(path.join(dir, 'missing.mp4')))).toBe('not-found');
    const empty = path.join(dir, 'empty.mp4');
    await writeFile(empty, '');
    expect(await reasonOf(probeFile(empty))).toBe('empty');
    const text = path.join(dir, 'notes.mp4');
    await writeFile(text, 'just some text, not a movie\n'.repeat(50));
    expect(await reasonOf(probeFile(text))).toBe('not-media');
  });
});
