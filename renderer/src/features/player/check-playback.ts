import type { EngineFactory, PlayerError } from './engine.ts';
import { mediaStats } from './media-stats.ts';

export interface CheckResult {
  readonly ok: boolean;
  readonly detail: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Plays a stream for a few seconds and judges it as the conformance tests do: time advanced,
 * frames decoded, no player error (time alone can advance over an empty buffer).
 */
export async function checkPlayback(video: HTMLVideoElement, factory: EngineFactory, url: string, seconds = 3, timeoutMs = 20_000): Promise<CheckResult> {
  const errors: PlayerError[] = [];
  const engine = await factory(video, (e) => errors.push(e));
  const started = performance.now();
  try {
    await engine.load(url);
    await video.play().catch((err: unknown) => errors.push({ message: `play(): ${(err as Error).message}`, url: null }));
    while (performance.now() - started < timeoutMs && errors.length === 0 && video.currentTime < seconds && !video.ended) await sleep(100);
    const m = mediaStats(video);
    const first = errors[0];
    if (first) return { ok: false, detail: `${first.message}${first.url ? ` (${first.url})` : ''}` };
    if (m.currentTime < seconds && !video.ended) return { ok: false, detail: `stalled at ${m.currentTime.toFixed(2)} s` };
    if (m.totalFrames === 0) return { ok: false, detail: 'no video frame decoded' };
    return { ok: true, detail: `${m.currentTime.toFixed(1)} s, ${m.totalFrames} frames, ${m.videoWidth}×${m.videoHeight}, ${Math.round(performance.now() - started)} ms` };
  } finally {
    await engine.destroy();
    video.removeAttribute('src');
    video.load();
  }
}
