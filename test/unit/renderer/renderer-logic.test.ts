import { describe, expect, it } from 'vitest';
import type { AssetData, JobData, TransformData } from '../../../electron/studio/api/contract.ts';
import { estimateOutputBytes, plannedRungs } from '../../../renderer/src/features/encode/estimate-size.ts';
import { applyJobEvent, sortJobs } from '../../../renderer/src/features/jobs/apply-job-event.ts';
import { assetBadge } from '../../../renderer/src/features/library/asset-badge.ts';
import { assetDurations } from '../../../renderer/src/features/library/asset-duration.ts';
import { ladderSummary } from '../../../renderer/src/features/library/ladder-summary.ts';
import { filterAndSortAssets } from '../../../renderer/src/features/library/sort-assets.ts';
import { containerName, formatBytes, formatDuration } from '../../../renderer/src/lib/format.ts';
import { urlIn } from '../../../renderer/src/features/player/engine.ts';

type Media = NonNullable<AssetData['mediaInfo']>;

const media = (durationSec: number, w = 1280, h = 720, languages = ['eng', 'fra']): Media => ({
  file: '/m.mp4',
  sizeBytes: 1_000_000,
  container: 'mov,mp4',
  durationSec,
  bitrate: 5_000_000,
  video: {
    index: 0, codec: 'h264', width: w, height: h, displayWidth: w, displayHeight: h, rotation: 0, sar: { num: 1, den: 1 },
    frameRate: 25, variableFrameRate: false, pixelFormat: 'yuv420p', bitDepth: 8, hdr: null, interlaced: false, bitrate: 4_000_000, durationSec, frameCount: null,
  },
  otherVideo: [],
  audio: languages.map((language, i) => ({ index: i + 1, codec: 'aac', sampleRate: 48000, channels: 2, language, bitrate: 128_000, durationSec })),
  warnings: [],
});

const asset = (over: Partial<AssetData>): AssetData => ({
  id: 'a', name: 'a', folder: 'assets/a', sourceFile: null, mediaInfo: null, ismName: null, state: 'Finished', storage: 'local',
  createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', ...over,
});

const job = (over: Partial<JobData>): JobData => ({
  id: 'j', transformName: 'T', inputAssetId: null, inputFile: null, outputAssetId: null, state: 'Queued', progress: null, error: null,
  logTail: '', retryOf: null, createdAt: '2026-01-01T00:00:00Z', startedAt: null, endedAt: null, ...over,
});

const def = (over: Partial<TransformData['definition']>): TransformData['definition'] => ({
  name: 'T', description: '', video: [{ height: 360, kbps: 800 }, { height: 240, kbps: 400 }], audio: { kbps: 128, channels: 2 }, interleaved: false, copy: false, ...over,
});

describe('encode estimate', () => {
  it('sums video rungs and one audio file per language over the duration', () => {
    // (800 + 400 + 2 × 128) kb/s × 10 s / 8 = 1 820 000 bytes
    expect(estimateOutputBytes(def({}), media(10))).toBe(1_820_000);
  });
  it('counts muxed audio once per rung', () => {
    expect(estimateOutputBytes(def({ interleaved: true }), media(8))).toBe(((800 + 128 + 400 + 128) * 1000 * 8) / 8);
  });
  it('caps adaptive ladders at the source height and sizes widths from its aspect ratio', () => {
    const rungs = plannedRungs(def({ adaptive: true, video: [{ height: 1080, kbps: 6000 }, { height: 540, kbps: 2000 }, { height: 270, kbps: 700 }] }), media(5, 960, 540));
    expect(rungs).toEqual([{ height: 540, width: 960, kbps: 2000 }, { height: 270, width: 480, kbps: 700 }]);
  });
  it('has no estimate without a probe', () => {
    expect(estimateOutputBytes(def({}), null)).toBeNull();
  });
});

describe('job events', () => {
  it('adds new jobs first, replaces known ones and merges progress', () => {
    let jobs = [job({ id: 'old', state: 'Finished' })];
    jobs = applyJobEvent(jobs, { seq: 1, type: 'state', job: job({ id: 'new', state: 'Queued' }) });
    expect(jobs.map((j) => j.id)).toEqual(['new', 'old']);
    jobs = applyJobEvent(jobs, { seq: 2, type: 'progress', jobId: 'new', progress: { percent: 42, speed: 2 } });
    expect(jobs[0]?.progress).toEqual({ percent: 42, speed: 2 });
    jobs = applyJobEvent(jobs, { seq: 3, type: 'state', job: job({ id: 'new', state: 'Finished' }) });
    expect(jobs.map((j) => [j.id, j.state])).toEqual([['new', 'Finished'], ['old', 'Finished']]);
  });
});

