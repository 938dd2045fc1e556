import { describe, expect, it } from 'vitest';
import { presentationDelay } from '../../../../packaging-core/fmp4/fragment-timing.ts';
import { buildMediaSegment } from '../../../../packaging-core/fmp4/media-segment.ts';
import type { Body, FileRange } from '../../../../packaging-core/types/body.ts';
import { isFileRange } from '../../../../packaging-core/types/body.ts';
import type { PresentationTrack } from '../../../../packaging-core/types/media.ts';
import { child, path, readBoxes } from '../mp4/read-boxes.ts';
import { audioTrack, videoTrack } from './synthetic-track.ts';

function headerOf(body: Body): Uint8Array {
  const head = body.parts[0];
  if (!(head instanceof Uint8Array)) throw new Error('the body must start with the header bytes');
  return head;
}

function rangesOf(body: Body): FileRange[] {
  return body.parts.slice(1).filter(isFileRange);
}

function u32(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(at);
}

interface TrunEntry {
  duration: number;
  size: number;
  flags?: number;
  cto?: number;
}

function readTrun(payload: Uint8Array): { flags: number; dataOffset: number; entries: TrunEntry[] } {
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const flags = v.getUint32(0) & 0xffffff;
  expect(v.getUint8(0)).toBe(1);
  const count = v.getUint32(4);
  const dataOffset = v.getInt32(8);
  const entries: TrunEntry[] = [];
  let at = 12;
  for (let i = 0; i < count; i++) {
    const e: TrunEntry = { duration: v.getUint32(at), size: v.getUint32(at + 4) };
    at += 8;
    if (flags & 0x400) {
      e.flags = v.getUint32(at);
      at += 4;
    }
    if (flags & 0x800) {
      e.cto = v.getInt32(at);
      at += 4;
    }
    entries.push(e);
  }
  return { flags, dataOffset, entries };
}

function samplesOf(track: PresentationTrack, i: number): number[] {
  const out = [];
  for (let s = track.fragments.firstSample[i]!; s < track.fragments.firstSample[i + 1]!; s++) out.push(s);
  return out;
}

