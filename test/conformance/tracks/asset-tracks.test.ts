/**
 * Text tracks on an asset, as a user adds them (the contract, the CLI generated from it) and as a
 * player gets them: an SRT, a TTML and a WebVTT file are stored as UTF-8 WebVTT next to the asset and
 * named in its .ism; the origin serves them (ffmpeg reads the HLS subtitle playlist at the file's cue
 * times, the MPD lists the text); bad files are refused naming the line, with nothing written.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetFolderPath, mustGetAsset } from '../../../electron/studio/catalog/assets-repo.ts';
import type { Studio } from '../../../electron/studio/studio.ts';
import { abrFixture, type AbrFixture } from '../../helpers/fixtures.ts';
import { runCli } from '../../helpers/cli-run.ts';
import { ffmpegCues } from '../../helpers/ffmpeg-cues.ts';
import { insertFixtureAsset, openTestStudio, studioCalls } from '../../helpers/test-studio.ts';

let fx: AbrFixture;
let dir = '';
let studio: Studio;
let assetId = '';
let folder = '';
let locatorId = '';

const { call, failure } = studioCalls(() => studio);

// Windows-1252 bytes ("é", "–"), CRLF line ends, a cue running past the 13.013 s asset end (cut there).
const SRT = Buffer.from('1\r\n00:00:01,250 --> 00:00:03,500\r\nCaf\xe9 \x96 <i>one</i>\r\n\r\n2\r\n00:00:05,400 --> 00:00:07,200\r\nTwo\r\n\r\n3\r\n00:00:12,000 --> 00:00:15,000\r\nPast the end\r\n', 'latin1');
const TTML = `<?xml version="1.0" encoding="UTF-8"?>
<tt xmlns="http://www.w3.org/ns/ttml" xml:lang="fr"><body><div>
  <p begin="00:00:02.000" end="00:00:04.000">Bonjour</p>
</div></body></tt>
`;

/** ffmpeg's cues as [start, end, text]; a cue straddling a segment boundary comes once per segment: kept once. */
async function ffmpegCueRows(url: string): Promise<[number, number, string][]> {
  const rows = (await ffmpegCues(url)).map((c): [number, number, string] => [c.startMs, c.endMs, c.text]);
  return [...new Map(rows.map((c) => [c.join('|'), c])).values()];
}

const cli = (...args: string[]) => runCli(path.join(dir, 'library'), ...args);

