/**
 * ABR sets as users bring them, made from the shared lavfi fixture with ffmpeg at test time: rungs with
 * every audio language muxed in (the same streams copied into each), an AMS asset container (AMS's file
 * names, its `.ism` dialect with params, `.ismc`, manifest JSON and metadata XML), and broken variants.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, truncate, writeFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { abrFixture, cacheRoot, type AbrFixture } from './fixtures.ts';
import { ffmpegBin, mustRun } from './run-process.ts';

const FF = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error'];

/**
 * The set the bring-your-own suites make their sets from: two small rungs (6 s, 24 fps, 2 s GOPs)
 * and two audio languages; made once and cached like every abrFixture recipe.
 */
export function byoFixture(): Promise<AbrFixture> {
  return abrFixture({
    name: 'byo',
    durationSec: 6,
    fps: 24,
    gopSec: 2,
    rungs: [
      { width: 320, height: 180, kbps: 400 },
      { width: 160, height: 90, kbps: 150 },
    ],
    languages: ['eng', 'fra'],
    audioKbps: 64,
  });
}

/** Each video rung with every audio file muxed in (stream copy: the same audio bytes in every rung). */
export async function muxedRungs(fx: AbrFixture, folder: string): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const out: string[] = [];
  for (const v of fx.videoFiles) {
    const target = path.join(folder, path.basename(v.file));
    const args = [...FF, '-i', `file:${v.file}`, ...fx.audioFiles.flatMap((a) => ['-i', `file:${a.file}`]), '-map', '0:v'];
    fx.audioFiles.forEach((a, i) => args.push('-map', `${i + 1}:a`, `-metadata:s:a:${i}`, `language=${a.language}`));
    args.push('-c', 'copy', '-movflags', '+faststart', `file:${target}`);
    await mustRun(ffmpegBin(), args);
    out.push(target);
  }
  return out;
}

export interface AmsAudio {
  readonly src: string;
  readonly trackId: number;
  readonly language: string;
  readonly bitrate: number;
}

/** AMS's `.ism` (v3 encoder output): systemBitrate as attribute and param, trackID, trackName, systemLanguage. */
export function amsIsm(fx: AbrFixture, ismcName: string, audio: readonly AmsAudio[]): string {
  const video = fx.videoFiles.map(
    (v) => `      <video src="${path.basename(v.file)}" systemBitrate="${v.bitrate}">
        <param name="systemBitrate" value="${v.bitrate}" valuetype="data" />
        <param name="trackID" value="1" valuetype="data" />
        <param name="trackName" value="video" valuetype="data" />
      </video>`,
  );
  const audios = audio.map(
    (a) => `      <audio src="${a.src}" systemBitrate="${a.bitrate}" systemLanguage="${a.language}">
        <param name="systemBitrate" value="${a.bitrate}" valuetype="data" />
        <param name="trackID" value="${a.trackId}" valuetype="data" />
        <param name="trackName" value="${amsAudioTrackName(a)}" valuetype="data" />
        <param name="systemLanguage" value="${a.language}" valuetype="data" />
      </audio>`,
  );
  return `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<smil xmlns="http://www.w3.org/2001/SMIL20/Language">
  <head>
    <meta name="formats" content="mp4-v3" />
    <meta name="fragmentsPerHLSSegment" content="1" />
    <meta name="clientManifestRelativePath" content="${ismcName}" />
  </head>
  <body>
    <switch>
${[...video, ...audios].join('\n')}
    </switch>
  </body>
</smil>
`;
}

export const amsAudioTrackName = (a: AmsAudio): string => `aac_${a.language}_2_${a.bitrate}_2_1`;

/**
 * A downloaded AMS container: `asset-<guid>/` holding the rungs, the .ism, .ismc and side files; audio
 * in AMS's `_AACAudio_` files (separate) or muxed into every rung (`muxedRungs` as the video files).
 */
