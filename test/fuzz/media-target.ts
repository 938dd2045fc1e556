/**
 * The MP4 fuzz target: an asset whose one file is mutated in place (patches written, run, restored),
 * opened as the origin opens it, then every format packaged from it — manifests, HLS playlists, init
 * and media segments, TS segments — clear and encrypted (AES-128 envelope, cenc, cbcs), each body read
 * whole. An input passes when everything either works or fails with the project's typed errors
 * (MediaError, or an OriginError below 500), within the time and memory bounds.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readFile, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { readBodySlice } from '../../packaging-core/io/body-slice.ts';
import { FileReader } from '../../packaging-core/io/file-reader.ts';
import { packageRequest } from '../../packaging-core/packager/package-request.ts';
import { openPresentation } from '../../packaging-core/presentation/open-presentation.ts';
import type { ProtectionContext } from '../../packaging-core/protection/request-protection.ts';
import { MediaError, OriginError } from '../../packaging-core/types/errors.ts';
import type { Presentation, PresentationTrack } from '../../packaging-core/types/media.ts';
import type { LocatorProtection, ProtectionScheme } from '../../packaging-core/types/request.ts';
import { parseOriginPath } from '../../packaging-core/url/parse-url.ts';
import { fragmentName, manifestPath, playlistUrl } from '../../packaging-core/url/build-url.ts';
import { ALL_FORMATS, FORMATS, fragmentsPerSegment } from '../../packaging-core/formats/format-table.ts';
import { abrFixture } from '../helpers/fixtures.ts';
import { type Mp4Base, type Mp4Mutation, mp4Base, mutateMp4, mutationPatches } from './mp4-mutator.ts';
import { Prng } from './prng.ts';
import { CORPUS } from '../helpers/corpus.ts';

const LOCATOR = 'f0220000-0000-4000-8000-000000000012';
/** A built body larger than this is a failure in itself (the origin must never answer that much). */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

export interface MediaBase {
  readonly name: string;
  readonly folder: string;
  readonly ism: string;
  /** The files inputs mutate (names inside the folder). */
  readonly targets: readonly string[];
}

/** The small assets inputs start from: a fixture ABR set and two real-world files with edit lists. */
export async function mediaBases(workDir: string): Promise<MediaBase[]> {
  const fx = await abrFixture({
    name: 'fuzz',
    durationSec: 5,
    rungs: [
      { width: 320, height: 180, kbps: 300 },
      { width: 160, height: 90, kbps: 150 },
    ],
    languages: ['eng'],
    audioKbps: 64,
    fragmentsPerHlsSegment: 2,
  });
  const bases: MediaBase[] = [];
  const fixtureDir = path.join(workDir, 'fixture');
  await mkdir(fixtureDir, { recursive: true });
  for (const f of [...fx.videoFiles.map((v) => v.file), ...fx.audioFiles.map((a) => a.file), path.join(fx.folder, fx.ismName)]) {
    await copyFile(f, path.join(fixtureDir, path.basename(f)));
  }
  bases.push({ name: 'fixture', folder: fixtureDir, ism: fx.ismName, targets: [path.basename(fx.videoFiles[0]!.file), path.basename(fx.audioFiles[0]!.file)] });
  for (const file of ['h264_aac_bframes_editlist_exoplayer_sample.mp4', 'h264_aac_video_starts_1s_late_editlist.mp4']) {
    const source = path.join(CORPUS, file);
    const dir = path.join(workDir, file.replace(/\.mp4$/, ''));
    await mkdir(dir, { recursive: true });
    try {
      await copyFile(source, path.join(dir, file));
    } catch {
      continue; // the corpus is optional
    }
    await writeFile(path.join(dir, 'a.ism'), `<smil><body><video src="${file}"/><audio src="${file}"/></body></smil>`);
    bases.push({ name: file, folder: dir, ism: 'a.ism', targets: [file] });
  }
  return bases;
}

/** One fuzz input: which file of which base, and what to change in it. */
export interface MediaInput {
  readonly base: string;
  readonly file: string;
  readonly mutations: readonly Mp4Mutation[];
  /** Which protection the requests are packaged under. */
  readonly protection: 'clear' | 'cbc+cenc' | 'cbcs';
  /** Picks the fragments requested (the input's own seed). */
  readonly seed: number;
}

export type Verdict =
  | { readonly kind: 'ok' | 'typed'; readonly opened: boolean; readonly ms: number; readonly requests: number }
  | { readonly kind: 'failure'; readonly opened: boolean; readonly ms: number; readonly requests: number; readonly what: string };


/** The URL paths a player would ask for, a few fragments per track (chosen by the input's seed). */
function requestPaths(p: Presentation, ism: string, rng: Prng, encrypted: boolean): string[] {
  const base = `/${LOCATOR}/${ism}`;
  const paths: string[] = [];
  const tracks: PresentationTrack[] = [...p.video, ...p.audio];
  const none = { filters: [] };
  for (const format of ALL_FORMATS) {
    const traits = FORMATS[format];
    paths.push(manifestPath(LOCATOR, ism, format, none));
    for (const t of tracks) {
      const track = t.kind === 'video' ? 'video' : t.name;
      const q = `${base}/QualityLevels(${t.bitrate})`;
      if (traits.contentTypes.playlist !== null) paths.push(`${base}/${playlistUrl(format, t.bitrate, track, none)}`);
      if (traits.keyframePlaylists && t.kind === 'video') paths.push(`${base}/${playlistUrl(format, t.bitrate, 'video', none, true)}`);
      if (traits.initFlavor !== null) paths.push(`${q}/${fragmentName(format, track, 'init', none)}`);
      const starts = t.fragments.startTicks;
      const n = starts.length - 1;
      const step = fragmentsPerSegment(format, p.fragmentsPerHlsSegment);
      const random = step * rng.int(Math.ceil(n / step));
      // Encrypting costs more per request: one fragment per track and format, clear ones the first and last too.
      const picks = new Set(encrypted ? [random] : [0, Math.floor((n - 1) / step) * step, random]);
      for (const i of picks) {
        if (i < 0 || i >= n) continue;
        const time = Math.round(starts[i]!);
        paths.push(`${q}/${fragmentName(format, track, time, none)}`);
        if (traits.keyframePlaylists && t.kind === 'video' && i === 0) paths.push(`${q}/${fragmentName(format, 'video', time, none, true)}`);
      }
    }
  }
  return paths;
}

