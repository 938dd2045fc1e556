/**
 * An AMS StandardEncoderPreset file, end to end through the CLI: `transforms import --path` (named by
 * --name), an encode whose output files follow the preset's filename pattern and outputFiles grouping,
 * those files served by the origin (download paths, and the HLS CMAF ladder read by ffprobe), and
 * `transforms export --format ams --path` giving the preset back.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobData, TransformData } from '../../../electron/studio/api/contract.ts';
import { openStudio, type Studio } from '../../../electron/studio/studio.ts';
import { doneJob, runCli } from '../../helpers/cli-run.ts';
import { encodeSource } from '../../helpers/fixtures.ts';
import { ffprobeBin, mustRun } from '../../helpers/run-process.ts';

const M = '#Microsoft.Media.';
const PRESET = {
  '@odata.type': `${M}StandardEncoderPreset`,
  codecs: [
    { '@odata.type': `${M}AacAudio`, label: 'aud', channels: 2, samplingRate: 48000, bitrate: 96000, profile: 'AacLc' },
    {
      '@odata.type': `${M}H264Video`,
      keyFrameInterval: 'PT2S',
      complexity: 'Speed',
      layers: [
        { width: '640', height: '360', label: 'HD', bitrate: 800000, maxBitrate: 1000000, profile: 'Main' },
        { width: '320', height: '180', label: 'SD', bitrate: 300000, bufferWindow: 'PT4S', profile: 'Baseline' },
      ],
    },
  ],
  formats: [{ '@odata.type': `${M}Mp4Format`, filenamePattern: '{Basename}-{Label}-{Bitrate}{Extension}', outputFiles: [{ labels: ['HD'] }, { labels: ['SD'] }, { labels: ['aud'] }] }],
};

let dir = '';
let library = '';
let job: JobData;

const cli = (...args: string[]) => runCli(library, ...args);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sep-encode-'));
  library = path.join(dir, 'library');
  const source = await encodeSource(path.join(dir, 'talk.mp4'), { seconds: 4, crf: 18 });
  await writeFile(path.join(dir, 'talk-preset.json'), JSON.stringify(PRESET, null, 2));
  const imported = await cli('transforms', 'import', '--path', path.join(dir, 'talk-preset.json'), '--name', 'TalkLadder', '--json');
  expect(imported.code, imported.stderr).toBe(0);
  const encoded = await cli('encode', source, '--preset', 'TalkLadder', '--json');
  expect(encoded.code, encoded.stderr).toBe(0);
  job = doneJob(encoded.stdout);
}, 240_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('a StandardEncoderPreset imported from a file', () => {
  it('maps onto a transform, and a bad field is refused by its path with exit 1', async () => {
    const t = JSON.parse((await cli('transforms', 'list', '--json')).stdout) as TransformData[];
    expect(t.find((x) => x.name === 'TalkLadder')?.definition).toEqual({
      name: 'TalkLadder',
      description: '',
      video: [
        { height: 360, kbps: 800, profile: 'main', maxKbps: 1000, label: 'HD' },
        { height: 180, kbps: 300, profile: 'baseline', bufferSec: 4, label: 'SD' },
      ],
      audio: { kbps: 96, channels: 2, label: 'aud' },
      interleaved: false,
      copy: false,
      complexity: 'Speed',
      filenamePattern: '{Basename}-{Label}-{Bitrate}{Extension}',
    });
    const bad = structuredClone(PRESET) as any;
    bad.codecs[1].layers[1].bFrames = 5;
    await writeFile(path.join(dir, 'bad.json'), JSON.stringify(bad));
    const r = await cli('transforms', 'import', '--path', path.join(dir, 'bad.json'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('codecs[1].layers[1].bFrames');
  });

  it("the encode's files follow the pattern and the grouping, with the layers' rate settings", async () => {
    expect(job.state).toBe('Finished');
    const files = JSON.parse((await cli('assets', 'files', job.outputAssetId!, '--json')).stdout) as { files: { name: string }[] };
    const names = files.files.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(['talk-HD-800.mp4', 'talk-SD-300.mp4', 'talk-aud-96.mp4']));
    expect(names.filter((n) => n.endsWith('.mp4'))).toHaveLength(3);
    const log = JSON.parse((await cli('jobs', 'log', job.id, '--json')).stdout) as { text: string };
    expect(log.text).toMatch(/-b:v 800k -maxrate 1000k -bufsize 1600k/);
    expect(log.text).toMatch(/-b:v 300k -maxrate 330k -bufsize 1200k/);
  });

  it('the origin serves those files: download paths by name, and the HLS CMAF ladder to ffprobe', async () => {
    let studio: Studio | null = null;
    try {
      studio = await openStudio({ libraryDir: library, runJobs: false });
      await studio.handlers['endpoint.settings.set']({ port: 0 });
      await studio.handlers['endpoint.start']({});
      const locator = await studio.handlers['locators.create']({ assetId: job.outputAssetId!, policyName: 'Predefined_DownloadAndClearStreaming' });
      const paths = await studio.handlers['locators.paths']({ id: locator.id });
      expect(paths.downloads.map((u) => path.basename(new URL(u).pathname))).toEqual(expect.arrayContaining(['talk-HD-800.mp4', 'talk-SD-300.mp4', 'talk-aud-96.mp4']));
      const hd = paths.downloads.find((u) => u.endsWith('talk-HD-800.mp4'))!;
      const res = await fetch(hd);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(await readFile(path.join(library, 'assets', job.outputAssetId!, 'talk-HD-800.mp4')))).toBe(true);
      const probe = await mustRun(ffprobeBin(), ['-v', 'error', '-show_entries', 'stream=codec_type,height', '-of', 'json', paths.urls['hls-cmaf']!]);
      const streams = (JSON.parse(probe.stdout.toString()) as { streams: { codec_type: string; height?: number }[] }).streams;
      expect(streams.filter((s) => s.codec_type === 'video').map((s) => s.height).sort()).toEqual([180, 360]);
      expect(streams.some((s) => s.codec_type === 'audio')).toBe(true);
    } finally {
      await studio?.close();
    }
  });

  it('exports back to an AMS preset with the same ladder and pattern', async () => {
    const out = path.join(dir, 'exported.json');
    const r = await cli('transforms', 'export', 'TalkLadder', '--format', 'ams', '--path', out);
    expect(r.code, r.stderr).toBe(0);
    const exported = JSON.parse(await readFile(out, 'utf8')) as typeof PRESET;
    expect(exported.formats).toEqual(PRESET.formats);
    expect(exported.codecs[0]).toEqual(PRESET.codecs[0]);
    const layers = (exported.codecs[1] as { layers: Record<string, unknown>[] }).layers;
    expect(layers.map((l) => [l.height, l.label, l.bitrate, l.maxBitrate, l.bufferWindow, l.profile])).toEqual([
      ['360', 'HD', 800000, 1000000, undefined, 'Main'],
      ['180', 'SD', 300000, undefined, 'PT4S', 'Baseline'],
    ]);
  });
});