export async function amsContainer(
  fx: AbrFixture,
  parent: string,
  guid: string,
  audio: { readonly mode: 'separate' } | { readonly mode: 'muxed'; readonly rungs: readonly string[] },
  /** The source file name AMS's input metadata records (`<input asset id>_metadata.xml`); none: an empty one. */
  sourceFile?: string,
): Promise<{ folder: string; audio: AmsAudio[] }> {
  const folder = path.join(parent, `asset-${guid}`);
  await mkdir(folder, { recursive: true });
  const rungs = audio.mode === 'muxed' ? audio.rungs : fx.videoFiles.map((v) => v.file);
  for (const f of rungs) await copyFile(f, path.join(folder, path.basename(f)));
  let tracks: AmsAudio[];
  if (audio.mode === 'separate') {
    for (const a of fx.audioFiles) await copyFile(a.file, path.join(folder, path.basename(a.file)));
    tracks = fx.audioFiles.map((a, i) => ({ src: path.basename(a.file), trackId: 1, language: a.language, bitrate: a.bitrate + 1 + i }));
  } else {
    tracks = fx.audioFiles.map((a, i) => ({ src: path.basename(rungs[0]!), trackId: 2 + i, language: a.language, bitrate: a.bitrate + 1 + i }));
  }
  const base = fx.recipe.name;
  await writeFile(path.join(folder, `${base}.ism`), amsIsm(fx, `${base}.ismc`, tracks));
  await writeFile(path.join(folder, `${base}.ismc`), '<?xml version="1.0" encoding="utf-8"?><SmoothStreamingMedia MajorVersion="2" MinorVersion="2" Duration="0"></SmoothStreamingMedia>\n');
  await writeFile(path.join(folder, `${base}_manifest.json`), JSON.stringify({ AssetFile: rungs.map((f) => ({ FileName: path.basename(f) })) }));
  if (sourceFile === undefined) await writeFile(path.join(folder, `${base}_metadata.xml`), '<?xml version="1.0" encoding="utf-8"?><AssetFiles/>\n');
  else {
    // AMS's input metadata schema (AssetFiles/AssetFile@Name …), named after the input asset's id.
    await writeFile(
      path.join(folder, `${guid.replace(/^./, '9')}_metadata.xml`),
      `<?xml version="1.0" encoding="utf-8"?>
<AssetFiles xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.microsoft.com/windowsazure/mediaservices/2014/07/mediaencoder/inputmetadata">
  <AssetFile Name="${sourceFile}" Size="1048576" Duration="PT4S" NumberOfStreams="2" FormatNames="mov,mp4,m4a,3gp,3g2,mj2" FormatVerboseName="QuickTime / MOV" StartTime="PT0S" OverallBitRate="2000">
    <VideoTracks><VideoTrack Id="1" Codec="h264" Width="320" Height="180" /></VideoTracks>
  </AssetFile>
</AssetFiles>
`,
    );
  }
  return { folder, audio: tracks };
}

/** Re-encodes a rung with other encoder settings (a bad rung: other GOP, open GOP, HEVC, shorter). */
export async function reencodedRung(source: string, target: string, videoArgs: readonly string[], inputArgs: readonly string[] = []): Promise<string> {
  await mkdir(path.dirname(target), { recursive: true });
  await mustRun(ffmpegBin(), [...FF, ...inputArgs, '-i', `file:${source}`, '-map', '0:v', ...videoArgs, '-movflags', '+faststart', `file:${target}`]);
  return target;
}

/** Cuts a faststart file to a fraction of its size: the index is whole, the media is not (an interrupted copy). */
export async function truncatedCopy(source: string, target: string, fraction: number): Promise<string> {
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(source, target);
  await truncate(target, Math.floor((await stat(target)).size * fraction));
  return target;
}

export async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8');
}

