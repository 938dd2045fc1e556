/**
 * Regression tests for the reproductions of issue 12 (items 1–2): a few bytes changed in a real file's
 * sample tables used to open without error and then give 540 MB–8 GB TS segments, negative manifest
 * durations or untyped 500s. Each is now refused when the asset is opened, with a MediaError naming the
 * file, the box and the value — and through the origin, a 415 while the good asset keeps playing.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaError, openPresentation } from '../../../packaging-core/index.ts';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { startTestOrigin, TEST_LOCATOR, type TestOrigin } from '../../helpers/origin-server.ts';
import { patchFields } from '../../fuzz/mp4-fields.ts';
import { CORPUS } from '../../helpers/corpus.ts';

const AUDIO_STBL = 'moov/trak[1]/mdia/minf/stbl';

interface Case {
  readonly name: string;
  /** 'fixture-audio' = the English AAC rung of the test fixture; otherwise a corpus file (video + audio). */
  readonly base: 'fixture-audio' | string;
  readonly patch: Readonly<Record<string, number>>;
  /** What the error must say (file, box, value). */
  readonly says: RegExp;
}

const CASES: readonly Case[] = [
  { name: 'AAC mdhd.timescale = 2 (540 MB TS segments)', base: 'fixture-audio', patch: { 'moov/trak[1]/mdia/mdhd.timescale': 2 }, says: /stts entry 1 .*1024 \(512\.000 s at timescale 2\)/ },
  { name: 'AAC first stts delta = 0x01000000', base: 'fixture-audio', patch: { [`${AUDIO_STBL}/stts.entry[0].delta`]: 0x01000000 }, says: /stts entry 1 .*16777216/ },
  { name: 'AAC first stts delta = 0x80000000 (out of memory)', base: 'fixture-audio', patch: { [`${AUDIO_STBL}/stts.entry[0].delta`]: 0x80000000 }, says: /stts entry 1 .*2147483648/ },
  { name: 'stsz.sample_count 611 → 1 (negative durations, "[1, 1) is not a range")', base: 'fixture-audio', patch: { [`${AUDIO_STBL}/stsz.sample_count`]: 1 }, says: /stts describes 611 samples but stsz lists 1/ },
  { name: 'AAC mdhd.timescale = 268435456', base: 'fixture-audio', patch: { 'moov/trak[1]/mdia/mdhd.timescale': 268435456 }, says: /elst entry 1 presents 13\.013 s .*media lasts 0\.002 s/ },
  {
    name: 'AAC mdhd.timescale = 268435456 with an edit list that does not give it away',
    base: 'fixture-audio',
    patch: { 'moov/trak[1]/mdia/mdhd.timescale': 268435456, 'moov/trak[1]/edts/elst.entry[0].segment_duration': 0 },
    says: /AAC frame 1 lasts 1024 at timescale 268435456 \(0\.004 ms\)/,
  },
  {
    name: 'corpus audio stts delta0 = 0xFFFFFFFF (8 GB HLS v3 segment)',
    base: 'h264_aac_bframes_editlist_exoplayer_sample.mp4',
    patch: { 'moov/trak[2]/mdia/minf/stbl/stts.entry[0].delta': 0xffffffff },
    says: /track 2: stts entry 1 .*4294967295/,
  },
  {
    name: 'corpus elst segment_duration = 32768 on the media edit',
    base: 'h264_aac_video_starts_1s_late_editlist.mp4',
    patch: { 'moov/trak[1]/edts/elst.entry[1].segment_duration': 32768 },
    says: /track 1: elst entry 2 presents 32\.768 s .*media lasts 9\.000 s/,
  },
  {
    name: 'corpus elst segment_duration = 32768 on the empty edit (video 32 s after the audio)',
    base: 'h264_aac_video_starts_1s_late_editlist.mp4',
    patch: { 'moov/trak[1]/edts/elst.entry[0].segment_duration': 32768 },
    says: /\(track 2\): the audio fragment at 0\.000 s lasts 41\.101 s, over the 20 s limit/,
  },
];

const ALL = new Set(['hls', 'dash', 'smooth', 'download'] as const);

describe('corrupt sample tables are refused when the asset is opened', () => {
  let fx: AbrFixture;
  let origin: TestOrigin;
  let dir: string;
  const folders: string[] = [];

  /** A folder holding the patched asset, and the file name at fault. */
  async function makeAsset(c: Case, i: number): Promise<{ folder: string; ism: string; victim: string }> {
    const folder = path.join(dir, `case-${i}`);
    await mkdir(folder, { recursive: true });
    if (c.base === 'fixture-audio') {
      for (const f of [...fx.videoFiles.map((v) => v.file), ...fx.audioFiles.map((a) => a.file)]) await copyFile(f, path.join(folder, path.basename(f)));
      await copyFile(path.join(fx.folder, fx.ismName), path.join(folder, fx.ismName));
      const victim = path.basename(fx.audioFiles[0]!.file);
      await writeFile(path.join(folder, victim), patchFields(await readFile(fx.audioFiles[0]!.file), c.patch));
      return { folder, ism: fx.ismName, victim };
    }
    await writeFile(path.join(folder, c.base), patchFields(await readFile(path.join(CORPUS, c.base)), c.patch));
    await writeFile(path.join(folder, 'a.ism'), `<smil><body><video src="${c.base}"/><audio src="${c.base}"/></body></smil>`);
    return { folder, ism: 'a.ism', victim: c.base };
  }

  beforeAll(async () => {
    fx = await abrFixture();
    origin = await startTestOrigin(fx);
    dir = await mkdtemp(path.join(tmpdir(), 'corrupt-timelines-'));
  });
  afterAll(async () => {
    await origin?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const { folder, ism, victim } = await makeAsset(c, i);
    folders.push(folder);
    const opened = openPresentation(folder, ism);
    await expect(opened).rejects.toBeInstanceOf(MediaError);
    const err = (await opened.catch((e: unknown) => e)) as MediaError;
    expect(err.message).toContain(victim);
    expect(err.message).toMatch(c.says);

    // Through the origin: every format's manifest and a TS audio segment are a 415 naming the file.
    const locator = `bbbbbbbb-0000-4000-8000-${String(i).padStart(12, '0')}`;
    origin.locators.set(locator, { folder, protocols: ALL });
    const base = `${origin.base}/${locator}/${ism}`;
    for (const tail of ['manifest(format=m3u8-aapl)', 'manifest(format=mpd-time-csf)', 'manifest', 'QualityLevels(128000)/Fragments(aac_eng_2_128000=0,format=m3u8-aapl)']) {
      const res = await fetch(`${base}/${tail}`);
      const text = await res.text();
      expect(res.status, tail).toBe(415);
      expect(text).toContain(victim);
      expect(text).not.toMatch(/\n\s+at /);
    }
    expect((await fetch(`${origin.base}/${TEST_LOCATOR}/${fx.ismName}/manifest(format=m3u8-aapl)`)).status).toBe(200);
    expect(origin.errors).toEqual([]);
  });
});
