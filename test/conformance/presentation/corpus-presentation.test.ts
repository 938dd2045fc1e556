import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaError, openPresentation, type Presentation } from '../../../packaging-core/index.ts';
import { probeStreams } from './probe.ts';
import { CORPUS } from '../../helpers/corpus.ts';

let work: string;
let n = 0;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'corpus-presentation-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

interface Entry {
  readonly kind: 'video' | 'audio';
  readonly trackId?: number;
}

/** An asset folder holding a copy of one corpus file and a minimal hand-written .ism over it. */
async function asset(file: string, entries: readonly Entry[]): Promise<{ folder: string; open: () => Promise<Presentation> }> {
  const folder = path.join(work, `a${n++}`);
  await import('node:fs/promises').then((fs) => fs.mkdir(folder));
  await copyFile(path.join(CORPUS, file), path.join(folder, file));
  const body = entries
    .map((e) => (e.trackId === undefined ? `<${e.kind} src="${file}"/>` : `<${e.kind} src="${file}"><param name="trackID" value="${e.trackId}"/></${e.kind}>`))
    .join('');
  await writeFile(path.join(folder, 'm.ism'), `<smil><body><switch>${body}</switch></body></smil>`);
  return { folder, open: () => openPresentation(folder, 'm.ism') };
}

/**
 * Every track of the presentation equals ffprobe's packets of the same MP4 track, sample by sample.
 * `ptsOffset`: where ffmpeg rounds an edit that starts mid-frame to a whole frame, its times differ from
 * the ISO 14496-12 ones by a constant.
 */
async function expectSamplesMatchFfprobe(p: Presentation, ptsOffset = 0): Promise<void> {
  for (const t of [...p.video, ...p.audio]) {
    const probe = (await probeStreams(t.file)).find((s) => s.id === t.trackId);
    expect(probe, `ffprobe stream for track ${t.trackId}`).toBeDefined();
    const s = t.samples;
    expect(t.timescale).toBe(probe!.timescale);
    expect(s.count).toBe(probe!.packets.length);
    expect(Array.from(s.sizes)).toEqual(probe!.packets.map((k) => k.size));
    expect(Array.from(s.dts, (d, i) => d + s.cto[i]!)).toEqual(probe!.packets.map((k) => k.pts + ptsOffset));
    if (t.kind === 'video') {
      const keys = probe!.packets.filter((k) => k.key).map((k) => Math.round(((k.pts + ptsOffset - probe!.startPts) * 1e7) / probe!.timescale));
      const ours = Array.from(s.sync.keys()).filter((i) => s.sync[i]).map((i) => Math.round(((s.dts[i]! + s.cto[i]! - probe!.startPts) * 1e7) / t.timescale));
      expect(ours).toEqual(keys);
    }
  }
}

async function expectMediaError(open: () => Promise<unknown>, message: RegExp): Promise<void> {
  const err = await open().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MediaError);
  expect((err as Error).message).toMatch(message);
}