/**
 * The set as fragmented sources, remuxed without re-encoding: `ismv` = ffmpeg's Smooth Streaming
 * muxer (`.ismv` rungs, `.isma` audio, tfxd times); `cmaf` = CMAF track files (`.cmfv`/`.cmfa`, one
 * fragment per GOP, tfdt times, default-base-is-moof).
 */
export async function fragmentedSet(fx: AbrFixture, folder: string, kind: 'ismv' | 'cmaf', startSec = 0): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  const out: string[] = [];
  const mux = kind === 'ismv' ? ['-f', 'ismv'] : ['-f', 'mp4', '-movflags', '+cmaf+frag_keyframe+empty_moov+default_base_moof'];
  for (const f of [...fx.videoFiles, ...fx.audioFiles]) {
    const isVideo = fx.videoFiles.some((v) => v.file === f.file);
    const ext = kind === 'ismv' ? (isVideo ? '.ismv' : '.isma') : isVideo ? '.cmfv' : '.cmfa';
    const target = path.join(folder, `${path.parse(f.file).name}${ext}`);
    // Audio has no key frames to cut on: 2 s fragments like the video's GOPs.
    const fragments = isVideo ? [] : ['-frag_duration', '2000000'];
    // startSec: a live archive's absolute times (AMS live ISMVs start where the event's clock was).
    const offset = startSec > 0 ? ['-output_ts_offset', String(startSec)] : [];
    await mustRun(ffmpegBin(), [...FF, '-i', `file:${f.file}`, '-c', 'copy', ...offset, ...fragments, ...mux, `file:${target}`]);
    out.push(target);
  }
  return out;
}

const CODEC_RENDITIONS_VERSION = 1;

/**
 * Tiny renditions in the codecs beyond H.264/AAC, made with Debian's ffmpeg (libx265, libsvtav1, ac3,
 * eac3, libopus) once per machine in the fixture cache (made aside, then renamed into place), and
 * copied into `folder` for the test that asked.
 */
export async function codecRenditions(folder: string): Promise<CodecRenditions> {
  const cached = path.join(cacheRoot(), `codecs-v${CODEC_RENDITIONS_VERSION}`);
  if (!existsSync(cached)) {
    const work = `${cached}.tmp-${process.pid}-${Date.now()}`;
    await makeCodecRenditions(work);
    await rename(work, cached).catch(async (err: unknown) => {
      await rm(work, { recursive: true, force: true });
      if (!existsSync(cached)) throw err;
    });
  }
  await mkdir(folder, { recursive: true });
  const made = codecRenditionNames(cached);
  const out = codecRenditionNames(folder);
  for (const key of Object.keys(made) as (keyof typeof made)[]) await copyFile(made[key], out[key]);
  return out;
}

type CodecRenditions = Record<'hevc' | 'av1' | 'ac3' | 'eac3' | 'opus', string>;

function codecRenditionNames(folder: string): CodecRenditions {
  return {
    hevc: path.join(folder, 'clip_320x180_hevc.mp4'),
    av1: path.join(folder, 'clip_320x180_av1.mp4'),
    ac3: path.join(folder, 'clip_AC3Audio_eng.mp4'),
    eac3: path.join(folder, 'clip_EAC3Audio_fra.mp4'),
    opus: path.join(folder, 'clip_OpusAudio_deu.mp4'),
  };
}

