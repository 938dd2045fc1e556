import { describe, expect, it } from 'vitest';
import { buildEncodeArgs } from '../../../../electron/studio/encoding/ffmpeg-args.ts';
import { planLadder } from '../../../../electron/studio/encoding/ladder.ts';
import { builtInPreset } from '../../../../electron/studio/encoding/presets.ts';
import { codecOfEncoder, isVideoEncoderName, VIDEO_ENCODERS, type VideoEncoderName } from '../../../../electron/studio/encoding/video-encoder-names.ts';
import { encoderInputArgs, levelIdc, videoEncoderArgs } from '../../../../electron/studio/encoding/video-encoders.ts';
import type { PlannedRung, PlannedVideo } from '../../../../electron/studio/encoding/encode-plan.ts';
import { mediaInfo } from './media-fixtures.ts';

const media = mediaInfo({ file: '/in/clip.mov' });
const PRESET_OF = { h264: 'AdaptiveStreaming', h265: 'H265AdaptiveStreaming', av1: 'AV1AdaptiveStreaming' } as const;
const planFor = (videoEncoder: VideoEncoderName) => planLadder(builtInPreset(PRESET_OF[codecOfEncoder(videoEncoder)]), media, { zscale: false, videoEncoder });
const video = (planFor('libx264').video ?? null) as PlannedVideo;
const top = video.rungs[0] as PlannedRung;
const baseline: PlannedRung = { ...top, profile: 'baseline', level: '3.0' };
const H264_ENCODERS = VIDEO_ENCODERS.filter((e) => codecOfEncoder(e) === 'h264');
const HEVC_ENCODERS = VIDEO_ENCODERS.filter((e) => codecOfEncoder(e) === 'h265');

/** The option → value pairs of an args list (every flag here takes one value). */
function options(args: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) map.set(args[i] ?? '', args[i + 1] ?? '');
  return map;
}
const argsOf = (e: VideoEncoderName, r: PlannedRung = top) => options(videoEncoderArgs(e, video, r));