beforeAll(async () => {
  fx = await abrFixture();
  dir = await mkdtemp(path.join(tmpdir(), 'tracks-'));
  studio = await openTestStudio(dir);
  ({ id: assetId, folder } = await insertFixtureAsset(studio.catalog, fx));
  locatorId = (await call('locators.create', { assetId, policyName: 'Predefined_ClearStreamingOnly' })).id;
  await call('endpoint.start', {});
  await writeFile(path.join(dir, 'movie.en.srt'), SRT);
  await writeFile(path.join(dir, 'movie.fr.ttml'), TTML);
});
afterAll(async () => {
  await studio?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('text tracks on an encoded asset', () => {
  it('an SRT becomes a UTF-8 WebVTT track in the .ism, served in HLS (ffmpeg reads its cue times) and DASH', async () => {
    const track = await call('assets.tracks.addText', { id: assetId, path: path.join(dir, 'movie.en.srt'), language: 'eng', default: true });
    expect(track).toMatchObject({ kind: 'text', name: 'English', language: 'eng', isDefault: true, forced: false, visible: true, removable: true });
    const vtt = await readFile(path.join(folder, track.file), 'utf8');
    expect(vtt).toBe('WEBVTT\n\n1\n00:00:01.250 --> 00:00:03.500\nCafé – <i>one</i>\n\n2\n00:00:05.400 --> 00:00:07.200\nTwo\n\n3\n00:00:12.000 --> 00:00:13.013\nPast the end\n');
    const ism = await readFile(path.join(folder, fx.ismName), 'utf8');
    expect(ism).toContain(`<textstream src="${track.file}" systemBitrate="1000" systemLanguage="eng">`);

    const urls = (await call('locators.paths', { id: locatorId })).urls;
    // The origin re-checks an opened asset's files (warmed at start) at most once a second.
    await new Promise((r) => setTimeout(r, 1100));
    const master = await (await fetch(urls['hls-cmaf']!)).text();
    expect(master).toContain('#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="eng",DEFAULT=YES');
    const ismUrl = urls['hls-cmaf']!.replace(/\/manifest\(.*$/, '');
    expect(await ffmpegCueRows(`${ismUrl}/QualityLevels(1000)/Manifest(English,format=m3u8-cmaf)`)).toEqual([
      [1250, 3500, 'Café – <i>one</i>'],
      [5400, 7200, 'Two'],
      [12_000, 13_013, 'Past the end'],
    ]);
    const mpd = await (await fetch(urls['dash-csf']!)).text();
    expect(mpd).toMatch(/<AdaptationSet[^>]*contentType="text"[^>]*lang="eng"/);
  });

  it('TTML/IMSC is converted; a second track of the same name is refused, or replaces it on request', async () => {
    const fr = await call('assets.tracks.addText', { id: assetId, path: path.join(dir, 'movie.fr.ttml'), language: 'fra', forced: true });
    expect(fr).toMatchObject({ name: 'French_forced', forced: true });
    expect(await readFile(path.join(folder, fr.file), 'utf8')).toBe('WEBVTT\n\n00:00:02.000 --> 00:00:04.000\nBonjour\n');

    const again = await failure('assets.tracks.addText', { id: assetId, path: path.join(dir, 'movie.en.srt'), language: 'eng' });
    expect(again).toMatchObject({ code: 'conflict', message: expect.stringContaining('already has a text track named "English"') });
    const before = (await call('assets.tracks.list', { id: assetId })).find((t) => t.name === 'English')!;
    const replaced = await call('assets.tracks.addText', { id: assetId, path: path.join(dir, 'movie.fr.ttml'), language: 'eng', replace: true });
    expect(replaced.file).not.toBe(before.file);
    const files = await readdir(folder);
    expect(files).toContain(replaced.file);
    expect(files).not.toContain(before.file);
    const texts = (await call('assets.tracks.list', { id: assetId })).filter((t) => t.kind === 'text');
    expect(texts.map((t) => [t.name, t.language])).toEqual([
      ['French_forced', 'fra'],
      ['English', 'eng'],
    ]);
  });

  it('a broken file or a cue after the end is refused naming the file and line; nothing is written', async () => {
    const ism = await readFile(path.join(folder, fx.ismName), 'utf8');
    const files = (await readdir(folder)).sort();
    await writeFile(path.join(dir, 'broken.srt'), '1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03,000 --> 00:00:0x,000\nbad\n');
    expect(await failure('assets.tracks.addText', { id: assetId, path: path.join(dir, 'broken.srt'), language: 'deu' })).toMatchObject({
      code: 'invalid-text-track',
      message: expect.stringMatching(/^broken\.srt line 6: "00:00:0x,000" is not a time/),
    });
    await writeFile(path.join(dir, 'late.vtt'), 'WEBVTT\n\n00:00:20.000 --> 00:00:21.000\nlate\n');
    expect((await failure('assets.tracks.addText', { id: assetId, path: path.join(dir, 'late.vtt'), language: 'deu' })).message).toMatch(
      /^late\.vtt cue 1: starts at 20 s, after the asset ends \(13.013 s\)/,
    );
    expect((await failure('assets.tracks.addText', { id: assetId, path: path.join(dir, 'late.vtt'), language: 'not a language' })).code).toBe('invalid-argument');
    // The name is the key in the track's URLs: the URL grammar's rules apply.
    expect((await failure('assets.tracks.addText', { id: assetId, path: path.join(dir, 'movie.en.srt'), language: 'eng', name: 'English SDH' })).hint).toMatch(/without spaces/);
    expect(await readFile(path.join(folder, fx.ismName), 'utf8')).toBe(ism);
    expect((await readdir(folder)).sort()).toEqual(files);
  });

  it('the CLI has the operations: add-text, list (table), remove', async () => {
    const help = await cli('assets', 'tracks', 'add-text', '--help');
    expect(help.stdout).toMatch(/--language <value>/);
    expect(help.stdout).toMatch(/--forced\b/);
    const added = await cli('assets', 'tracks', 'add-text', assetId, '--path', path.join(dir, 'movie.en.srt'), '--language', 'eng', '--name', 'English_SDH', '--visible=false', '--json');
    expect(added.code, added.stderr).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ name: 'English_SDH', visible: false });
    const table = await cli('assets', 'tracks', 'list', assetId);
    expect(table.stdout).toMatch(/^NAME\s+KIND\s+FILE\s+LANGUAGE/);
    expect(table.stdout).toMatch(/English_SDH\s+text/);
    const removed = await cli('assets', 'tracks', 'remove', assetId, '--name', 'English_SDH', '--json');
    expect(removed.code, removed.stderr).toBe(0);
    expect(await readdir(folder)).not.toContain(JSON.parse(removed.stdout).file);
    const unknown = await cli('assets', 'tracks', 'remove', assetId, '--name', 'Klingon');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no track named "Klingon" \(it has: .*English/);
  });

  it('lists the encoded audio tracks; removing a text track takes it out of the manifests', async () => {
    const tracks = await call('assets.tracks.list', { id: assetId });
    expect(tracks.filter((t) => t.kind === 'audio').map((t) => [t.language, t.role])).toEqual(fx.audioFiles.map((a) => [a.language, 'main']));
    await call('assets.tracks.remove', { id: assetId, name: 'French_forced' });
    const master = await (await fetch((await call('locators.paths', { id: locatorId })).urls['hls-v4']!)).text();
    // The origin re-checks an opened asset's files at most once a second.
    await new Promise((r) => setTimeout(r, 1100));
    const after = await (await fetch((await call('locators.paths', { id: locatorId })).urls['hls-v4']!)).text();
    expect(master.length).toBeGreaterThan(0);
    expect(after).not.toContain('French');
    expect(after).toContain('NAME="English"');
  });
});

describe('text tracks on an imported source', () => {
  it('are kept in tracks.smil next to the source; the source audio is listed, not removable', async () => {
    const source = await call('assets.import', { path: fx.mezzanine, name: 'mezz' });
    const added = await call('assets.tracks.addText', { id: source.id, path: path.join(dir, 'movie.en.srt'), language: 'eng' });
    const sourceFolder = assetFolderPath(studio.catalog, mustGetAsset(studio.catalog, source.id));
    expect((await readdir(sourceFolder)).sort()).toEqual([added.file, 'tracks.smil'].sort());
    const tracks = await call('assets.tracks.list', { id: source.id });
    expect(tracks.map((t) => [t.kind, t.language, t.removable])).toEqual([
      ['audio', 'eng', false],
      ['audio', 'fra', false],
      ['text', 'eng', true],
    ]);
    expect((await failure('assets.tracks.remove', { id: source.id, name: tracks[0]!.name })).message).toMatch(/a stream of the source file/);
  });
});