function isTyped(err: unknown): boolean {
  return err instanceof MediaError || (err instanceof OriginError && err.status < 500);
}

function describeFailure(err: unknown, where: string): string {
  const e = err as Error;
  return `${where}: ${e?.name ?? typeof err}: ${e?.message ?? String(err)}`.slice(0, 500);
}

export class MediaFuzzTarget {
  readonly #bases = new Map<string, { base: MediaBase; files: Map<string, { mp4: Mp4Base; handle: FileHandle }> }>();
  readonly #reader = new FileReader(8);
  readonly #protections: Record<MediaInput['protection'], LocatorProtection | undefined>;

  private constructor() {
    const key = randomBytes(16);
    const make = (schemes: ProtectionScheme[]): LocatorProtection => ({
      schemes: new Set(schemes),
      keyId: '8a4b3c2d-1e0f-4a5b-9c8d-7e6f5a4b3c2d',
      contentKey: () => Uint8Array.from(key),
      keyPolicy: { kind: 'open' },
    });
    this.#protections = { clear: undefined, 'cbc+cenc': make(['cbc', 'cenc']), cbcs: make(['cbcs']) };
  }

  static async create(bases: readonly MediaBase[]): Promise<MediaFuzzTarget> {
    const target = new MediaFuzzTarget();
    for (const base of bases) {
      const files = new Map<string, { mp4: Mp4Base; handle: FileHandle }>();
      for (const f of base.targets) {
        const file = path.join(base.folder, f);
        files.set(f, { mp4: mp4Base(await readFile(file)), handle: await open(file, 'r+') });
      }
      target.#bases.set(base.name, { base, files });
    }
    return target;
  }

  get baseNames(): string[] {
    return [...this.#bases.keys()];
  }

  /** A new input from the run's generator. */
  generate(rng: Prng): MediaInput {
    const { base, files } = this.#bases.get(rng.pick(this.baseNames))!;
    const file = rng.pick(base.targets);
    return {
      base: base.name,
      file,
      mutations: mutateMp4(files.get(file)!.mp4, rng),
      protection: rng.pick(['clear', 'clear', 'cbc+cenc', 'cbcs'] as const),
      seed: rng.int(0x7fffffff),
    };
  }

  async run(input: MediaInput): Promise<Verdict> {
    const entry = this.#bases.get(input.base);
    const target = entry?.files.get(input.file);
    if (!entry || !target) throw new Error(`unknown base ${input.base}/${input.file}`);
    const patches = mutationPatches(target.mp4, input.mutations);
    const started = performance.now();
    for (const p of patches) await target.handle.write(p.bytes, 0, p.bytes.length, p.offset);
    let requests = 0;
    let opened = false;
    try {
      let presentation: Presentation;
      try {
        presentation = await openPresentation(entry.base.folder, entry.base.ism);
        opened = true;
      } catch (err) {
        if (isTyped(err)) return { kind: 'typed', opened, ms: performance.now() - started, requests };
        return { kind: 'failure', opened, ms: performance.now() - started, requests, what: describeFailure(err, 'open') };
      }
      const ctx: ProtectionContext = { locator: LOCATOR, protection: this.#protections[input.protection], origin: 'http://origin.test' };
      let typed = false;
      for (const urlPath of requestPaths(presentation, entry.base.ism, new Prng(input.seed), input.protection !== 'clear')) {
        requests++;
        try {
          const request = parseOriginPath(urlPath);
          if (request.kind !== 'manifest' && request.kind !== 'playlist' && request.kind !== 'fragment') continue;
          const packaged = await packageRequest(request, presentation, ctx);
          if (packaged.body.length > MAX_BODY_BYTES) {
            return { kind: 'failure', opened, ms: performance.now() - started, requests, what: `${urlPath}: a ${packaged.body.length}-byte body` };
          }
          if (packaged.body.length > 0) await readBodySlice(packaged.body, 0, packaged.body.length - 1, this.#reader);
        } catch (err) {
          if (!isTyped(err)) return { kind: 'failure', opened, ms: performance.now() - started, requests, what: describeFailure(err, urlPath) };
          typed = true;
        }
      }
      return { kind: typed ? 'typed' : 'ok', opened, ms: performance.now() - started, requests };
    } finally {
      for (const p of patches) {
        const original = target.mp4.bytes.subarray(p.offset, p.offset + p.bytes.length);
        await target.handle.write(original, 0, original.length, p.offset);
      }
    }
  }

  async close(): Promise<void> {
    await this.#reader.close();
    for (const { files } of this.#bases.values()) for (const f of files.values()) await f.handle.close();
  }
}
