/**
 * Codecs beyond H.264/AAC in the origin, proven by ffmpeg/ffprobe as clients: an HEVC + AC-3 + E-AC-3
 * asset and an AV1 + Opus asset, imported as sets, serve in every format their codecs go in (the
 * packaging-core/formats/format-table.ts) — the pictures ffmpeg decodes equal the source's frame
 * for frame, the audio packets are the source's, ffprobe reports codec, profile and language — and
 * every other format answers 415 naming the codec and the formats that carry it. Smooth has no
 * HEVC/Dolby player here: test/helpers/smooth-client.ts rebuilds the elementary streams from the
 * client manifest and fragments as an MS-SSTR client does, and ffmpeg decodes them.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationOutput } from '../../../electron/studio/api/contract.ts';
import type { Studio } from '../../../electron/studio/studio.ts';
import { ffprobeBin, mustRun } from '../../helpers/run-process.ts';
import { codecRenditions, explicitHeAac } from '../../helpers/set-fixtures.ts';
import { fetchSmoothTrack, parseSmoothManifest } from '../../helpers/smooth-client.ts';
import { CORPUS, corpusFile } from '../../helpers/corpus.ts';
import { openTestStudio, studioCalls } from '../../helpers/test-studio.ts';
import { frameHashes } from '../../helpers/frame-hashes.ts';

let dir = '';
let studio: Studio;
let media: Awaited<ReturnType<typeof codecRenditions>>;

const { call } = studioCalls(() => studio);

async function streams(input: string, extra: string[] = []): Promise<{ codec_name: string; profile?: string; codec_type: string; tags?: { language?: string } }[]> {
  return JSON.parse((await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', '-show_streams', ...extra, input])).stdout.toString()).streams;
}

async function publish(files: string[], name: string) {
  const { sets } = await call('assets.importSet', { paths: files, name });
  const locator = await call('locators.create', { assetId: sets[0]!.asset!.id, policyName: 'Predefined_ClearStreamingOnly' });
  const paths = await call('locators.paths', { id: locator.id });
  const smooth = paths.streamingPaths.flatMap((g) => g.paths).find((p) => p.endsWith('/manifest'));
  const ism = `${paths.baseUrl}${(smooth ?? paths.streamingPaths[0]!.paths[0]!).replace(/\/manifest(\(.*\))?$/, '')}`;
  return { ism, ladder: sets[0]!.ladder, paths };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'codecs-'));
  media = await codecRenditions(path.join(dir, 'media'));
  studio = await openTestStudio(dir, { serve: true });
});
afterAll(async () => {
  await studio?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('HEVC video with AC-3 and E-AC-3 audio', () => {
  let ism = '';
  let ladder: OperationOutput<'assets.importSet'>['sets'][number]['ladder'];
  let source: string[];
  beforeAll(async () => {
    ({ ism, ladder } = await publish([media.hevc, media.ac3, media.eac3], 'hevc'));
    source = await frameHashes(`file:${media.hevc}`, '0:v:0');
  });

  it('imports with the codec strings of the streams', () => {
    expect(ladder.video.map((v) => v.codecString)).toEqual([expect.stringMatching(/^hvc1\.1\.6\.L\d+/)]);
    expect(ladder.audio.map((a) => [a.codecString, a.language, a.channels])).toEqual([
      ['ac-3', 'eng', 2],
      ['ec-3', 'fra', 2],
    ]);
  });

  it.each(['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf'])('HLS %s: HEVC decodes to the source pictures; AC-3/E-AC-3 packets are the source\'s', async (format) => {
    const video = `${ism}/QualityLevels(${ladder.video[0]!.bitrate})/Manifest(video,format=${format})`;
    expect(await frameHashes(video, '0:v:0'), format).toEqual(source);
    const master = await (await fetch(`${ism}/manifest(format=${format})`)).text();
    expect(master).toMatch(/CODECS="hvc1\.1\.6\.L\d+[^"]*"/);
    if (format === 'm3u8-aapl-v3') return; // muxed: the first audio track, checked through v4
    for (const [i, a] of ladder.audio.entries()) {
      const url = `${ism}/QualityLevels(${a.bitrate})/Manifest(${a.trackName},format=${format})`;
      // The language travels in the master playlist (ffmpeg's HLS demuxer does not surface the PMT's).
      expect(master).toContain(`NAME="${a.trackName}",LANGUAGE="${a.language}"`);
      expect((await streams(url))[0]!.codec_name, `${format} ${a.trackName}`).toBe(i === 0 ? 'ac3' : 'eac3');
      expect(await frameHashes(url, '0:a:0', [], 'raw')).toEqual(await frameHashes(`file:${i === 0 ? media.ac3 : media.eac3}`, '0:a:0', [], 'raw'));
    }
  });

  it.each(['mpd-time-csf', 'mpd-time-cmaf'])('DASH %s: ffprobe reports HEVC Main, AC-3 eng and E-AC-3 fra; frame-exact', async (format) => {
    const mpd = `${ism}/manifest(format=${format})`;
    const info = await streams(mpd);
    expect(info.map((s) => s.codec_name)).toEqual(['hevc', 'ac3', 'eac3']);
    expect(info[0]!.profile).toBe('Main');
    expect(info.slice(1).map((s) => s.tags?.language)).toEqual(['eng', 'fra']);
    expect(await frameHashes(mpd, '0:0')).toEqual(source);
    expect(await frameHashes(mpd, '0:1', [], 'raw')).toEqual(await frameHashes(`file:${media.ac3}`, '0:a:0', [], 'raw'));
    expect(await frameHashes(mpd, '0:2', [], 'raw')).toEqual(await frameHashes(`file:${media.eac3}`, '0:a:0', [], 'raw'));
  });

  it('ListPaths lists HLS, DASH and Smooth', async () => {
    const { paths } = await publish([media.hevc, media.ac3, media.eac3], 'hevc again');
    expect(paths.streamingPaths.map((g) => [g.protocol, g.paths.length])).toEqual([
      ['Hls', 3],
      ['Dash', 2],
      ['SmoothStreaming', 1],
    ]);
  });

  it('Smooth: HVC1 with VPS/SPS/PPS in CodecPrivateData decodes to the source pictures; AC-3/EC-3 QualityLevels carry dac3/dec3 and the source\'s syncframes', async () => {
    // No Smooth player here takes HEVC or Dolby audio, so a minimal MS-SSTR client (test/helpers/
    // smooth-client.ts) rebuilds the elementary streams from the manifest and fragments alone, and
    // ffmpeg decodes those.
    const manifest = `${ism}/manifest`;
    const { streams: indexes } = parseSmoothManifest(await (await fetch(manifest)).text());
    expect(indexes.map((s) => [s.Type, s.Language])).toEqual([
      ['video', undefined],
      ['audio', 'eng'],
      ['audio', 'fra'],
    ]);
    const video = await fetchSmoothTrack(manifest, indexes[0]!);
    expect([video.level.FourCC, video.level.MaxWidth, video.level.MaxHeight]).toEqual(['HVC1', '320', '180']);
    // VPS (NAL type 32), SPS (33), PPS (34), each behind a start code.
    expect(String(video.level.CodecPrivateData)).toMatch(/^000000014001.+000000014201.+000000014401/);
    expect(video.tfxdTimes).toEqual(video.manifestTimes);
    const hevc = path.join(dir, 'smooth.hevc');
    await writeFile(hevc, video.elementary);
    expect((await streams(hevc, ['-f', 'hevc'])).map((s) => [s.codec_name, s.profile])).toEqual([['hevc', 'Main']]);
    expect(await frameHashes(`file:${hevc}`, '0:v:0', ['-f', 'hevc'])).toEqual(source);

    for (const [i, [file, fourCc, box, guid, demuxer]] of ([
      [media.ac3, 'AC-3', 'dac3', '2C806DE046DBCF11B4D100805F6CBBEA', 'ac3'],
      [media.eac3, 'EC-3', 'dec3', 'AF87FBA7022DFB42A4D405CD93843BDD', 'eac3'],
    ] as const).entries()) {
      const audio = await fetchSmoothTrack(manifest, indexes[i + 1]!);
      const bytes = await readFile(file);
      const at = bytes.indexOf(box);
      const specific = bytes.subarray(at + 4, at - 4 + bytes.readUInt32BE(at - 4)).toString('hex').toUpperCase();
      // WAVEFORMATEXTENSIBLE extension: 1536 samples per block, stereo mask L|R, subformat GUID; then the box payload.
      expect([audio.level.FourCC, audio.level.AudioTag, audio.level.Channels, audio.level.SamplingRate, audio.level.CodecPrivateData]).toEqual([
        fourCc, '65534', '2', '48000', `000603000000${guid}${specific}`,
      ]);
      expect(audio.level.PacketSize).toBe('768'); // 192 kb/s × 1536 samples / 48 kHz / 8
      expect(audio.tfxdTimes).toEqual(audio.manifestTimes);
      const raw = path.join(dir, `smooth.${demuxer}`);
      await writeFile(raw, audio.elementary);
      expect((await streams(raw, ['-f', demuxer]))[0]!.codec_name).toBe(demuxer);
      expect(await frameHashes(`file:${raw}`, '0:a:0', ['-f', demuxer], 'raw')).toEqual(await frameHashes(`file:${file}`, '0:a:0', [], 'raw'));
    }
  });
});

describe('AV1 video with Opus audio', () => {
  let ism = '';
  let ladder: OperationOutput<'assets.importSet'>['sets'][number]['ladder'];
  beforeAll(async () => {
    ({ ism, ladder } = await publish([media.av1, media.opus], 'av1'));
  });

  it.each(['m3u8-cmaf', 'mpd-time-csf', 'mpd-time-cmaf'])('%s: AV1 decodes to the source pictures, Opus packets are the source\'s', async (format) => {
    const source = await frameHashes(`file:${media.av1}`, '0:v:0');
    if (format === 'm3u8-cmaf') {
      const video = `${ism}/QualityLevels(${ladder.video[0]!.bitrate})/Manifest(video,format=${format})`;
      expect(await frameHashes(video, '0:v:0')).toEqual(source);
      const a = ladder.audio[0]!;
      const audio = `${ism}/QualityLevels(${a.bitrate})/Manifest(${a.trackName},format=${format})`;
      expect(await frameHashes(audio, '0:a:0', [], 'raw')).toEqual(await frameHashes(`file:${media.opus}`, '0:a:0', [], 'raw'));
      return;
    }
    const mpd = `${ism}/manifest(format=${format})`;
    const info = await streams(mpd);
    expect(info.map((s) => [s.codec_name, s.tags?.language ?? null])).toEqual([
      ['av1', null],
      ['opus', 'deu'],
    ]);
    expect(await frameHashes(mpd, '0:0')).toEqual(source);
    expect(await frameHashes(mpd, '0:1', [], 'raw')).toEqual(await frameHashes(`file:${media.opus}`, '0:a:0', [], 'raw'));
  });

  it('ListPaths lists only the formats AV1 and Opus go in', async () => {
    const { paths } = await publish([media.av1, media.opus], 'av1 again');
    expect(paths.streamingPaths.map((g) => [g.protocol, g.paths.map((p) => p.replace(/^.*\/manifest/, 'manifest'))])).toEqual([
      ['Hls', ['manifest(format=m3u8-cmaf)']],
      ['Dash', ['manifest(format=mpd-time-csf)', 'manifest(format=mpd-time-cmaf)']],
    ]);
  });

  it.each(['manifest(format=m3u8-aapl)', 'manifest(format=m3u8-aapl-v3)', 'manifest', 'manifest(format=fmp4-v20)'])('%s answers 415 naming AV1', async (tail) => {
    const res = await fetch(`${ism}/${tail}`);
    expect(res.status).toBe(415);
    expect(await res.text()).toMatch(/is av01\.0\.\d\dM\.08, which .* cannot carry; this asset is served in HLS CMAF, DASH CSF, DASH CMAF/);
  });
});

describe('HE-AAC (a real SBR stream from the corpus, implicitly signalled)', () => {
  const corpus = corpusFile('DERIVED_remux_heaac_from_ts.m4a');
  it.each(['m3u8-aapl', 'm3u8-cmaf', 'mpd-time-csf', 'mpd-time-cmaf'])('%s: ffprobe finds HE-AAC at 44.1 kHz, packets are the source\'s', async (format) => {
    const { ism, ladder } = await publish([corpus], `heaac ${format}`);
    // The AudioSpecificConfig says AAC LC at 22.05 kHz (implicit SBR): the origin signals what it says,
    // and HE-AAC decoders find the SBR data in the stream, as ffmpeg does here.
    expect(ladder.audio.map((a) => a.codecString)).toEqual(['mp4a.40.2']);
    const a = ladder.audio[0]!;
    const url = format.startsWith('mpd') ? `${ism}/manifest(format=${format})` : `${ism}/QualityLevels(${a.bitrate})/Manifest(${a.trackName},format=${format})`;
    const info = (await streams(url))[0]! as { codec_name: string; profile?: string; sample_rate?: string };
    expect([info.codec_name, info.profile, info.sample_rate]).toEqual(['aac', 'HE-AAC', '44100']);
    const served = await frameHashes(url, '0:a:0', [], format === 'm3u8-aapl' ? 'adts' : 'raw');
    expect(served).toEqual(await frameHashes(corpus, '0:a:0', [], 'raw'));
  });
});

describe('HE-AAC explicitly signalled (AOT 5 in the AudioSpecificConfig: the corpus stream, esds rewritten)', () => {
  let ism = '';
  let ladder: OperationOutput<'assets.importSet'>['sets'][number]['ladder'];
  let file = '';
  let source: string[];
  beforeAll(async () => {
    file = await explicitHeAac(corpusFile('DERIVED_remux_heaac_from_ts.m4a'), path.join(dir, 'explicit', 'heaac_explicit.m4a'));
    ({ ism, ladder } = await publish([file], 'heaac explicit'));
    source = await frameHashes(`file:${file}`, '0:a:0', [], 'raw');
  });

  it('is mp4a.40.5 at the SBR rate in the ladder and in every manifest', async () => {
    expect(ladder.audio.map((a) => a.codecString)).toEqual(['mp4a.40.5']);
    for (const format of ['m3u8-aapl', 'm3u8-cmaf']) expect(await (await fetch(`${ism}/manifest(format=${format})`)).text(), format).toMatch(/CODECS="mp4a\.40\.5"/);
    for (const format of ['mpd-time-csf', 'mpd-time-cmaf']) {
      const mpd = await (await fetch(`${ism}/manifest(format=${format})`)).text();
      expect(mpd, format).toMatch(/codecs="mp4a\.40\.5" audioSamplingRate="44100"/);
    }
    const { streams: indexes } = parseSmoothManifest(await (await fetch(`${ism}/manifest`)).text());
    const q = (indexes[0]!.QualityLevel as Record<string, unknown>[])[0]!;
    expect([q.FourCC, q.SamplingRate, q.CodecPrivateData]).toEqual(['AACH', '44100', '2B920800']);
  });

  it.each(['m3u8-aapl', 'm3u8-cmaf', 'mpd-time-csf', 'mpd-time-cmaf'])('%s: ffprobe finds HE-AAC at 44.1 kHz, the packets are the source\'s', async (format) => {
    const a = ladder.audio[0]!;
    const url = format.startsWith('mpd') ? `${ism}/manifest(format=${format})` : `${ism}/QualityLevels(${a.bitrate})/Manifest(${a.trackName},format=${format})`;
    const info = (await streams(url))[0]! as { codec_name: string; profile?: string; sample_rate?: string };
    expect([info.codec_name, info.profile, info.sample_rate]).toEqual(['aac', 'HE-AAC', '44100']);
    expect(await frameHashes(url, '0:a:0', [], format === 'm3u8-aapl' ? 'adts' : 'raw')).toEqual(source);
  });
});

describe('HDR signalling (the corpus: an iPhone HEVC Main10 HLG recording with Dolby Vision profile 8 (HLG base, level 2), an AV1 HDR10 file)', () => {
  const corpus = CORPUS;

  it('Dolby Vision 8.4 on HLG: VIDEO-RANGE=HLG and SUPPLEMENTAL-CODECS in HLS; transfer, primaries, matrix and scte214:supplementalCodecs in DASH; ffprobe finds HLG, BT.2020 and the DV configuration in the served stream', async () => {
    const { ism } = await publish([`${corpus}/iphone14pro_hevc10_hlg_dovi_rot-90_mebx.mov`], 'dovi');
    for (const format of ['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf']) {
      const master = await (await fetch(`${ism}/manifest(format=${format})`)).text();
      expect(master, format).toMatch(/#EXT-X-STREAM-INF:[^\n]*VIDEO-RANGE=HLG,CODECS="hvc1\.2\.4\.L93\.B0[^"]*",SUPPLEMENTAL-CODECS="dvh1\.08\.02\/db4h"/);
    }
    const mpdUrl = `${ism}/manifest(format=mpd-time-cmaf)`;
    const mpd = await (await fetch(mpdUrl)).text();
    expect(XMLValidator.validate(mpd)).toBe(true);
    expect(mpd).toContain('xmlns:scte214="urn:scte:dash:scte214-extensions"');
    expect(mpd).toContain('<EssentialProperty schemeIdUri="urn:mpeg:mpegB:cicp:TransferCharacteristics" value="18"/>');
    expect(mpd).toContain('<SupplementalProperty schemeIdUri="urn:mpeg:mpegB:cicp:ColourPrimaries" value="9"/>');
    expect(mpd).toContain('<SupplementalProperty schemeIdUri="urn:mpeg:mpegB:cicp:MatrixCoefficients" value="9"/>');
    expect(mpd).toMatch(/codecs="hvc1\.2\.4\.L93\.B0" scte214:supplementalCodecs="dvh1\.08\.02" scte214:supplementalProfiles="db4h"/);
    const probe = JSON.parse((await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', '-show_streams', '-select_streams', 'v:0', mpdUrl])).stdout.toString()).streams[0];
    expect([probe.codec_name, probe.profile, probe.color_transfer, probe.color_primaries, probe.color_space]).toEqual(['hevc', 'Main 10', 'arib-std-b67', 'bt2020', 'bt2020nc']);
    const dovi = (probe.side_data_list as { side_data_type: string; dv_profile?: number; dv_level?: number; dv_bl_signal_compatibility_id?: number }[]).find((d) => d.side_data_type === 'DOVI configuration record');
    expect([dovi?.dv_profile, dovi?.dv_level, dovi?.dv_bl_signal_compatibility_id]).toEqual([8, 2, 4]);
  });

  it('AV1 HDR10: VIDEO-RANGE=PQ in HLS CMAF, TransferCharacteristics 16 with BT.2020 primaries and matrix in DASH, no Dolby Vision', async () => {
    const { ism } = await publish([`${corpus}/av1_10bit_hdr10_mdcv_clli_aac.mp4`], 'hdr10');
    const master = await (await fetch(`${ism}/manifest(format=m3u8-cmaf)`)).text();
    expect(master).toMatch(/VIDEO-RANGE=PQ,CODECS="av01\.0\.09M\.10[^"]*"/);
    expect(master).not.toContain('SUPPLEMENTAL-CODECS');
    const mpd = await (await fetch(`${ism}/manifest(format=mpd-time-csf)`)).text();
    expect(mpd).toContain('<EssentialProperty schemeIdUri="urn:mpeg:mpegB:cicp:TransferCharacteristics" value="16"/>');
    expect(mpd).toContain('<SupplementalProperty schemeIdUri="urn:mpeg:mpegB:cicp:ColourPrimaries" value="9"/>');
    expect(mpd).not.toContain('scte214');
    const probe = JSON.parse((await mustRun(ffprobeBin(), ['-v', 'error', '-of', 'json', '-show_streams', '-select_streams', 'v:0', `${ism}/manifest(format=mpd-time-csf)`])).stdout.toString()).streams[0];
    expect([probe.color_transfer, probe.color_primaries]).toEqual(['smpte2084', 'bt2020']);
  });
});
