/**
 * Runs the fuzz targets for a number of inputs or until a deadline and reports what the issue asks
 * for: inputs, failures (untyped errors, 5xx, bodies over the limit), the slowest input and the peak
 * RSS. Each failing input is handed to `onFailure` (the long mode writes it as a reproducer).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPresentation } from '../../packaging-core/index.ts';
import { type MediaInput, MediaFuzzTarget, mediaBases } from './media-target.ts';
import { inputSeed, Prng } from './prng.ts';
import { generateUrlInput, type UrlInput, UrlFuzzTarget, validPaths } from './url-target.ts';

/** Per-input limits (the targets). */
export const MAX_INPUT_MS = 2000;
export const MAX_RSS_BYTES = 512 * 1024 * 1024;

export interface FuzzStats {
  inputs: number;
  /** Inputs whose asset opened (the rest were refused with a MediaError). */
  opened: number;
  typed: number;
  failures: number;
  /** Inputs over MAX_INPUT_MS of CPU time (wall time on a shared machine also counts waiting for a core). */
  slow: number;
  /** Longest wall time of one input. */
  maxMs: number;
  /** Most CPU time (user + system) one input used. */
  maxCpuMs: number;
  peakRss: number;
  requests: number;
}

export interface RunOptions {
  readonly seed: number;
  /** Index of the first input (a long run split across processes: each takes a range of one sequence). */
  readonly start?: number;
  /** Stop after this many inputs … */
  readonly inputs?: number;
  /** … or at this time (ms since the epoch), whichever comes first. */
  readonly until?: number;
  readonly onFailure?: (failure: { input: MediaInput | UrlInput; what: string; index: number }) => void | Promise<void>;
  readonly onProgress?: (stats: FuzzStats) => void;
}

function emptyStats(): FuzzStats {
  return { inputs: 0, opened: 0, typed: 0, failures: 0, slow: 0, maxMs: 0, maxCpuMs: 0, peakRss: 0, requests: 0 };
}

/** Samples RSS every 20 ms (a segment built and dropped within one input still shows). */
function rssSampler(stats: FuzzStats): () => void {
  const sample = () => (stats.peakRss = Math.max(stats.peakRss, process.memoryUsage.rss()));
  sample();
  const timer = setInterval(sample, 20);
  return () => {
    clearInterval(timer);
    sample();
  };
}

function more(stats: FuzzStats, o: RunOptions): boolean {
  if (o.inputs !== undefined && stats.inputs >= o.inputs) return false;
  if (o.until !== undefined && Date.now() >= o.until) return false;
  return o.inputs !== undefined || o.until !== undefined;
}

/** The MP4 target over copies of the bases in a temp folder; `close` removes them. */
export async function openMediaTarget(): Promise<{ target: MediaFuzzTarget; close: () => Promise<void> }> {
  const work = await mkdtemp(path.join(tmpdir(), 'fuzz-mp4-'));
  const target = await MediaFuzzTarget.create(await mediaBases(work));
  return {
    target,
    close: async () => {
      await target.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}

export async function withMediaTarget<T>(fn: (target: MediaFuzzTarget) => Promise<T>): Promise<T> {
  const { target, close } = await openMediaTarget();
  try {
    return await fn(target);
  } finally {
    await close();
  }
}

export async function runMp4Fuzz(target: MediaFuzzTarget, o: RunOptions): Promise<FuzzStats> {
  const stats = emptyStats();
  const stop = rssSampler(stats);
  try {
    while (more(stats, o)) {
      const index = (o.start ?? 0) + stats.inputs;
      const input = target.generate(new Prng(inputSeed(o.seed, index)));
      const cpu = process.cpuUsage();
      const verdict = await target.run(input);
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      stats.inputs++;
      stats.requests += verdict.requests;
      if (verdict.opened) stats.opened++;
      if (verdict.kind === 'typed') stats.typed++;
      stats.maxMs = Math.max(stats.maxMs, verdict.ms);
      stats.maxCpuMs = Math.max(stats.maxCpuMs, cpuMs);
      let what = verdict.kind === 'failure' ? verdict.what : cpuMs > MAX_INPUT_MS ? `took ${Math.round(cpuMs)} ms of CPU (${Math.round(verdict.ms)} ms wall)` : undefined;
      if (cpuMs > MAX_INPUT_MS) stats.slow++;
      const rss = process.memoryUsage.rss();
      stats.peakRss = Math.max(stats.peakRss, rss);
      if (!what && rss > MAX_RSS_BYTES) what = `RSS reached ${Math.round(rss / 1048576)} MiB`;
      if (what) {
        stats.failures++;
        await o.onFailure?.({ input, what, index });
      }
      if (stats.inputs % 500 === 0) o.onProgress?.(stats);
    }
  } finally {
    stop();
  }
  return stats;
}

/** The HTTP target serving the fixture base (clear and protected), and the valid paths to mutate. */
export async function openUrlTarget(): Promise<{ target: UrlFuzzTarget; paths: string[]; close: () => Promise<void> }> {
  const work = await mkdtemp(path.join(tmpdir(), 'fuzz-url-'));
  const [fixture] = await mediaBases(work);
  const target = new UrlFuzzTarget(fixture!.folder, {
    schemes: new Set(['cbc', 'cenc', 'cbcs']),
    keyId: '8a4b3c2d-1e0f-4a5b-9c8d-7e6f5a4b3c2d',
    contentKey: () => new Uint8Array(16).fill(7),
    keyPolicy: { kind: 'open' },
  });
  await target.start();
  const close = async () => {
    await target.close();
    await rm(work, { recursive: true, force: true });
  };
  try {
    const p = await openPresentation(fixture!.folder, fixture!.ism);
    return { target, paths: validPaths(p, fixture!.ism), close };
  } catch (err) {
    await close();
    throw err;
  }
}

export async function withUrlTarget<T>(fn: (target: UrlFuzzTarget, paths: string[]) => Promise<T>): Promise<T> {
  const { target, paths, close } = await openUrlTarget();
  try {
    return await fn(target, paths);
  } finally {
    await close();
  }
}

export async function runUrlFuzz(target: UrlFuzzTarget, paths: readonly string[], o: RunOptions): Promise<FuzzStats> {
  const stats = emptyStats();
  const stop = rssSampler(stats);
  try {
    while (more(stats, o)) {
      const index = (o.start ?? 0) + stats.inputs;
      const input = generateUrlInput(paths, new Prng(inputSeed(o.seed, index)));
      const cpu = process.cpuUsage();
      const verdict = await target.run(input);
      const used = process.cpuUsage(cpu);
      stats.maxCpuMs = Math.max(stats.maxCpuMs, (used.user + used.system) / 1000);
      stats.inputs++;
      stats.requests++;
      if (verdict.status >= 400) stats.typed++;
      stats.maxMs = Math.max(stats.maxMs, verdict.ms);
      if (verdict.ms > MAX_INPUT_MS) stats.slow++;
      const what = verdict.failure ?? (verdict.ms > MAX_INPUT_MS ? `took ${Math.round(verdict.ms)} ms` : undefined);
      if (what) {
        stats.failures++;
        await o.onFailure?.({ input, what, index });
      }
      if (stats.inputs % 2000 === 0) o.onProgress?.(stats);
    }
  } finally {
    stop();
  }
  return stats;
}
