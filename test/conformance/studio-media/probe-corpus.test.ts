/**
 * Every file of the shared real-world corpus (/work/shared/media-corpus, see its README table) gets the
 * right MediaInfo facts or the right ProbeError. Expected values come from the README's ffprobe column,
 * with the studio's conventions applied: rotation is clockwise (README `rot=-90` → 90), display sizes
 * have SAR and rotation applied and are floored to even numbers, VFR means r and avg differ by > 1 %.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MediaInfo } from '../../../electron/studio/media/media-info.ts';
import { ProbeError, probeFile } from '../../../electron/studio/media/probe.ts';
import { CORPUS } from '../../helpers/corpus.ts';


interface Facts {
  video: { codec: string; size: [number, number]; rotation: number; vfr: boolean; hdr: 'pq' | 'hlg' | null; bitDepth?: number; fps?: number } | null;
  audio: string[]; // languages, in stream order
  durationSec: number;
  otherVideo?: number;
  warning?: RegExp;
}
type Expected = Facts | { error: ProbeError['reason']; message: RegExp };

const v = (codec: string, w: number, h: number, rotation: number, vfr: boolean, hdr: 'pq' | 'hlg' | null = null, extra: { bitDepth?: number; fps?: number } = {}): Facts['video'] => ({
  codec,
  size: [w, h],
  rotation,
  vfr,
  hdr,
  ...extra,
});

const EXPECTED: Record<string, Expected> = {
  'README.md': { error: 'not-media', message: /not a video or audio file/ },
  'DERIVED_remux_h264_aac_deu_eng_two_lang_tracks.mp4': { video: v('h264', 640, 480, 0, true), audio: ['deu', 'eng'], durationSec: 24.442 },
  'DERIVED_remux_heaac_from_ts.m4a': { video: null, audio: ['und'], durationSec: 2.647 },
  'TRUNCATED_by_us_android14_hevc10_faststart_first60pct.mp4': { error: 'truncated', message: /incomplete or damaged \(media data missing.*wait/ },
  'TRUNCATED_by_us_android_4k60_moovend_first50pct.mp4': { error: 'truncated', message: /incomplete or damaged \(index missing\)/ },
  'aac_lc_8khz_mono_fdkaac_priming.m4a': { video: null, audio: ['und'], durationSec: 3.328 },
  'ac3_51_plus_aac_stereo_two_audio_tracks.mp4': { video: null, audio: ['und', 'und'], durationSec: 0.298 },
  'android14_hevc10_hlg_1080p_aac.mp4': { video: v('hevc', 1920, 1080, 0, false, 'hlg', { bitDepth: 10 }), audio: ['eng'], durationSec: 0.3, warning: /HLG/ },
  // Display matrix +90 (counter-clockwise) = 270 clockwise.
  'android_emulator_h264_aac_rot90_moovend.mp4': { video: v('h264', 720, 1280, 270, false), audio: ['eng'], durationSec: 4.972 },
  // r 60 vs avg 60.06 is within the 1 % tolerance (the encoder inserts fps= anyway).
  'android_h264_4k60_portrait_rot-90_vfr_moovend.mp4': { video: v('h264', 2160, 3840, 90, false), audio: ['eng'], durationSec: 0.313 },
  // Two HEVC tracks: the 1440x1080 clip is encoded, the 2-frame 2048x1536 stills track is not.
  'android_motionphoto_2x_hevc_rot90_120fps_vfr.mp4': { video: v('hevc', 1080, 1440, 270, true), audio: [], durationSec: 1.774, otherVideo: 1 },
  'android_slowmo_h264_vfr_videoonly.mp4': { video: v('h264', 1280, 720, 0, true, null, { fps: 13.3 }), audio: [], durationSec: 0.526 },
  'audioonly_two_aac51_tracks.mp4': { video: null, audio: ['und', 'und'], durationSec: 5.013 },
  'av1_10bit_hdr10_mdcv_clli_aac.mp4': { video: v('av1', 1920, 1080, 0, false, 'pq', { bitDepth: 10 }), audio: ['und'], durationSec: 1.022, warning: /PQ/ },
  'chrome_mediarecorder_h264_annexb_noduration.mkv': { video: v('h264', 1920, 1080, 0, true), audio: [], durationSec: 35.23, warning: /no duration.*packets/ },
  'coremedia_h264_640x428_bt601_emptyedit.mov': { video: v('h264', 640, 428, 0, true), audio: ['und'], durationSec: 1.02 },
  'corrupt_mdat_size_exceeds_file.mp4': { video: v('h264', 1080, 720, 0, false), audio: ['und'], durationSec: 1.024, warning: /all media samples are present/ },
  'featurephone_h263_amrnb_jpn_moovend.3gp': { video: v('h263', 192, 144, 0, true), audio: ['jpn'], durationSec: 15.2 },
  'fmp4_h264_aac51_rot-90_iso5.mp4': { video: v('h264', 1080, 1920, 90, false), audio: ['eng'], durationSec: 2.005 },
  // Fragmented: the durations are measured from the packets (the audio's last packet ends at 1.068 s).
  'fmp4_h264_aac_mfra_bogus_duration.mp4': { video: v('h264', 1080, 720, 0, false), audio: ['und'], durationSec: 1.068, warning: /claims 143166 s/ },
  // Its media starts at 10 s: the header's 17.1 s is the end time, the video lasts 7.1 s (214 frames at 30 fps).
  'fmp4_hls_h264_cea608_start10s.mp4': { video: v('h264', 416, 234, 0, false), audio: [], durationSec: 7.133 },
  'garageband_podcast_aac_chapters_coverart.m4a': { video: null, audio: ['eng'], durationSec: 10.472, otherVideo: 0, warning: /Cover art/ },
  'h264_aac_bframes_editlist_exoplayer_sample.mp4': { video: v('h264', 1080, 720, 0, false), audio: ['und'], durationSec: 1.024 },
  // SAR 1280:1281 is within 1 % of square: not anamorphic.
  'h264_aac_coremedia_editlist_priming_sar1280x1281.mp4': { video: v('h264', 854, 480, 0, false), audio: ['eng'], durationSec: 9 },
  'h264_aac_rotate_and_reflect_matrix.mp4': { video: v('h264', 720, 1080, 90, false), audio: ['und'], durationSec: 1.024 },
  'h264_aac_video_starts_1s_late_editlist.mp4': { video: v('h264', 1920, 1080, 0, false), audio: ['und'], durationSec: 10.006, warning: /starts 1\.0 s after/ },
  'h264_fmp4_bogus_rotation_matrix_no_timescale.mp4': { video: v('h264', 320, 240, 0, false), audio: [], durationSec: 6.042, warning: /invalid rotation/ },
  'h264_high444_1fps_editlist_videoonly.mp4': { video: v('h264', 704, 576, 0, false, null, { fps: 1 }), audio: [], durationSec: 12.5 },
  'h264_sar_2x1_anamorphic_videoonly.mp4': { video: v('h264', 1280, 360, 0, false), audio: [], durationSec: 5 },
  'h264_videoonly_firstpts_10s_empty_edit_sar.mp4': { video: v('h264', 1136, 640, 0, false), audio: [], durationSec: 14, warning: /starts 10\.0 s after/ },
  'iphone14pro_hevc10_hlg_dovi_rot-90_mebx.mov': { video: v('hevc', 720, 1280, 90, false, 'hlg', { bitDepth: 10 }), audio: ['und'], durationSec: 0.107, warning: /Dolby Vision/ },
  'iphone_hevc10_hlg_dovi_rot-90_editlist_vfr_qtbrand.mp4': { video: v('hevc', 1080, 1920, 90, true, 'hlg', { bitDepth: 10 }), audio: ['und'], durationSec: 2.548 },
  'm4b_truncated_after_moov_real.m4b': { error: 'truncated', message: /holds 1\.1 MB of the 50\.6 MB/ },
  // No DefaultDuration: avg 1000/1 is meaningless, the rate is measured from the packets' timestamps
  // (29 intervals over 967 ms, not 30 frames over 967 ms = 31 fps).
  'mkv_h264_ac3_no_default_duration.mkv': { video: v('h264', 1080, 720, 0, true, null, { fps: 30 }), audio: ['und'], durationSec: 1.072, warning: /measured/ },
  'mkv_h264_ac3_srt_subtitle.mkv': { video: v('h264', 1080, 720, 0, true), audio: ['und'], durationSec: 1.234 },
  'mov_h264_1080p50_pcm_sowt.mov': { video: v('h264', 1920, 1080, 0, false, null, { fps: 50 }), audio: ['und'], durationSec: 2 },
  // r 29.833 vs avg 29.871 (0.13 %) is within the 1 % tolerance.
  'pixel7_h264_1080p_rot180_vfr_videoonly_moovend.mp4': { video: v('h264', 1920, 1080, 180, false), audio: [], durationSec: 1.206 },
  'samsung_sef_slowmo_h264_aac12k_trailing_box.mp4': { video: v('h264', 320, 240, 0, true), audio: ['eng'], durationSec: 2.152 },
  'screenrec_h264_3026x1386_extreme_vfr.mp4': { video: v('h264', 3026, 1386, 0, true, null, { fps: 7.2 }), audio: [], durationSec: 8.726 },
  'ts_h264_heaac_no_initial_keyframe.ts': { video: v('h264', 624, 352, 0, false), audio: ['und'], durationSec: 2.649, warning: /decoder reported \d+ error/ },
  'webm_vp9_odd_161x121.webm': { video: v('vp9', 160, 120, 0, false), audio: [], durationSec: 1.001 },
  'webm_vp9_profile2_10bit.webm': { video: v('vp9', 426, 240, 0, false, null, { bitDepth: 10 }), audio: [], durationSec: 3.002 },
  'xhe_aac_usac_mono_audioonly.mp4': { error: 'unsupported', message: /cannot decode.*Audio object type 42/ },
};

const files = readdirSync(CORPUS).sort();

async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}

describe('probe corpus', async () => {
  const outcomes = new Map(
    await inParallel(files, 4, async (f): Promise<[string, MediaInfo | ProbeError]> => {
      try {
        return [f, await probeFile(path.join(CORPUS, f))];
      } catch (err) {
        if (err instanceof ProbeError) return [f, err];
        throw err;
      }
    }),
  );

  it('has an expectation for every one of the 42 media files (and the README, a non-media file)', () => {
    expect(files.filter((f) => f !== 'README.md')).toHaveLength(42);
    expect(files.filter((f) => !(f in EXPECTED))).toEqual([]);
  });

  it.each(files)('%s', (file) => {
    const expected = EXPECTED[file]!;
    const got = outcomes.get(file)!;
    if ('error' in expected) {
      expect(got).toBeInstanceOf(ProbeError);
      expect((got as ProbeError).reason).toBe(expected.error);
      expect((got as ProbeError).message).toMatch(expected.message);
      return;
    }
    expect(got, got instanceof Error ? got.message : '').not.toBeInstanceOf(Error);
    const info = got as MediaInfo;
    expect(info.durationSec).toBeCloseTo(expected.durationSec, 1);
    expect(info.audio.map((a) => a.language)).toEqual(expected.audio);
    if (expected.otherVideo != null) expect(info.otherVideo).toHaveLength(expected.otherVideo);
    if (expected.warning) expect(info.warnings.join('\n')).toMatch(expected.warning);
    if (expected.video == null) {
      expect(info.video).toBeNull();
      return;
    }
    const vid = info.video!;
    expect(vid.codec).toBe(expected.video.codec);
    expect([vid.displayWidth, vid.displayHeight]).toEqual(expected.video.size);
    expect(vid.rotation).toBe(expected.video.rotation);
    expect(vid.variableFrameRate).toBe(expected.video.vfr);
    expect(vid.hdr).toBe(expected.video.hdr);
    expect(vid.bitDepth).toBe(expected.video.bitDepth ?? 8);
    if (expected.video.fps != null) expect(vid.frameRate).toBeCloseTo(expected.video.fps, 0);
    if (file.startsWith('fmp4_hls')) expect(vid.durationSec).toBeCloseTo(7.133, 2);
  });
});
