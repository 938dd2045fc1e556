/**
 * A video asset with CEA-608 captions inside its H.264 (ATSC A/53 SEI, `GA94`), as broadcast
 * mezzanines and ffmpeg encodes of them carry: ffmpeg 5.1 cannot write such SEI from a caption file, so
 * the fixture writes them itself into an x264 Annex B stream (one SEI after each access unit delimiter,
 * one 608 byte pair per frame on field 1, data channel 1 = CC1), then ffmpeg puts the stream in MP4.
 * The caption is a pop-on "HELLO CC1" displayed from frame 10 (1/3 s) to frame 90 (3 s).
 * ffprobe reports the closed captions and ffmpeg's own 608 decoder reads the text back (the test
 * checks both), so the fixture is proven by an independent reader, not by the origin's scanner.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeIsm } from '../../packaging-core/index.ts';
import { cacheRoot } from './fixtures.ts';
import { ffmpegBin, mustRun } from './run-process.ts';

export const CAPTION_TEXT = 'HELLO CC1';
export const CAPTION_SHOWN_MS = 333;
export const CAPTION_CLEARED_MS = 3000;
const FPS = 30;
const SECONDS = 6;

/** Odd parity in bit 7, as every 608 byte carries. */
function parity(byte: number): number {
  let ones = 0;
  for (let b = byte; b; b >>= 1) ones += b & 1;
  return ones % 2 === 0 ? byte | 0x80 : byte;
}

/** The 608 byte pair of each frame: control codes twice (608's redundancy), text, padding elsewhere. */
function pairs(): [number, number][] {
  const text = [...CAPTION_TEXT].map((c) => c.charCodeAt(0));
  if (text.length % 2) text.push(0);
  const script: [number, number][] = [
    [0x14, 0x20], // RCL: resume caption loading (pop-on), channel 1
    [0x14, 0x20],
    [0x14, 0x2e], // ENM: erase non-displayed memory
    [0x14, 0x2e],
  ];
  for (let i = 0; i < text.length; i += 2) script.push([text[i]!, text[i + 1]!]);
  const out: [number, number][] = Array.from({ length: FPS * SECONDS }, () => [0, 0]);
  // Loaded in frames 0–8, shown at frame 10 (EOC), erased at frame 90 (EDM).
  script.forEach((p, i) => (out[i] = p));
  out[10] = [0x14, 0x2f];
  out[11] = [0x14, 0x2f];
  out[90] = [0x14, 0x2c];
  out[91] = [0x14, 0x2c];
  return out.map(([a, b]) => [parity(a), parity(b)]);
}

/** NAL payload bytes with emulation prevention (00 00 0x → 00 00 03 0x for x ≤ 3). */
function escape(payload: number[]): number[] {
  const out: number[] = [];
  let zeros = 0;
  for (const byte of payload) {
    if (zeros >= 2 && byte <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return out;
}

function seiNal([a, b]: [number, number]): Buffer {
  const ccData = [0xc0 | 1, 0xff, 0xfc, a, b, 0xff]; // process_cc_data, 1 triplet; em_data; field 1 valid; marker
  const payload = [0xb5, 0x00, 0x31, 0x47, 0x41, 0x39, 0x34, 0x03, ...ccData];
  return Buffer.from([0, 0, 0, 1, 0x06, ...escape([0x04, payload.length, ...payload, 0x80])]);
}

async function make(folder: string): Promise<void> {
  const work = `${folder}.tmp-${process.pid}-${Date.now()}`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const raw = path.join(work, 'raw.h264');
  await mustRun(ffmpegBin(), [
    '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=${FPS}:duration=${SECONDS}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-bf', '0', '-g', String(FPS * 2), '-keyint_min', String(FPS * 2), '-sc_threshold', '0',
    '-x264-params', 'aud=1', '-pix_fmt', 'yuv420p', '-f', 'h264', raw,
  ]);
  const stream = await readFile(raw);
  // Access units start at their delimiter (00 00 00 01 09): the SEI goes right after it.
  const aud = Buffer.from([0, 0, 0, 1, 0x09]);
  const parts: Buffer[] = [];
  const cc = pairs();
  let frame = 0;
  let from = 0;
  for (let at = stream.indexOf(aud); at >= 0; at = stream.indexOf(aud, at + aud.length)) {
    if (at > from) parts.push(stream.subarray(from, at));
    parts.push(stream.subarray(at, at + aud.length + 1)); // the AUD and its primary_pic_type byte
    parts.push(seiNal(cc[frame++] ?? [0x80, 0x80]));
    from = at + aud.length + 1;
  }
  parts.push(stream.subarray(from));
  const captioned = path.join(work, 'captioned.h264');
  await writeFile(captioned, Buffer.concat(parts));
  await mustRun(ffmpegBin(), ['-v', 'error', '-framerate', String(FPS), '-f', 'h264', '-i', captioned, '-c', 'copy', '-movflags', '+faststart', path.join(work, 'video_cc.mp4')]);
  await rm(raw);
  await rm(captioned);
  await writeFile(
    path.join(work, 'cc.ism'),
    writeIsm({ tracks: [{ kind: 'video', src: 'video_cc.mp4', bitrate: 300_000, trackId: 1, trackName: 'video', language: 'eng' }] }),
  );
  try {
    await rename(work, folder);
  } catch (err) {
    await rm(work, { recursive: true, force: true });
    if (!existsSync(folder)) throw err;
  }
}

/** The folder of the captioned asset (`cc.ism`, `video_cc.mp4`), made once per machine. */
export async function cea608Fixture(): Promise<{ folder: string; ismName: string; video: string }> {
  const folder = path.join(cacheRoot(), 'cea608-v1');
  if (!existsSync(path.join(folder, 'cc.ism'))) {
    await mkdir(cacheRoot(), { recursive: true });
    await make(folder);
  }
  return { folder, ismName: 'cc.ism', video: path.join(folder, 'video_cc.mp4') };
}
