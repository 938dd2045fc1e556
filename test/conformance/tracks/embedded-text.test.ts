/**
 * Embedded subtitles follow the media: the corpus MKV's SRT stream becomes a text track when the file
 * is imported (with a user-added track beside it), both are carried into the encoded output, and the
 * origin serves them — ffmpeg reads the `eng` cue through HLS at the source's times. Encoding the file
 * directly (no asset) extracts the stream at encode time.
 */
import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/studio/api/dispatch.ts';
import { waitForJob } from '../../../electron/studio/app/wait-for-job.ts';
import { openStudio, type Studio } from '../../../electron/studio/studio.ts';
import { mustRun } from '../../helpers/run-process.ts';
import { corpusFile } from '../../helpers/corpus.ts';
import { studioCalls } from '../../helpers/test-studio.ts';

const SOURCE = corpusFile('mkv_h264_ac3_srt_subtitle.mkv');
const TINY = { name: 'Tiny', description: 'one rung', video: [{ height: 180, kbps: 300 }], audio: { kbps: 96, channels: 2 }, interleaved: false, copy: false };
const haveCorpus = await access(SOURCE).then(
  () => true,
  () => false,
);

let dir = '';
let studio: Studio;

const { call } = studioCalls(() => studio);

async function encoded(input: ({ assetId: string } | { file: string }) & { burnSubtitles?: string }): Promise<string> {
  const job = await call('jobs.encode', { ...input, transformName: 'Tiny' });
  const done = await waitForJob(studio.catalog, studio.queue, job.id);
  expect(done.state, JSON.stringify(done.error)).toBe('Finished');
  return done.outputAssetId!;
}

async function ffmpegSrt(url: string): Promise<string> {
  return (await mustRun('ffmpeg', ['-v', 'error', '-i', url, '-map', '0:s:0', '-f', 'srt', '-'])).stdout.toString('utf8');
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'embedded-text-'));
  // A quote, a comma and a space in the library path: the burn-in filter's path goes through ffmpeg's escaping.
  studio = await openStudio({ libraryDir: path.join(dir, "my library's, files"), runJobs: true });
  await call('endpoint.settings.set', { port: 0 });
  await call('transforms.save', { definition: TINY });
});
afterAll(async () => {
  await studio?.close();
  await rm(dir, { recursive: true, force: true });
});

describe.runIf(haveCorpus)('embedded text streams', () => {
  it('import extracts the SRT stream; an encode carries it (and an added track) to the output, served by the origin', async () => {
    const source = await call('assets.import', { path: SOURCE });
    const tracks = await call('assets.tracks.list', { id: source.id });
    expect(tracks.filter((t) => t.kind === 'text')).toEqual([
      expect.objectContaining({ name: 'Subs_Label', language: 'eng', isDefault: true, removable: true }),
    ]);
    await writeFile(path.join(dir, 'extra.vtt'), 'WEBVTT\n\n00:00:00.500 --> 00:00:01.000\nAjouté\n');
    await call('assets.tracks.addText', { id: source.id, path: path.join(dir, 'extra.vtt'), language: 'fra' });

    const outputId = await encoded({ assetId: source.id });
    const outTexts = (await call('assets.tracks.list', { id: outputId })).filter((t) => t.kind === 'text');
    expect(outTexts.map((t) => [t.name, t.language, t.isDefault])).toEqual([
      ['Subs_Label', 'eng', true],
      ['French', 'fra', false],
    ]);

    const locator = await call('locators.create', { assetId: outputId, policyName: 'Predefined_ClearStreamingOnly' });
    await call('endpoint.start', {});
    const url = (await call('locators.paths', { id: locator.id })).urls['hls-v4']!;
    const master = await (await fetch(url)).text();
    expect(master).toContain('#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="Subs_Label",LANGUAGE="eng",DEFAULT=YES');
    const ismUrl = url.replace(/\/manifest\(.*$/, '');
    // The source's cue at ffmpeg's own times in the MKV (0 → 1.234 s), its end cut where the encoded
    // video ends (the MKV's last frame ends before its 1.234 s container duration).
    expect(await ffmpegSrt(SOURCE)).toBe('1\n00:00:00,000 --> 00:00:01,234\nThis is the first subtitle.\n\n');
    const served = /^1\n00:00:00,000 --> 00:00:01,(\d{3})\nThis is the first subtitle\.\n\n$/.exec(await ffmpegSrt(`${ismUrl}/QualityLevels(1000)/Manifest(Subs_Label,format=m3u8-aapl)`));
    expect(served).not.toBeNull();
    expect(Number(served![1])).toBeGreaterThan(0);
    const log = await call('jobs.log', { id: (await call('jobs.list', {})).find((j) => j.outputAssetId === outputId)!.id });
    expect(log.text).toContain('text: 2 text track(s) of the input asset');
  });

  it('encoding the file itself extracts its text stream at encode time; burn-in draws it into the picture', async () => {
    const plain = await encoded({ file: SOURCE });
    const texts = (await call('assets.tracks.list', { id: plain })).filter((t) => t.kind === 'text');
    expect(texts.map((t) => [t.name, t.language])).toEqual([['Subs_Label', 'eng']]);

    const burnt = await encoded({ file: SOURCE, burnSubtitles: 'Subs_Label' });
    // The same encode with and without the subtitle drawn in: the pictures differ where libass puts the
    // text (the bottom), and hardly elsewhere.
    const video = async (id: string) => {
      const files = await call('assets.files', { id });
      const folder = (await call('assets.get', { id })).folder;
      return path.join(dir, "my library's, files", folder, files.tracks.find((t) => t.kind === 'video')!.src);
    };
    const [a, b] = await Promise.all([video(plain), video(burnt)]);
    const psnr = async (y: string) => {
      const graph = `[0:v]crop=iw:ih/4:0:${y}[a];[1:v]crop=iw:ih/4:0:${y}[b];[a][b]psnr`;
      const log = (await mustRun('ffmpeg', ['-v', 'info', '-i', a, '-i', b, '-filter_complex', graph, '-f', 'null', '-'])).stderr;
      return Number(/PSNR .* average:([\d.]+|inf)/.exec(log)![1]!.replace('inf', '100'));
    };
    const [top, bottom] = await Promise.all([psnr('0'), psnr('ih*3/4')]);
    expect(top).toBeGreaterThan(40);
    expect(bottom).toBeLessThan(top - 10);
    const log = await call('jobs.log', { id: (await call('jobs.list', {})).find((j) => j.outputAssetId === burnt)!.id });
    expect(log.text).toContain('text: burning "Subs_Label" (1 cues) into the picture');
    expect(log.text).toContain('subtitles=filename=');
    // A name the input lacks is refused before anything is queued (asset input) or fails the job naming what there is.
    const source = (await call('assets.list', {})).find((x) => x.sourceFile === SOURCE)!;
    const refused = await dispatch(studio.handlers, 'jobs.encode', { assetId: source.id, transformName: 'Tiny', burnSubtitles: 'Klingon' });
    expect(refused.ok ? '' : refused.error.message).toMatch(/no text track named "Klingon" to burn in \(it has: Subs_Label, French\)/);
  });
});
