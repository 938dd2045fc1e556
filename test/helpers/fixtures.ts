/**
 * Deterministic test media made with ffmpeg from lavfi sources (no binaries in git):
 *  - a mezzanine (testsrc2 picture, one sine tone per audio language), and
 *  - an AMS-style ABR set made from it: video-only rungs with B-frames and closed, aligned 2 s GOPs,
 *    one AAC file per language, and the `.ism`.
 * Each recipe is made once and cached in a temp folder keyed by a hash of the recipe, so the whole
 * suite (and later runs on the same machine) share it. Made in a temp folder, then renamed: a
 * concurrent maker or a killed run never leaves a half-made fixture behind.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeIsm } from '../../packaging-core/index.ts';
import { ffmpegBin, mustRun } from './run-process.ts';

export interface Rung {
  readonly width: number;
  readonly height: number;
  readonly kbps: number;
}

export interface AbrRecipe {
  readonly name: string;
  readonly durationSec: number;
  readonly fps: number;
  readonly gopSec: number;
  readonly rungs: readonly Rung[];
  /** One audio track per language (ISO 639-2), each its own file. */
  readonly languages: readonly string[];
  readonly audioKbps: number;
  readonly fragmentsPerHlsSegment?: number;
}

export const DEFAULT_RECIPE: AbrRecipe = {
  name: 'fixture',
  // Not a multiple of the 2 s GOP: the last fragment is short, as in real assets.
  durationSec: 13,
  fps: 30,
  gopSec: 2,
  rungs: [
    { width: 640, height: 360, kbps: 900 },
    { width: 480, height: 270, kbps: 500 },
    { width: 320, height: 180, kbps: 250 },
  ],
  languages: ['eng', 'fra'],
  audioKbps: 128,
};

export interface AbrFixture {
  readonly recipe: AbrRecipe;
  /** Folder holding the ABR set and the `.ism`. */
  readonly folder: string;
  readonly ismName: string;
  readonly mezzanine: string;
  readonly videoFiles: readonly { file: string; rung: Rung; bitrate: number }[];
  readonly audioFiles: readonly { file: string; language: string; bitrate: number; trackName: string }[];
}

const RECIPE_VERSION = 1;
const TONES = [440, 660, 880, 1000];

export function cacheRoot(): string {
  return process.env.ORIGIN_STUDIO_FIXTURES ?? path.join(tmpdir(), 'origin-studio-fixtures');
}

function describe(recipe: AbrRecipe, folder: string): AbrFixture {
  const videoFiles = recipe.rungs.map((rung) => ({
    file: path.join(folder, `${recipe.name}_${rung.width}x${rung.height}_${rung.kbps}.mp4`),
    rung,
    bitrate: rung.kbps * 1000,
  }));
  const audioFiles = recipe.languages.map((language) => ({
    file: path.join(folder, `${recipe.name}_AACAudio_${language}_${recipe.audioKbps}.mp4`),
    language,
    bitrate: recipe.audioKbps * 1000,
    trackName: `aac_${language}_2_${recipe.audioKbps * 1000}`,
  }));
  return {
    recipe,
    folder,
    ismName: `${recipe.name}.ism`,
    mezzanine: path.join(folder, 'mezzanine', `${recipe.name}_mezzanine.mp4`),
    videoFiles,
    audioFiles,
  };
}

