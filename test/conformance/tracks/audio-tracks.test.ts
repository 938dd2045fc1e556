/**
 * Added audio tracks, as a user adds them and as players get them: an AAC file at the asset's rate and
 * length is copied untouched, an MP3 of another rate and length is re-encoded to AAC and padded to the
 * asset; the role goes into the .ism as AMS wrote it and is signalled in DASH (Accessibility/Role) and
 * HLS (CHARACTERISTICS); ffprobe reads the added audio through the origin with its language.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Studio } from '../../../electron/studio/studio.ts';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { mustRun } from '../../helpers/run-process.ts';
import { insertFixtureAsset, openTestStudio, studioCalls } from '../../helpers/test-studio.ts';

let fx: AbrFixture;
let dir = '';
let studio: Studio;
let assetId = '';
let folder = '';
let urls: Record<string, string> = {};

const { call, failure } = studioCalls(() => studio);

interface ProbedStream {
  codec_type: string;
  codec_name: string;
  sample_rate?: string;
  tags?: { language?: string };
}
async function ffprobeStreams(url: string): Promise<ProbedStream[]> {
  const out = (await mustRun('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', url])).stdout.toString('utf8');
  return (JSON.parse(out) as { streams: ProbedStream[] }).streams;
}

beforeAll(async () => {
  fx = await abrFixture();
  dir = await mkdtemp(path.join(tmpdir(), 'audio-tracks-'));
  studio = await openTestStudio(dir);
  ({ id: assetId, folder } = await insertFixtureAsset(studio.catalog, fx));
  const locator = await call('locators.create', { assetId, policyName: 'Predefined_ClearStreamingOnly' });
  await call('endpoint.start', {});
  urls = (await call('locators.paths', { id: locator.id })).urls as Record<string, string>;
  // AAC-LC 48 kHz stereo for the asset's 13 s: copied. MP3 44.1 kHz mono, 5 s: re-encoded (mono stays mono) and padded.
  await mustRun('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=48000:duration=13', '-c:a', 'aac', '-b:a', '96k', '-ac', '2', path.join(dir, 'spanish.m4a')]);
  await mustRun('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=500:sample_rate=44100:duration=5', '-c:a', 'libmp3lame', '-b:a', '64k', path.join(dir, 'described.mp3')]);
});
afterAll(async () => {
  await studio?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('added audio tracks', () => {
  it('AAC at the asset rate and length is copied; an MP3 is re-encoded to AAC at 48 kHz and padded to the asset', async () => {
    const spa = await call('assets.tracks.addAudio', { id: assetId, path: path.join(dir, 'spanish.m4a'), language: 'spa' });
    expect(spa).toMatchObject({ kind: 'audio', language: 'spa', role: 'main', reencoded: false, reason: expect.stringMatching(/^copied without re-encoding/) });
    expect(spa.name).toMatch(/^aac_spa_2_\d+$/);
    const ad = await call('assets.tracks.addAudio', { id: assetId, path: path.join(dir, 'described.mp3'), language: 'eng', role: 'description' });
    expect(ad).toMatchObject({ language: 'eng', role: 'description', reencoded: true, reason: expect.stringMatching(/^re-encoded to AAC-LC: the file is mp3/) });
    expect(ad.name).toMatch(/^aac_eng_1_\d+_description$/);
    const [copied, encoded] = await Promise.all([ffprobeStreams(path.join(folder, spa.file)), ffprobeStreams(path.join(folder, ad.file))]);
    expect(copied[0]).toMatchObject({ codec_name: 'aac', sample_rate: '48000', tags: { language: 'spa' } });
    expect(encoded[0]).toMatchObject({ codec_name: 'aac', sample_rate: '48000', tags: { language: 'eng' } });
    const ism = await readFile(path.join(folder, fx.ismName), 'utf8');
    expect(ism).toMatch(new RegExp(`<audio src="${ad.file}"[^>]*systemLanguage="eng">[\\s\\S]*?<param name="accessibility" value="description" valuetype="data"/>\\s*<param name="role" value="alternate" valuetype="data"/>`));
    expect((await call('assets.tracks.list', { id: assetId })).filter((t) => t.kind === 'audio').map((t) => [t.language, t.role])).toEqual([
      ['eng', 'main'],
      ['fra', 'main'],
      ['spa', 'main'],
      ['eng', 'description'],
    ]);
  });

  it('the role is signalled in DASH and HLS; ffprobe reads the added audio through the origin with its language', async () => {
    // The origin re-checks an opened asset's files at most once a second.
    await new Promise((r) => setTimeout(r, 1100));
    const mpd = await (await fetch(urls['dash-csf']!)).text();
    const sets = mpd.split('<AdaptationSet').slice(1);
    const described = sets.find((s) => s.includes('_description</Label>'))!;
    expect(described).toContain('lang="eng"');
    expect(described).toContain('<Accessibility schemeIdUri="urn:mpeg:dash:role:2011" value="description"/>');
    expect(described).toContain('<Role schemeIdUri="urn:mpeg:dash:role:2011" value="alternate"/>');
    const master = await (await fetch(urls['hls-v4']!)).text();
    expect(master).toMatch(/#EXT-X-MEDIA:TYPE=AUDIO,[^\n]*NAME="aac_eng_1_\d+_description",LANGUAGE="eng",DEFAULT=NO,AUTOSELECT=YES,CHARACTERISTICS="public\.accessibility\.describes-video"/);
    expect(master.match(/CHARACTERISTICS=/g)).toHaveLength(1);

    for (const url of [urls['dash-csf']!, urls['hls-v4']!]) {
      const languages = (await ffprobeStreams(url)).filter((s) => s.codec_type === 'audio').map((s) => s.tags?.language);
      expect(languages, url).toEqual(expect.arrayContaining(['spa', 'eng', 'fra']));
    }
    // The padded description track plays the asset's whole length through HLS.
    const ad = (await call('assets.tracks.list', { id: assetId })).find((t) => t.role === 'description')!;
    const playlist = urls['hls-v4']!.replace(/manifest\(format=m3u8-aapl\)$/, `QualityLevels(${ad.bitrate})/Manifest(${ad.name},format=m3u8-aapl)`);
    const decoded = (await mustRun('ffmpeg', ['-v', 'error', '-i', playlist, '-map', '0:a:0', '-f', 'null', '-', '-stats'])).stderr;
    const seconds = /time=(\d+):(\d+):([\d.]+)/.exec(decoded.split('\r').at(-1) ?? decoded);
    expect(Number(seconds![2]) * 60 + Number(seconds![3])).toBeGreaterThan(12.5);
  });

  it('a file without audio is refused; a track is removed with its file; a source asset takes no audio tracks', async () => {
    await writeFile(path.join(dir, 'notes.txt'), 'not audio');
    expect((await failure('assets.tracks.addAudio', { id: assetId, path: path.join(dir, 'notes.txt'), language: 'deu' })).code).toBe('not-media');
    const before = await readdir(folder);
    const spa = (await call('assets.tracks.list', { id: assetId })).find((t) => t.language === 'spa')!;
    await call('assets.tracks.remove', { id: assetId, name: spa.name });
    expect(await readdir(folder)).toEqual(before.filter((f) => f !== spa.file));
    expect(await readFile(path.join(folder, fx.ismName), 'utf8')).not.toContain(spa.file);
    const source = await call('assets.import', { path: fx.mezzanine });
    expect((await failure('assets.tracks.addAudio', { id: source.id, path: path.join(dir, 'spanish.m4a'), language: 'spa' })).message).toMatch(/is a source \(not encoded yet\)/);
  });
});