async function makeCodecRenditions(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  const video = (codec: string[], name: string) => [...FF, '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=24:duration=4', '-pix_fmt', 'yuv420p', ...codec, `file:${path.join(folder, name)}`];
  const audio = (freq: number, lang: string, codec: string[], name: string) => [
    ...FF, '-f', 'lavfi', '-i', `sine=frequency=${freq}:sample_rate=48000:duration=4`, '-ac', '2', ...codec, '-metadata:s:a:0', `language=${lang}`, `file:${path.join(folder, name)}`,
  ];
  const out = codecRenditionNames(folder);
  await Promise.all([
    mustRun(ffmpegBin(), video(['-c:v', 'libx265', '-preset', 'ultrafast', '-tag:v', 'hvc1', '-x265-params', 'keyint=48:min-keyint=48:scenecut=0:open-gop=0:log-level=error'], path.basename(out.hevc))),
    mustRun(ffmpegBin(), [...video(['-c:v', 'libsvtav1', '-preset', '12', '-g', '48', '-svtav1-params', 'keyint=48'], path.basename(out.av1)), '-loglevel', 'error']),
    mustRun(ffmpegBin(), audio(440, 'eng', ['-c:a', 'ac3', '-b:a', '192k'], path.basename(out.ac3))),
    mustRun(ffmpegBin(), audio(660, 'fra', ['-c:a', 'eac3', '-b:a', '192k'], path.basename(out.eac3))),
    mustRun(ffmpegBin(), audio(880, 'deu', ['-c:a', 'libopus', '-b:a', '96k'], path.basename(out.opus))),
  ]);
}

/**
 * HE-AAC with explicit SBR signalling, which no tool here writes (Debian's ffmpeg has no HE-AAC encoder
 * and its muxer keeps the AudioSpecificConfig it is given): the corpus's real HE-AAC stream
 * (DERIVED_remux_heaac_from_ts.m4a: implicit, `13 90` = AAC LC 22.05 kHz stereo) with only its esds
 * rewritten to hierarchical explicit signalling (ISO 14496-3 §1.6.2.1): AOT 5 (SBR), core 22.05 kHz,
 * stereo, extension rate 44.1 kHz, then AOT 2 — `2B 92 08 00`. The media bytes are untouched; the moov
 * follows the mdat, so no chunk offset moves when the esds grows by two bytes.
 */
export async function explicitHeAac(source: string, target: string): Promise<string> {
  const data = await readFile(source);
  const asc = Buffer.from([0x2b, 0x92, 0x08, 0x00]);
  const ancestors: number[] = [];
  const find = (from: number, to: number, type: string): number => {
    for (let at = from; at + 8 <= to; at += data.readUInt32BE(at)) if (data.toString('latin1', at + 4, at + 8) === type) return at;
    throw new Error(`${source}: no ${type}`);
  };
  let box = find(0, data.length, 'moov');
  // Children start after the header, plus stsd's version/flags/count and the audio sample entry's 28 bytes.
  const skip: Record<string, number> = { stsd: 8, mp4a: 28 };
  let type = 'moov';
  for (const next of ['trak', 'mdia', 'minf', 'stbl', 'stsd', 'mp4a', 'esds']) {
    ancestors.push(box);
    box = find(box + 8 + (skip[type] ?? 0), box + data.readUInt32BE(box), next);
    type = next;
  }
  const esds = data.subarray(box, box + data.readUInt32BE(box));
  const dsi = esds.indexOf(Buffer.from([0x05, 0x80, 0x80, 0x80]));
  const oldLength = esds[dsi + 4]!;
  if (dsi < 0 || esds.subarray(dsi + 5, dsi + 5 + oldLength).toString('hex') !== '1390') throw new Error(`${source}: not the implicit HE-AAC config expected`);
  const grow = asc.length - oldLength;
  const patched = Buffer.concat([esds.subarray(0, dsi + 4), Buffer.from([asc.length]), asc, esds.subarray(dsi + 5 + oldLength)]);
  patched.writeUInt32BE(patched.length, 0);
  // The ES_Descriptor (0x03) and DecoderConfigDescriptor (0x04) lengths, 4-byte form as ffmpeg writes them.
  for (const tag of [0x03, 0x04]) {
    const at = patched.indexOf(Buffer.from([tag, 0x80, 0x80, 0x80]), 12);
    patched[at + 4] = patched[at + 4]! + grow;
  }
  const out = Buffer.concat([data.subarray(0, box), patched, data.subarray(box + esds.length)]);
  for (const a of ancestors) out.writeUInt32BE(out.readUInt32BE(a) + grow, a);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, out);
  return target;
}