/** The mezzanine: a lavfi picture and one tone per language, tagged with the language. */
async function makeMezzanine(recipe: AbrRecipe, out: string): Promise<void> {
  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error'];
  args.push('-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=${recipe.fps}:duration=${recipe.durationSec}`);
  recipe.languages.forEach((_, i) => {
    const f = TONES[i % TONES.length] ?? 440;
    args.push('-f', 'lavfi', '-i', `sine=frequency=${f}:sample_rate=48000:duration=${recipe.durationSec}`);
  });
  args.push('-map', '0:v:0');
  recipe.languages.forEach((lang, i) => {
    args.push('-map', `${i + 1}:a:0`, `-metadata:s:a:${i}`, `language=${lang}`);
  });
  args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18', '-pix_fmt', 'yuv420p');
  args.push('-c:a', 'aac', '-b:a', '192k', '-ac', '2', '-fflags', '+bitexact', '-movflags', '+faststart');
  args.push(`file:${out}`);
  await mustRun(ffmpegBin(), args);
}

/** The ladder in one ffmpeg process: decode once, split, scale, closed aligned GOPs per rung. */
async function makeLadder(recipe: AbrRecipe, fixture: AbrFixture, mezzanine: string): Promise<void> {
  const gop = Math.round(recipe.gopSec * recipe.fps);
  const n = recipe.rungs.length;
  const labels = recipe.rungs.map((_, i) => `v${i}`);
  const graph =
    `[0:v:0]fps=${recipe.fps},format=yuv420p,split=${n}${labels.map((l) => `[s${l}]`).join('')};` +
    recipe.rungs.map((r, i) => `[s${labels[i]}]scale=${r.width}:${r.height},setsar=1[${labels[i]}]`).join(';');
  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-i', `file:${mezzanine}`];
  args.push('-filter_complex', graph);
  fixture.videoFiles.forEach((v, i) => {
    args.push('-map', `[${labels[i]}]`, '-an', '-c:v', 'libx264', '-preset', 'veryfast');
    args.push('-b:v', `${v.rung.kbps}k`, '-maxrate', `${Math.round(v.rung.kbps * 1.1)}k`);
    args.push('-bufsize', `${v.rung.kbps * 2}k`, '-bf', '3', '-g', `${gop}`, '-keyint_min', `${gop}`);
    args.push('-sc_threshold', '0', '-force_key_frames', `expr:gte(t,n_forced*${recipe.gopSec})`);
    args.push('-x264-params', 'open-gop=0', '-fflags', '+bitexact', '-movflags', '+faststart');
    args.push(`file:${v.file}`);
  });
  fixture.audioFiles.forEach((a, i) => {
    args.push('-map', `0:a:${i}`, '-vn', '-c:a', 'aac', '-b:a', `${recipe.audioKbps}k`, '-ac', '2', '-ar', '48000');
    args.push(`-metadata:s:a:0`, `language=${a.language}`, '-fflags', '+bitexact', '-movflags', '+faststart');
    args.push(`file:${a.file}`);
  });
  await mustRun(ffmpegBin(), args);
}

async function make(recipe: AbrRecipe, folder: string): Promise<void> {
  const work = `${folder}.tmp-${process.pid}-${Date.now()}`;
  await rm(work, { recursive: true, force: true });
  await mkdir(path.join(work, 'mezzanine'), { recursive: true });
  const draft = describe(recipe, work);
  await makeMezzanine(recipe, draft.mezzanine);
  await makeLadder(recipe, draft, draft.mezzanine);
  const ism = writeIsm({
    fragmentsPerHlsSegment: recipe.fragmentsPerHlsSegment,
    tracks: [
      ...draft.videoFiles.map((v) => ({
        kind: 'video' as const,
        src: path.basename(v.file),
        bitrate: v.bitrate,
        trackId: 1,
        trackName: 'video',
      })),
      ...draft.audioFiles.map((a) => ({
        kind: 'audio' as const,
        src: path.basename(a.file),
        bitrate: a.bitrate,
        trackId: 1,
        trackName: a.trackName,
        language: a.language,
      })),
    ],
  });
  await writeFile(path.join(work, draft.ismName), ism);
  try {
    await rename(work, folder);
  } catch (err) {
    // Another worker finished first: theirs is as good as ours.
    await rm(work, { recursive: true, force: true });
    if (!existsSync(folder)) throw err;
  }
}

/** Returns the ABR fixture for a recipe, making it on first use. */
export async function abrFixture(overrides: Partial<AbrRecipe> = {}): Promise<AbrFixture> {
  const recipe: AbrRecipe = { ...DEFAULT_RECIPE, ...overrides };
  const key = createHash('sha256')
    .update(JSON.stringify({ v: RECIPE_VERSION, recipe }))
    .digest('hex')
    .slice(0, 16);
  const folder = path.join(cacheRoot(), `${recipe.name}-${key}`);
  if (!existsSync(path.join(folder, `${recipe.name}.ism`))) {
    await mkdir(cacheRoot(), { recursive: true });
    await make(recipe, folder);
  }
  return describe(recipe, folder);
}

/**
 * A source for an encode: lavfi's moving test picture at 640×360, 30 fps, H.264 (yuv420p, `crf`) with
 * a 48 kHz AAC tone, `seconds` long; `noise` adds temporal grain of that strength (a harder picture).
 */
export async function encodeSource(file: string, opts: { seconds: number; crf: number; noise?: number }): Promise<string> {
  const picture = `testsrc2=s=640x360:r=30:d=${opts.seconds}${opts.noise ? `,noise=alls=${opts.noise}:allf=t` : ''}`;
  await mustRun(ffmpegBin(), [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', picture, '-f', 'lavfi', '-i', `sine=d=${opts.seconds}:sample_rate=48000`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', String(opts.crf), '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file,
  ]);
  return file;
}
