import { describe, expect, it } from 'vitest';
import { planLadder } from '../../../../electron/studio/encoding/ladder.ts';
import { checkOutputs } from '../../../../electron/studio/encoding/output-checks.ts';
import { builtInPreset } from '../../../../electron/studio/encoding/presets.ts';
import type { ProbedOutput } from '../../../../electron/studio/encoding/probe-output.ts';
import { audioStream, mediaInfo, videoStream } from './media-fixtures.ts';

const media = mediaInfo({ durationSec: 13, video: videoStream({ width: 640, height: 360, durationSec: 13 }), audio: [audioStream({ durationSec: 13 })] });
const plan = planLadder(builtInPreset('AdaptiveStreaming'), media);
const keys = [0, 2, 4, 6, 8, 10, 12];

function goodOutputs(): Map<string, ProbedOutput> {
  const m = new Map<string, ProbedOutput>();
  for (const r of plan.video?.rungs ?? []) {
    m.set(r.fileName, { file: r.fileName, sizeBytes: 1000, durationSec: 13, video: { kind: 'video', durationSec: 13, bitrate: r.kbps * 1000 }, audio: [], keyframesSec: keys });
  }
  for (const a of plan.audio) {
    if (a.fileName) m.set(a.fileName, { file: a.fileName, sizeBytes: 1000, durationSec: 13.02, video: null, audio: [{ kind: 'audio', durationSec: 13.02, bitrate: 128_000 }], keyframesSec: [] });
  }
  return m;
}

describe('checkOutputs', () => {
  it('passes a complete, aligned set', () => {
    expect(plan.outputFiles).toHaveLength(4);
    expect(checkOutputs(plan, media, goodOutputs())).toEqual([]);
  });

  it('a short output means the source ends early, with where it ends and ffmpeg\'s reason', () => {
    const outs = goodOutputs();
    for (const [name, o] of outs) outs.set(name, { ...o, durationSec: 6.5, video: o.video && { ...o.video, durationSec: 6.5 } });
    expect(() => checkOutputs(plan, media, outs, ['[NULL @ 0x55fc2ed32d80] [error] Invalid NAL unit size (29844 > 18907).'])).toThrow(
      /source ends early: its video stops at 6\.5 s of the 13\.0 s.*incomplete or damaged.*reported: "Invalid NAL unit size \(29844 > 18907\)\."/,
    );
  });

  it('tolerates a frame of difference and AAC priming', () => {
    const outs = goodOutputs();
    for (const [name, o] of outs) {
      outs.set(name, { ...o, video: o.video && { ...o.video, durationSec: 12.967 }, audio: o.audio.map((a) => ({ ...a, durationSec: 12.95 })) });
    }
    expect(checkOutputs(plan, media, outs)).toEqual([]);
  });

  it('rejects empty or missing outputs and misaligned keyframes', () => {
    const name = plan.video?.rungs[1]?.fileName ?? '';
    const empty = goodOutputs();
    empty.set(name, { ...(empty.get(name) as ProbedOutput), sizeBytes: 0 });
    expect(() => checkOutputs(plan, media, empty)).toThrow(/is empty/);
    const missing = goodOutputs();
    missing.delete(name);
    expect(() => checkOutputs(plan, media, missing)).toThrow(/did not write/);
    const shifted = goodOutputs();
    shifted.set(name, { ...(shifted.get(name) as ProbedOutput), keyframesSec: [0, 2, 4.5, 6, 8, 10, 12] });
    expect(() => checkOutputs(plan, media, shifted)).toThrow(/not GOP aligned.*from 4\.0 s/);
  });

  it('copy: rejects GOPs longer than 6 s', () => {
    const copyPlan = planLadder(builtInPreset('CopyAllBitrateNonInterleaved'), media);
    const outs = new Map<string, ProbedOutput>();
    const [v, a] = copyPlan.copies;
    outs.set(v?.fileName ?? '', { file: 'v', sizeBytes: 1, durationSec: 13, video: { kind: 'video', durationSec: 13, bitrate: 1 }, audio: [], keyframesSec: [0, 10] });
    outs.set(a?.fileName ?? '', { file: 'a', sizeBytes: 1, durationSec: 13, video: null, audio: [{ kind: 'audio', durationSec: 13, bitrate: 1 }], keyframesSec: [] });
    expect(() => checkOutputs(copyPlan, media, outs)).toThrow(/not GOP aligned for streaming: 10\.0 s between keyframes at 0\.0 s.*AdaptiveStreaming/);
    outs.set(v?.fileName ?? '', { file: 'v', sizeBytes: 1, durationSec: 13, video: { kind: 'video', durationSec: 13, bitrate: 1 }, audio: [], keyframesSec: [0, 4, 8, 12] });
    expect(checkOutputs(copyPlan, media, outs)).toEqual([]);
  });
});
