import { describe, expect, it } from 'vitest';
import { buildEncodeArgs } from '../../../../electron/studio/encoding/ffmpeg-args.ts';
import { planLadder } from '../../../../electron/studio/encoding/ladder.ts';
import { builtInPreset } from '../../../../electron/studio/encoding/presets.ts';
import { audioStream, mediaInfo, videoStream } from './media-fixtures.ts';

/** Splits the args into output groups: everything up to and including each `file:` output path. */
function outputs(args: readonly string[]): string[][] {
  const start = args.indexOf('-i') + 2;
  const groups: string[][] = [];
  let current: string[] = [];
  for (const a of args.slice(start)) {
    current.push(a);
    if (a.startsWith('file:')) {
      groups.push(current);
      current = [];
    }
  }
  return groups;
}

const valueOf = (group: readonly string[], flag: string): string | undefined => group[group.indexOf(flag) + 1];
const flagValues = (args: readonly string[], flag: string): string[] => args.flatMap((a, i) => (a === flag ? [args[i + 1] ?? ''] : []));

describe('buildEncodeArgs', () => {
  const media = mediaInfo({
    file: '/in/clip:1 été.mov',
    audio: [audioStream({ index: 1 }), audioStream({ index: 2, language: 'fra' })],
  });
  const plan = planLadder(builtInPreset('AdaptiveStreaming'), media);
  const args = buildEncodeArgs(plan, '/in/clip:1 été.mov', '/out/.encoding-x');

  it('reads and writes through file: with absolute paths', () => {
    expect(args.slice(0, 3)).toEqual(['-y', '-i', 'file:/in/clip:1 été.mov']);
    for (const g of outputs(args)) expect(g.at(-1)).toMatch(/^file:\/out\/\.encoding-x\/clip_1_ete_/);
  });

  it('never uses optional maps, and maps exactly one stream per non-interleaved output', () => {
    expect(args.some((a) => a.includes('?'))).toBe(false);
    const groups = outputs(args);
    expect(groups).toHaveLength(8); // 6 rungs + 2 languages
    for (const g of groups) expect(flagValues(g, '-map')).toHaveLength(1);
    expect(groups.slice(6).map((g) => valueOf(g, '-map'))).toEqual(['0:1', '0:2']);
    expect(groups.slice(6).map((g) => valueOf(g, '-metadata:s:a:0'))).toEqual(['language=eng', 'language=fra']);
  });

  it('decodes once: fps first, then the 8-bit conversion, split, and scale+setsar per rung', () => {
    const graph = valueOf(args, '-filter_complex') ?? '';
    expect(graph.startsWith('[0:0]fps=30000/1001,format=yuv420p,split=6[s0][s1][s2][s3][s4][s5];')).toBe(true);
    expect(graph).toContain('[s0]scale=1920:1080:flags=bicubic,setsar=1[v0]');
    expect(graph).toContain('[s5]scale=320:180:flags=bicubic,setsar=1[v5]');
    expect(flagValues(args, '-filter_complex')).toHaveLength(1);
  });

  it('gives every rung closed, aligned 2 s GOPs and capped VBR', () => {
    const top = outputs(args)[0] ?? [];
    expect(valueOf(top, '-map')).toBe('[v0]');
    expect(top).toContain('-an');
    expect(valueOf(top, '-c:v')).toBe('libx264');
    expect(valueOf(top, '-b:v')).toBe('6780k');
    expect(valueOf(top, '-maxrate')).toBe('7458k');
    expect(valueOf(top, '-bufsize')).toBe('13560k');
    expect(valueOf(top, '-g')).toBe('60');
    expect(valueOf(top, '-keyint_min')).toBe('60');
    expect(valueOf(top, '-sc_threshold')).toBe('0');
    expect(valueOf(top, '-force_key_frames')).toBe('expr:gte(t,n_forced*2)');
    expect(valueOf(top, '-x264-params')).toBe('open-gop=0');
    expect(valueOf(top, '-profile:v')).toBe('high');
    expect(valueOf(top, '-level:v')).toBe('4.0');
    expect(valueOf(top, '-movflags')).toBe('+faststart');
  });

  it('interleaved presets map the first audio into each video output', () => {
    const p = planLadder(builtInPreset('H264MultipleBitrate720p'), mediaInfo({ video: videoStream({ width: 1280, height: 720 }) }));
    const groups = outputs(buildEncodeArgs(p, '/in/a.mp4', '/out'));
    expect(groups).toHaveLength(6);
    for (const g of groups) {
      expect(flagValues(g, '-map')).toEqual([expect.stringMatching(/^\[v\d\]$/), '0:1']);
      expect(valueOf(g, '-c:a')).toBe('aac');
      expect(g).not.toContain('-an');
    }
  });

  it('a single rung needs no split; no audio means no audio output', () => {
    const p = planLadder(builtInPreset('H264SingleBitrate720p'), mediaInfo({ audio: [] }));
    const a = buildEncodeArgs(p, '/in/a.mp4', '/out');
    expect(valueOf(a, '-filter_complex')).toBe('[0:0]fps=30000/1001,format=yuv420p,scale=1280:720:flags=bicubic,setsar=1[v0]');
    expect(outputs(a)).toHaveLength(1);
    expect(a).not.toContain('-c:a');
  });

  it('audio-only plans have no filter graph', () => {
    const p = planLadder(builtInPreset('AdaptiveStreaming'), mediaInfo({ video: null }));
    const a = buildEncodeArgs(p, '/in/a.m4a', '/out');
    expect(a).not.toContain('-filter_complex');
    expect(outputs(a).map((g) => valueOf(g, '-map'))).toEqual(['0:1']);
  });

  it('copy plans copy each stream into its own file', () => {
    const p = planLadder(builtInPreset('CopyAllBitrateNonInterleaved'), media);
    const groups = outputs(buildEncodeArgs(p, '/in/a.mp4', '/out'));
    expect(groups.map((g) => [valueOf(g, '-map'), valueOf(g, '-c')])).toEqual([
      ['0:0', 'copy'],
      ['0:1', 'copy'],
      ['0:2', 'copy'],
    ]);
  });

  it('uses the probed stream indexes, not positional audio specifiers', () => {
    const p = planLadder(builtInPreset('AdaptiveStreaming'), mediaInfo({ video: videoStream({ index: 2 }), audio: [audioStream({ index: 0 })] }));
    const a = buildEncodeArgs(p, '/in/a.mp4', '/out');
    expect(valueOf(a, '-filter_complex')?.startsWith('[0:2]')).toBe(true);
    expect(flagValues(a, '-map')).toContain('0:0');
    expect(a.some((x) => /^0:a/.test(x))).toBe(false);
  });
});
