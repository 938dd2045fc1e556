import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openPresentation, type Presentation, type PresentationTrack } from '../../../packaging-core/index.ts';
import { type AbrFixture, abrFixture } from '../../helpers/fixtures.ts';
import { type ProbedStream, probeStreams } from './probe.ts';

let fx: AbrFixture;
let p: Presentation;
const probes = new Map<string, ProbedStream>();

beforeAll(async () => {
  fx = await abrFixture();
  p = await openPresentation(fx.folder, fx.ismName);
  for (const f of [...fx.videoFiles, ...fx.audioFiles]) {
    const [stream] = await probeStreams(f.file);
    probes.set(path.basename(f.file), stream!);
  }
});

function probeOf(t: PresentationTrack): ProbedStream {
  const s = probes.get(path.basename(t.file));
  if (!s) throw new Error(`no probe for ${t.file}`);
  return s;
}

const ticks = (v: number, timescale: number) => Math.round((v * 1e7) / timescale);

describe('openPresentation on the ABR fixture, checked against ffprobe', () => {
  it('lists the rungs by bitrate and the audio in .ism order, with AMS keys and names', () => {
    expect(p.video.map((t) => t.key)).toEqual(['video-900000-video', 'video-500000-video', 'video-250000-video']);
    expect(p.audio.map((t) => t.key)).toEqual(['audio-128000-aac_eng_2_128000', 'audio-128000-aac_fra_2_128000']);
    expect(p.audio.map((t) => t.language)).toEqual(['eng', 'fra']);
    expect(p.fragmentsPerHlsSegment).toBe(3);
    expect(p.version).toMatch(/^[\w-]{16}$/);
  });

  it('every sample: count, sizes, pts/dts and key flags equal ffprobe packets (edit list applied alike)', () => {
    for (const t of [...p.video, ...p.audio]) {
      const probe = probeOf(t);
      expect(t.timescale).toBe(probe.timescale);
      expect(t.samples.count).toBe(probe.packets.length);
      const s = t.samples;
      expect(Array.from(s.sizes)).toEqual(probe.packets.map((k) => k.size));
      expect(Array.from(s.dts)).toEqual(probe.packets.map((k) => k.dts));
      expect(Array.from(s.dts, (d, i) => d + s.cto[i]!)).toEqual(probe.packets.map((k) => k.pts));
      if (t.kind === 'video') expect(Array.from(s.sync, Boolean)).toEqual(probe.packets.map((k) => k.key));
    }
  });

  it('key frame times in ticks equal ffprobe key frame pts after its start offset', () => {
    for (const t of p.video) {
      const probe = probeOf(t);
      const expected = probe.packets.filter((k) => k.key).map((k) => ticks(k.pts - probe.startPts, probe.timescale));
      expect(Array.from(t.fragments.startTicks.subarray(0, -1))).toEqual(expected);
      expect(expected).toEqual([0, 2e7, 4e7, 6e7, 8e7, 10e7, 12e7]);
    }
  });

  it('codec strings, sizes and audio configs agree with ffprobe', () => {
    for (const t of p.video) {
      const probe = probeOf(t);
      const c = t.config;
      if (c.codec !== 'avc1') throw new Error('expected H.264');
      expect([c.width, c.height]).toEqual([probe.width, probe.height]);
      expect(probe.profile).toBe('High');
      expect(c.codecString).toBe(`avc1.6400${probe.level!.toString(16).padStart(2, '0')}`);
      expect(t.frameRate).toBe(30);
    }
    expect(p.video.map((t) => t.config.codecString)).toEqual(['avc1.64001e', 'avc1.640015', 'avc1.64000d']);
    for (const t of p.audio) {
      const probe = probeOf(t);
      expect(t.config).toMatchObject({ codecString: 'mp4a.40.2', sampleRate: probe.sampleRate, channels: probe.channels });
      expect(t.language).toBe(probe.language);
    }
  });

  it('cuts 7 fragments, the last 1 s; audio has the same count and covers the same spans', () => {
    for (const t of p.video) {
      expect(t.fragments.firstSample.length).toBe(8);
      expect(t.fragments.startTicks[7]! - t.fragments.startTicks[6]!).toBe(1e7);
    }
    const video = p.video[0]!.fragments.startTicks;
    for (const a of p.audio) {
      const f = a.fragments;
      expect(f.firstSample.length).toBe(8);
      expect(f.firstSample[7]).toBe(a.samples.count);
      for (let i = 1; i < 7; i++) {
        // Starts at the first AAC frame at or after the video boundary: within one frame (21.3 ms) of it.
        expect(f.startTicks[i]! - video[i]!).toBeGreaterThanOrEqual(0);
        expect(f.startTicks[i]! - video[i]!).toBeLessThan(ticks(1024, 48000));
        const s = f.firstSample[i]!;
        expect(ticks(a.samples.dts[s - 1]!, 48000)).toBeLessThan(video[i]!);
      }
      expect(Math.abs(f.startTicks[7]! - video[7]!)).toBeLessThan(ticks(1024, 48000));
    }
    expect(p.durationTicks).toBe(Math.max(...[...p.video, ...p.audio].map((t) => t.fragments.startTicks.at(-1)!)));
  });
});