describe('videoEncoderArgs: the same rung settings for every encoder', () => {
  it.each(H264_ENCODERS)('%s: codec, capped VBR, GOP, forced keyframes every 2 s, profile, level, B-frames', (e) => {
    const o = argsOf(e);
    expect(o.get('-c:v')).toBe(e);
    expect(o.get('-b:v')).toBe(`${top.kbps}k`);
    expect(o.get('-maxrate')).toBe(`${top.maxrateKbps}k`);
    expect(o.get('-bufsize')).toBe(`${top.bufsizeKbps}k`);
    expect(o.get('-g')).toBe(`${video.gopFrames}`);
    expect(o.get('-force_key_frames')).toBe('expr:gte(t,n_forced*2)');
    expect(o.get('-profile:v')).toBe('high');
    expect(o.get('-level:v')).toBe(e === 'libx264' ? top.level : `${levelIdc(top.level)}`);
    expect(o.get('-bf')).toBe('3');
    // Every flag is followed by a value: no flag swallowed as another's value.
    expect(videoEncoderArgs(e, video, top).filter((_, i) => i % 2 === 0).every((f) => f.startsWith('-'))).toBe(true);
  });

  it.each(H264_ENCODERS)('%s: Baseline rungs get no B-frames', (e) => {
    expect(argsOf(e, baseline).get('-bf')).toBe('0');
  });

  it.each(HEVC_ENCODERS.filter((e) => e !== 'libx265'))('%s: HEVC Main in hvc1, capped VBR, GOP, forced keyframes every 2 s', (e) => {
    const plan = planFor(e).video!;
    const o = options(videoEncoderArgs(e, plan, plan.rungs[0]!));
    expect([o.get('-c:v'), o.get('-profile:v'), o.get('-tag:v')]).toEqual([e, 'main', 'hvc1']);
    expect([o.get('-b:v'), o.get('-maxrate'), o.get('-g'), o.get('-force_key_frames')]).toEqual([
      `${plan.rungs[0]!.kbps}k`, `${plan.rungs[0]!.maxrateKbps}k`, `${plan.gopFrames}`, 'expr:gte(t,n_forced*2)',
    ]);
  });

  it('libx265: closed GOPs (open-gop=0), no scene cuts, hvc1, x265 preset from the complexity', () => {
    const plan = planFor('libx265').video!;
    const args = videoEncoderArgs('libx265', plan, plan.rungs[0]!);
    const o = options(args);
    expect(plan.codec).toBe('h265');
    expect([o.get('-c:v'), o.get('-profile:v'), o.get('-tag:v'), o.get('-preset')]).toEqual(['libx265', 'main', 'hvc1', 'veryfast']);
    expect(o.get('-x265-params')).toBe('open-gop=0:scenecut=0:bframes=3:log-level=error');
    expect([o.get('-g'), o.get('-keyint_min'), o.get('-b:v')]).toEqual([`${plan.gopFrames}`, `${plan.gopFrames}`, `${plan.rungs[0]!.kbps}k`]);
    expect(plan.rungs.every((r) => r.profile === 'main' && r.level === 'auto')).toBe(true);
  });

  it('libsvtav1: CBR on the low-delay structure (accurate on short titles), no scene-cut key frames', () => {
    const plan = planFor('libsvtav1').video!;
    const o = options(videoEncoderArgs('libsvtav1', plan, plan.rungs[0]!));
    expect([o.get('-c:v'), o.get('-preset'), o.get('-b:v'), o.get('-g')]).toEqual(['libsvtav1', '10', `${plan.rungs[0]!.kbps}k`, `${plan.gopFrames}`]);
    expect(o.get('-svtav1-params')).toBe('scd=0:rc=2:pred-struct=1');
  });

  it('an encoder of another codec than the transform is refused with the codec named', () => {
    expect(() => planLadder(builtInPreset('H265AdaptiveStreaming'), media, { zscale: false, videoEncoder: 'libx264' })).toThrow(
      /H265AdaptiveStreaming encodes H\.265\/HEVC, but the libx264 encoder writes H\.264: choose an H\.265\/HEVC encoder \(libx265/,
    );
  });

  it('libx264: closed GOPs via open-gop=0, no scene-cut keyframes, x264 preset from the complexity', () => {
    const o = argsOf('libx264');
    expect(o.get('-x264-params')).toBe('open-gop=0');
    expect(o.get('-sc_threshold')).toBe('0');
    expect(o.get('-keyint_min')).toBe(`${video.gopFrames}`);
    expect(o.get('-preset')).toBe('veryfast');
  });

  it('h264_nvenc: forced keyframes become IDRs (forced-idr), no scene-cut, VBR rate control, p-presets', () => {
    const o = argsOf('h264_nvenc');
    expect(o.get('-forced-idr')).toBe('1');
    expect(o.get('-no-scenecut')).toBe('1');
    expect(o.get('-rc')).toBe('vbr');
    expect(o.get('-preset')).toMatch(/^p[1-7]$/);
    expect(o.has('-x264-params')).toBe(false);
  });

  it('h264_qsv: closed GOP flag, every I an IDR, no adaptive I frames, its own preset names', () => {
    const o = argsOf('h264_qsv');
    expect(o.get('-flags')).toBe('+cgop');
    expect(o.get('-forced_idr')).toBe('1');
    expect(o.get('-idr_interval')).toBe('0');
    expect(o.get('-adaptive_i')).toBe('0');
    expect(o.get('-preset')).toBe('veryfast');
    expect(argsOf('h264_qsv', baseline).get('-profile:v')).toBe('baseline');
  });

  it('h264_vaapi: VBR rc_mode, closed GOPs, constrained_baseline; device before -i and hwupload per rung', () => {
    const o = argsOf('h264_vaapi');
    expect(o.get('-rc_mode')).toBe('VBR');
    expect(o.get('-flags')).toBe('+cgop');
    expect(o.get('-idr_interval')).toBe('0');
    expect(argsOf('h264_vaapi', baseline).get('-profile:v')).toBe('constrained_baseline');
    expect(encoderInputArgs('h264_vaapi')).toEqual(['-vaapi_device', '/dev/dri/renderD128']);

    const args = buildEncodeArgs(planFor('h264_vaapi'), '/in/clip.mov', '/out');
    expect(args.slice(0, 5)).toEqual(['-y', '-vaapi_device', '/dev/dri/renderD128', '-i', 'file:/in/clip.mov']);
    const graph = args[args.indexOf('-filter_complex') + 1] ?? '';
    expect(graph).toContain('[s0]scale=1920:1080:flags=bicubic,setsar=1,format=nv12,hwupload[v0]');
    expect(graph.match(/hwupload/g)).toHaveLength(6);
  });

  it('h264_videotoolbox: file (not realtime) encoding', () => {
    expect(argsOf('h264_videotoolbox').get('-realtime')).toBe('0');
  });

  it('h264_amf: transcoding usage, peak-constrained VBR with HRD, quality from the complexity', () => {
    const o = argsOf('h264_amf');
    expect(o.get('-usage')).toBe('transcoding');
    expect(o.get('-rc')).toBe('vbr_peak');
    expect(o.get('-enforce_hrd')).toBe('1');
    expect(o.get('-quality')).toBe('speed');
    expect(argsOf('h264_amf', baseline).get('-profile:v')).toBe('constrained_baseline');
  });

  it('software plans keep the same command line as before (no device, no upload)', () => {
    const args = buildEncodeArgs(planFor('libx264'), '/in/clip.mov', '/out');
    expect(args.slice(0, 3)).toEqual(['-y', '-i', 'file:/in/clip.mov']);
    expect(args.join(' ')).not.toContain('hwupload');
    expect(buildEncodeArgs(planLadder(builtInPreset('AdaptiveStreaming'), media), '/in/clip.mov', '/out')).toEqual(args);
  });

  it('every rung of a hardware plan uses the chosen encoder', () => {
    const args = buildEncodeArgs(planFor('h264_nvenc'), '/in/clip.mov', '/out');
    const codecs = args.flatMap((a, i) => (a === '-c:v' ? [args[i + 1]] : []));
    expect(codecs).toEqual(Array(6).fill('h264_nvenc'));
  });
});

describe('levelIdc and names', () => {
  it('maps levels to level_idc', () => {
    expect(levelIdc('4.1')).toBe(41);
    expect(levelIdc('3')).toBe(30);
    expect(levelIdc('5.2')).toBe(52);
    expect(levelIdc('1b')).toBe(9);
    expect(() => levelIdc('x')).toThrow(/Invalid H.264 level/);
  });

  it('knows the H.264, HEVC and AV1 encoders', () => {
    expect(H264_ENCODERS).toEqual(['libx264', 'h264_nvenc', 'h264_qsv', 'h264_vaapi', 'h264_videotoolbox', 'h264_amf']);
    expect(HEVC_ENCODERS).toEqual(['libx265', 'hevc_nvenc', 'hevc_qsv', 'hevc_vaapi', 'hevc_videotoolbox', 'hevc_amf']);
    expect(isVideoEncoderName('hevc_nvenc')).toBe(true);
    expect(isVideoEncoderName('libsvtav1')).toBe(true);
    expect(isVideoEncoderName('av1_nvenc')).toBe(false);
  });
});