describe('fmp4 media segments', () => {
  it('CMAF: styp, moof(mfhd, traf(tfhd, tfdt, trun)), mdat header; data offset points at the first sample', () => {
    const track = videoTrack();
    const body = buildMediaSegment(track, 2, 'cmaf');
    const head = headerOf(body);
    const boxes = readBoxes(head.subarray(0, head.length - 8));
    expect(boxes.map((b) => b.type)).toEqual(['styp', 'moof']);
    const moof = child(boxes, 'moof');
    expect(moof.children.map((b) => b.type)).toEqual(['mfhd', 'traf']);
    expect(u32(child(moof, 'mfhd').payload, 4)).toBe(3);
    const traf = child(moof, 'traf');
    expect(traf.children.map((b) => b.type)).toEqual(['tfhd', 'tfdt', 'trun']);
    expect(u32(child(traf, 'tfhd').payload, 0)).toBe(0x020000); // default-base-is-moof
    const { dataOffset, entries } = readTrun(child(traf, 'trun').payload);
    const mdatAt = head.length - 8;
    expect(Buffer.from(head.subarray(mdatAt + 4)).toString('latin1')).toBe('mdat');
    expect(moof.start + dataOffset).toBe(head.length); // first payload byte follows the mdat header
    const indices = samplesOf(track, 2);
    expect(entries.map((e) => e.size)).toEqual(indices.map((s) => track.samples.sizes[s]));
    expect(entries.map((e) => e.flags)).toEqual(
      indices.map((s) => (track.samples.sync[s] ? 0x02000000 : 0x01010000)),
    );
    const payload = entries.reduce((n, e) => n + e.size, 0);
    expect(u32(head, mdatAt)).toBe(payload + 8);
    expect(body.length).toBe(head.length + payload);
  });

  it('coalesces adjacent samples into one range and splits at gaps', () => {
    const contiguous = buildMediaSegment(videoTrack(), 1, 'csf');
    const ranges = rangesOf(contiguous);
    expect(ranges).toHaveLength(1);
    const track = videoTrack();
    const [firstSample, endSample] = [60, 120];
    expect(ranges[0]).toEqual({
      path: '/media/video.mp4',
      offset: track.samples.offsets[firstSample],
      length: track.samples.offsets[endSample]! - track.samples.offsets[firstSample]!,
    });

    const gappy = videoTrack({ gapEvery: 25, file: '/media/interleaved.mp4' });
    const split = rangesOf(buildMediaSegment(gappy, 1, 'csf'));
    // Gaps after samples 74, 99: three runs [60,75) [75,100) [100,120).
    expect(split.map((r) => r.length)).toEqual([
      gappy.samples.offsets[74]! + gappy.samples.sizes[74]! - gappy.samples.offsets[60]!,
      gappy.samples.offsets[99]! + gappy.samples.sizes[99]! - gappy.samples.offsets[75]!,
      gappy.samples.offsets[119]! + gappy.samples.sizes[119]! - gappy.samples.offsets[100]!,
    ]);
    expect(split.every((r) => r.path === '/media/interleaved.mp4')).toBe(true);
    const total = split.reduce((n, r) => n + r.length, 0);
    expect(total).toBe(Array.from(gappy.samples.sizes.subarray(60, 120)).reduce((a, b) => a + b, 0));
  });

  it('CSF has no styp; HLS CMAF has one without the DASH brand', () => {
    const csf = readBoxes(headerOf(buildMediaSegment(videoTrack(), 0, 'csf')));
    expect(csf[0]!.type).toBe('moof');
    const hls = readBoxes(headerOf(buildMediaSegment(videoTrack(), 0, 'hls-cmaf')));
    expect(Buffer.from(hls[0]!.payload).toString('latin1')).toBe('cmfs\0\0\0\0cmfscmff');
  });

  it('Smooth: tfxd carries the URL time and duration, sdtp the dependencies, no styp', () => {
    const track = videoTrack();
    const head = headerOf(buildMediaSegment(track, 6, 'smooth'));
    const boxes = readBoxes(head);
    expect(boxes.map((b) => b.type)).toEqual(['moof', 'mdat']);
    const traf = path(boxes, 'moof', 'traf');
    expect(traf.children.map((b) => b.type)).toEqual(['tfhd', 'tfdt', 'trun', 'sdtp', 'uuid']);
    expect(u32(child(traf, 'tfhd').payload, 0)).toBe(0); // data offset from the moof start, no flag needed
    const tfxd = new DataView(child(traf, 'uuid').payload.buffer, child(traf, 'uuid').payload.byteOffset);
    expect(tfxd.getUint8(0)).toBe(1);
    const { startTicks } = track.fragments;
    expect(Number(tfxd.getBigUint64(4))).toBe(startTicks[6]);
    expect(Number(tfxd.getBigUint64(12))).toBe(startTicks[7]! - startTicks[6]!);
    const sdtp = child(traf, 'sdtp').payload.subarray(4);
    expect(sdtp.length).toBe(30); // the short last fragment: 390 - 360 frames
    expect(sdtp[0]).toBe(0x20);
    expect(new Set(sdtp.subarray(1))).toEqual(new Set([0x10]));
  });

  it('audio: default sample flags in tfhd, no per-sample flags, priming as an edit (DASH/HLS) or a negative offset (Smooth)', () => {
    const track = audioTrack();
    const traf = path(
      readBoxes(headerOf(buildMediaSegment(track, 0, 'cmaf')).subarray(0, -8)),
      'moof',
      'traf',
    );
    const tfhdPayload = child(traf, 'tfhd').payload;
    expect(u32(tfhdPayload, 0)).toBe(0x020020);
    expect(u32(tfhdPayload, 4)).toBe(2);
    expect(u32(tfhdPayload, 8)).toBe(0x02000000);
    const { flags, entries } = readTrun(child(traf, 'trun').payload);
    expect(flags & 0x400).toBe(0);
    // The 1024-sample priming (21.33 ms) is the init segment's edit; what is left is 100 ns rounding.
    expect(Math.abs(presentationDelay(track) - 213333)).toBeLessThanOrEqual(1);
    for (const e of entries) expect(e.cto === 0 || e.cto === 1).toBe(true);

    const smooth = path(readBoxes(headerOf(buildMediaSegment(track, 1, 'smooth'))), 'moof', 'traf');
    expect(smooth.children.map((b) => b.type)).toEqual(['tfhd', 'tfdt', 'trun', 'uuid']);
    expect(readTrun(child(smooth, 'trun').payload).entries[0]!.cto).toBe(-213333);
  });

  it('is deterministic and takes the sequence number it is given', () => {
    const a = headerOf(buildMediaSegment(videoTrack(), 3, 'cmaf', 42));
    const b = headerOf(buildMediaSegment(videoTrack(), 3, 'cmaf', 42));
    expect(Buffer.compare(a, b)).toBe(0);
    expect(u32(path(readBoxes(a.subarray(0, -8)), 'moof', 'mfhd').payload, 4)).toBe(42);
  });

  it('builds a 2 s 60 fps fragment header with one trun entry per sample, the same bytes every time', () => {
    // Its speed is measured by npm run bench:hot-paths, not asserted here.
    const track = videoTrack({ frames: 120 * 60, gop: 120, frameDuration: 256 });
    const fragments = track.fragments.firstSample.length - 1;
    expect(fragments).toBe(60);
    for (const i of [0, 1, fragments - 1]) {
      const a = headerOf(buildMediaSegment(track, i, 'cmaf'));
      const trun = readTrun(child(path(readBoxes(a.subarray(0, -8)), 'moof', 'traf'), 'trun').payload);
      expect(trun.entries).toHaveLength(120);
      expect(Buffer.compare(a, headerOf(buildMediaSegment(track, i, 'cmaf')))).toBe(0);
    }
  });
});