describe('openPresentation on real-world files', () => {
  it('H.264 with B-frames and an edit list + AAC with an empty edit (exoplayer sample): pts equal ffprobe', async () => {
    const a = await asset('h264_aac_bframes_editlist_exoplayer_sample.mp4', [{ kind: 'video' }, { kind: 'audio' }]);
    const p = await a.open();
    expect(p.video[0]!.config).toMatchObject({ codecString: 'avc1.64001f', width: 1080, height: 720 });
    expect(p.video[0]!.samples.dts[0]! + p.video[0]!.samples.cto[0]!).toBe(0);
    expect(p.audio[0]!.samples.dts[0]).toBe(1940); // the 44 ms empty edit
    expect(p.audio[0]!.config).toMatchObject({ codecString: 'mp4a.40.2', sampleRate: 44100, channels: 1 });
    expect(p.audio[0]!.name).toMatch(/^aac_und_1_\d+$/);
    expect(p.video[0]!.frameRate).toBe(29.97);
    await expectSamplesMatchFfprobe(p);
  });

  it('Core Media edit lists (AAC priming 2112) and a 1280:1281 pixel aspect ratio', async () => {
    const a = await asset('h264_aac_coremedia_editlist_priming_sar1280x1281.mp4', [{ kind: 'video' }, { kind: 'audio' }]);
    const p = await a.open();
    expect(p.video[0]!.config).toMatchObject({ width: 854, height: 480, parNum: 1280, parDen: 1281 });
    expect(p.audio[0]!.samples.dts[0]).toBe(-2112);
    expect(p.audio[0]!.fragments.startTicks[0]).toBe(0);
    expect(p.audio[0]!.fragments.firstSample.length).toBe(p.video[0]!.fragments.firstSample.length);
    await expectSamplesMatchFfprobe(p);
  });

  it('a track delayed by an empty edit and High 4:4:4 with a large media_time: pts equal ffprobe', async () => {
    const late = await (await asset('h264_videoonly_firstpts_10s_empty_edit_sar.mp4', [{ kind: 'video' }])).open();
    expect(late.video[0]!.fragments.startTicks[0]).toBe(10e7);
    await expectSamplesMatchFfprobe(late);
    const hi444 = await (await asset('h264_high444_1fps_editlist_videoonly.mp4', [{ kind: 'video' }])).open();
    expect(hi444.video[0]!.config.codecString).toBe('avc1.f40016');
    // elst media_time 40960 is 2.5 frames of 16384: ISO puts the first I-frame at pts -8192 (half shown);
    // ffmpeg rounds to 3 frames (-16384, flagged discard). The first fragment still starts at 0.
    expect(hi444.video[0]!.samples.dts[0]! + hi444.video[0]!.samples.cto[0]!).toBe(-8192);
    expect(hi444.video[0]!.fragments.startTicks[0]).toBe(0);
    await expectSamplesMatchFfprobe(hi444, 8192);
  });

  it('moov at the end, audio listed first, a trailing proprietary box', async () => {
    const p = await (await asset('samsung_sef_slowmo_h264_aac12k_trailing_box.mp4', [{ kind: 'video' }, { kind: 'audio' }])).open();
    expect(p.audio[0]!.config).toMatchObject({ sampleRate: 12000 });
    await expectSamplesMatchFfprobe(p);
  });

  it('an mdat whose size runs past the end: samples are inside the file, so it opens correctly', async () => {
    const p = await (await asset('corrupt_mdat_size_exceeds_file.mp4', [{ kind: 'video' }, { kind: 'audio' }])).open();
    await expectSamplesMatchFfprobe(p);
  });

  it('two audio languages from one file by trackID; names derived from the file', async () => {
    const a = await asset('DERIVED_remux_h264_aac_deu_eng_two_lang_tracks.mp4', [{ kind: 'audio', trackId: 2 }, { kind: 'audio', trackId: 3 }]);
    const p = await a.open();
    expect(p.audio.map((t) => t.language)).toEqual(['deu', 'eng']);
    expect(p.audio.map((t) => t.name)).toEqual([`aac_deu_1_${p.audio[0]!.bitrate}`, `aac_eng_1_${p.audio[1]!.bitrate}`]);
    // Audio-only: ~2 s fragments.
    const f = p.audio[0]!.fragments.startTicks;
    expect(f[1]! - f[0]!).toBeGreaterThanOrEqual(2e7);
    expect(f[1]! - f[0]!).toBeLessThan(2.1e7);
    await expectSamplesMatchFfprobe(p);
  });

  it('rejects a 24 s GOP (fragment over 20 s)', async () => {
    const a = await asset('DERIVED_remux_h264_aac_deu_eng_two_lang_tracks.mp4', [{ kind: 'video' }]);
    await expectMediaError(a.open, /lasts 24\.\d+ s, longer than the 20 s limit/);
  });

  it('opens HEVC, AV1 and AC-3 with their codec strings and HDR transfer; names the codecs it does not package', async () => {
    const opened = async (file: string, kind: 'video' | 'audio', trackId?: number) => {
      const p = await (await asset(file, [{ kind, ...(trackId !== undefined && { trackId }) }])).open();
      return (kind === 'video' ? p.video : p.audio)[0]!.config;
    };
    // iPhone HLG recordings signal the transfer in a QuickTime 'nclc' colr, the AV1 sample in ISO's 'nclx'.
    expect(await opened('iphone14pro_hevc10_hlg_dovi_rot-90_mebx.mov', 'video')).toMatchObject({ codec: 'hvc1', codecString: 'hvc1.2.4.L93.B0', videoRange: 'HLG' });
    expect(await opened('android14_hevc10_hlg_1080p_aac.mp4', 'video')).toMatchObject({ codecString: 'hvc1.2.4.L153', videoRange: 'HLG', width: 1920 });
    expect(await opened('av1_10bit_hdr10_mdcv_clli_aac.mp4', 'video')).toMatchObject({ codec: 'av01', codecString: 'av01.0.09M.10', videoRange: 'PQ' });
    expect(await opened('ac3_51_plus_aac_stereo_two_audio_tracks.mp4', 'audio', 1)).toMatchObject({ codec: 'ac-3', channels: 6, sampleRate: 48000, bitrate: 384000 });
    await expectMediaError((await asset('xhe_aac_usac_mono_audioonly.mp4', [{ kind: 'audio' }])).open, /xHE-AAC \(USAC, object type 42\)/);
    await expectMediaError((await asset('featurephone_h263_amrnb_jpn_moovend.3gp', [{ kind: 'video' }])).open, /H\.263/);
    await expectMediaError((await asset('ac3_51_plus_aac_stereo_two_audio_tracks.mp4', [{ kind: 'video' }])).open, /has no video track/);
  });

  it('rejects truncated files clearly', async () => {
    await expectMediaError((await asset('TRUNCATED_by_us_android_4k60_moovend_first50pct.mp4', [{ kind: 'video' }])).open, /has no moov box \(top-level boxes: ftyp, mdat\)/);
    await expectMediaError((await asset('TRUNCATED_by_us_android14_hevc10_faststart_first60pct.mp4', [{ kind: 'audio' }])).open, /is truncated: sample \d+ of 13 of track 1 ends at byte/);
    await expectMediaError((await asset('m4b_truncated_after_moov_real.m4b', [{ kind: 'audio' }])).open, /is truncated: sample 1 of 276574/);
  });

  it('opens fragmented MP4 input: every sample of every fragment, as ffprobe reads them', async () => {
    // ffmpeg shifts pts by the most negative composition offset of a trun v1 (its dts_shift), so no
    // pts precedes its dts; ISO 14496-12 has the first picture at dts + cto = 0 — the offset is that shift.
    const files: [string, Entry[], number][] = [
      ['fmp4_h264_aac_mfra_bogus_duration.mp4', [{ kind: 'video' }, { kind: 'audio' }], 0],
      ['fmp4_h264_aac51_rot-90_iso5.mp4', [{ kind: 'video' }], -4800],
      ['fmp4_h264_aac51_rot-90_iso5.mp4', [{ kind: 'audio' }], 0],
      ['fmp4_hls_h264_cea608_start10s.mp4', [{ kind: 'video' }], 0],
      ['h264_fmp4_bogus_rotation_matrix_no_timescale.mp4', [{ kind: 'video' }], 0],
    ];
    for (const [f, entries, ptsOffset] of files) {
      const p = await (await asset(f, entries)).open();
      expect(p.video.length + p.audio.length, f).toBe(entries.length);
      await expectSamplesMatchFfprobe(p, ptsOffset);
    }
  });

  it('rejects files that are not MP4', async () => {
    await expectMediaError((await asset('mkv_h264_ac3_srt_subtitle.mkv', [{ kind: 'video' }])).open, /is not an MP4 file/);
    await expectMediaError((await asset('ts_h264_heaac_no_initial_keyframe.ts', [{ kind: 'video' }])).open, /is not an MP4 file/);
  });
});
