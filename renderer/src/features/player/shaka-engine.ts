import { describeDrmError } from './drm-error.ts';
import type { DrmOptions } from './drm-options.ts';
import type { EngineFactory } from './engine.ts';
import { urlIn } from './engine.ts';

/**
 * shaka-player 5 for HLS (TS through its transmuxer, and CMAF) and DASH. AMS URLs end in
 * `manifest(format=…)`, no extension: the MIME type must be given to load(), or shaka guesses wrong.
 *
 * Protected streams: shaka finds the ClearKey licence URL in the MPD's dashif:Laurl and the HLS key in
 * the #EXT-X-KEY URI by itself, so `drm` only adds the bearer token to LICENSE and KEY requests (never
 * to segments, which are not guarded) and makes a refused key fail at once instead of after retries.
 */
export function shakaEngine(mimeType: 'application/x-mpegurl' | 'application/dash+xml', drm: DrmOptions | null = null): EngineFactory {
  return async (video, onError) => {
    // Loaded on first play: the library view does not pay for the player bundles.
    const { default: shaka } = await import('shaka-player');
    shaka.polyfill.installAll();
    const player = new shaka.Player();
    await player.attach(video);
    // shaka 5.2's segment prefetch loops on a reused init segment when one selectVariantTrack(…, true)
    // changes the audio language and the video rendition at once (seen on our DASH in Chromium: playback
    // stalls at the switch); without prefetch the same switch plays on.
    player.configure('streaming.segmentPrefetchLimit', 0);
    if (drm) {
      const { LICENSE, KEY } = shaka.net.NetworkingEngine.RequestType;
      player.getNetworkingEngine()?.registerRequestFilter((type, request) => {
        if (drm.token && (type === LICENSE || type === KEY)) request.headers['Authorization'] = `Bearer ${drm.token}`;
      });
      player.configure('drm.retryParameters.maxAttempts', 1);
    }
    let switches = 0;
    player.addEventListener('adaptation', () => switches++);
    player.addEventListener('variantchanged', () => switches++);
    player.addEventListener('error', (e) => {
      const detail = (e as unknown as { detail?: { code?: number; message?: string; data?: unknown } }).detail;
      const drmText = detail ? describeDrmError(detail) : null;
      onError({ message: drmText ?? `shaka error ${detail?.code ?? '?'}${detail?.message ? `: ${detail.message}` : ''}`, url: urlIn(detail?.data) });
    });
    return {
      name: 'shaka-player',
      async load(url) {
        try {
          await player.load(url, 0, mimeType);
        } catch (err) {
          const e = err as { code?: number; data?: unknown; message?: string };
          onError({ message: describeDrmError(e) ?? `shaka error ${e.code ?? '?'}: could not load the manifest`, url: urlIn(e.data) ?? url });
        }
      },
      stats() {
        const s = player.getStats();
        const active = player.getVariantTracks().find((t) => t.active);
        return {
          rendition: active ? `${active.height ?? '?'}p · ${Math.round(active.bandwidth / 1000)} kb/s${active.language ? ` · ${active.language}` : ''}` : null,
          width: Number.isFinite(s.width) ? s.width : null,
          height: Number.isFinite(s.height) ? s.height : null,
          bandwidthEstimate: Number.isFinite(s.estimatedBandwidth) ? s.estimatedBandwidth : null,
          switches,
          renditions: player.getVideoTracks().length || null,
        };
      },
      destroy: () => player.destroy(),
    };
  };
}