describe('job order', () => {
  it('pins running jobs, then the queue in run order, then the rest newest first — whatever order they arrive in', () => {
    const jobs = [
      job({ id: 'done-old', state: 'Finished', createdAt: '2026-01-01T00:00:01Z' }),
      job({ id: 'q2', state: 'Queued', createdAt: '2026-01-01T00:00:05Z' }),
      job({ id: 'run', state: 'Processing', createdAt: '2026-01-01T00:00:03Z', startedAt: '2026-01-01T00:00:04Z' }),
      job({ id: 'q1', state: 'Queued', createdAt: '2026-01-01T00:00:04Z' }),
      job({ id: 'canceled-new', state: 'Canceled', createdAt: '2026-01-01T00:00:06Z' }),
      job({ id: 'error-mid', state: 'Error', createdAt: '2026-01-01T00:00:02Z' }),
    ];
    const expected = ['run', 'q1', 'q2', 'canceled-new', 'error-mid', 'done-old'];
    expect(sortJobs(jobs).map((j) => j.id)).toEqual(expected);
    expect(sortJobs([...jobs].reverse()).map((j) => j.id)).toEqual(expected);
  });
});

describe('asset badges', () => {
  it('says Imported for a source, Canceled for an output whose job was canceled, Error otherwise', () => {
    expect(assetBadge(asset({ sourceFile: '/m/a.mp4' }), [])).toBe('Imported');
    const out = asset({ id: 'o', state: 'Error' });
    expect(assetBadge(out, [job({ outputAssetId: 'o', state: 'Canceled' })])).toBe('Canceled');
    expect(assetBadge(out, [job({ outputAssetId: 'o', state: 'Error', error: { kind: 'MediaError', message: 'x', retryable: true } })])).toBe('Error');
    expect(assetBadge(asset({ state: 'Processing' }), [])).toBe('Processing');
  });
});

describe('container names', () => {
  it('names containers as people do, not as ffprobe lists its demuxers', () => {
    expect(containerName('mov,mp4,m4a,3gp,3g2,mj2', '/x/clip.mp4')).toBe('MP4');
    expect(containerName('mov,mp4,m4a,3gp,3g2,mj2', '/x/IMG_0001.MOV')).toBe('QuickTime (MOV)');
    expect(containerName('matroska,webm', 'a.mkv')).toBe('Matroska (MKV)');
    expect(containerName('mpegts', 'a.ts')).toBe('MPEG-TS');
  });
});

describe('library', () => {
  const assets = [
    asset({ id: '1', name: 'Beta 10', createdAt: '2026-01-02T00:00:00Z', mediaInfo: media(30) }),
    asset({ id: '2', name: 'alpha', createdAt: '2026-01-03T00:00:00Z', mediaInfo: media(5) }),
    asset({ id: '3', name: 'Beta 9', createdAt: '2026-01-01T00:00:00Z', state: 'Error' }),
  ];
  it('sorts by name naturally, by date and by duration, and filters by name or state', () => {
    expect(filterAndSortAssets(assets, '', 'name').map((a) => a.name)).toEqual(['alpha', 'Beta 9', 'Beta 10']);
    expect(filterAndSortAssets(assets, '', 'newest').map((a) => a.id)).toEqual(['2', '1', '3']);
    expect(filterAndSortAssets(assets, '', 'duration').map((a) => a.id)).toEqual(['1', '2', '3']);
    expect(filterAndSortAssets(assets, 'beta', 'oldest').map((a) => a.id)).toEqual(['3', '1']);
    expect(filterAndSortAssets(assets, 'error', 'name').map((a) => a.id)).toEqual(['3']);
  });
  it('gives an encoded asset the duration of the source its job read', () => {
    const out = asset({ id: 'out', ismName: 'x.ism' });
    const d = assetDurations([...assets, out], [job({ inputAssetId: '1', outputAssetId: 'out' })]);
    expect(d.get('out')).toBe(30);
    expect(d.get('2')).toBe(5);
  });
  it('summarises an encoded ladder from its tracks and a source from its probe', () => {
    const tracks = [
      { kind: 'video' as const, src: 'a_640x360_800.mp4', bitrate: 800_000, language: null, width: 640, height: 360 },
      { kind: 'video' as const, src: 'a_426x240_400.mp4', bitrate: 400_000, language: null, width: 426, height: 240 },
      { kind: 'audio' as const, src: 'a_AACAudio_eng_128.mp4', bitrate: 128_000, language: 'eng', width: null, height: null },
    ];
    expect(ladderSummary(asset({}), { files: [], tracks, poster: null })).toBe('2 video rungs 240p–360p · 1 audio (eng)');
    expect(ladderSummary(asset({ mediaInfo: media(5) }), null)).toBe('Source: 1280×720 h264 · 2 audio');
  });
});

describe('formatting and player errors', () => {
  it('formats sizes and durations with fixed decimals', () => {
    expect(formatBytes(910_000)).toBe('910.0 KB');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatDuration(5.4)).toBe('0:05');
  });
  it('finds the failing URL in player error payloads', () => {
    expect(urlIn(['http://h/x.m3u8', 404])).toBe('http://h/x.m3u8');
    expect(urlIn({ url: 'https://h/seg' })).toBe('https://h/seg');
    expect(urlIn([1, 'not a url'])).toBeNull();
  });
});
