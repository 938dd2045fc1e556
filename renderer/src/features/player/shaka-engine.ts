import { describeDrmError, describeHttpError } from './drm-error.ts';
import type { DrmOptions } from './drm-options.ts';
import type { EngineFactory, RungChoice } from './engine.ts';
import { urlIn } from './engine.ts';

/**
 * shaka-player 5 for HLS (TS through its transmuxer, and CMAF) and DASH. AMS URLs end in
 * `manifest(format=…)`, no extension: the MIME type must be given to load(), or shaka guesses wrong.
 *
 * Protected streams: shaka finds the ClearKey licence URL in the MPD's dashif:Laurl and the HLS key in
 * the #EXT-X-KEY URI by itself, so `drm` only adds the bearer token to LICENSE and KEY requests (never
 * to segments, which are not guarded) and makes a refused key fail at once instead of after retries.
 */
/** shaka's AudioTrack id is optional: language, label and roles tell the tracks apart. */
const audioKey = (a: { language: string; label: string | null; roles: readonly string[] }) => `${a.language}|${a.label ?? ''}|${a.roles.join(',')}`;

export function shakaEngine(mimeType: string, drm: DrmOptions | null = null): EngineFactory {
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
    // Captions are off until the user picks a track, unless the manifest marks one default.
    let textShown = false;
    player.addEventListener('adaptation', () => switches++);
    player.addEventListener('variantchanged', () => switches++);
    player.addEventListener('error', (e) => {
      const detail = (e as unknown as { detail?: { code?: number; message?: string; data?: unknown } }).detail;
      const drmText = detail ? (describeDrmError(detail) ?? describeHttpError(detail)) : null;
      onError({ message: drmText ?? `shaka error ${detail?.code ?? '?'}${detail?.message ? `: ${detail.message}` : ''}`, url: urlIn(detail?.data) });
    });
    return {
      name: 'shaka-player',
      async load(url) {
        try {
          await player.load(url, 0, mimeType);
          const byDefault = player.getTextTracks().find((t) => t.primary || t.forced) ?? null;
          textShown = byDefault !== null;
          player.selectTextTrack(byDefault);
        } catch (err) {
          const e = err as { code?: number; data?: unknown; message?: string };
          onError({ message: describeDrmError(e) ?? describeHttpError(e) ?? `shaka error ${e.code ?? '?'}: could not load the manifest`, url: urlIn(e.data) ?? url });
        }
      },
      stats() {
        const s = player.getStats();
        return {
          bandwidthEstimate: Number.isFinite(s.estimatedBandwidth) ? s.estimatedBandwidth : null,
          switches,
          renditions: player.getVideoTracks().length || null,
        };
      },
      tracks() {
        const variants = player.getVariantTracks();
        const active = variants.find((t) => t.active);
        const rungs = new Map<string, RungChoice>();
        for (const v of variants) {
          if (v.videoId === null || rungs.has(String(v.videoId))) continue;
          rungs.set(String(v.videoId), { key: String(v.videoId), width: v.width, height: v.height, bandwidth: v.videoBandwidth ?? v.bandwidth });
        }
        const audio = player.getAudioTracks();
        const text = player.getTextTracks();
        return {
          rungs: [...rungs.values()].sort((a, b) => (b.bandwidth ?? 0) - (a.bandwidth ?? 0)),
          chosenRung: active?.videoId != null ? String(active.videoId) : null,
          abr: player.getConfiguration().abr.enabled,
          audio: audio.map((a) => ({ key: audioKey(a), language: a.language, label: a.label, isDefault: a.primary })),
          activeAudio: (() => {
            const a = audio.find((t) => t.active);
            return a ? audioKey(a) : null;
          })(),
          text: text.map((t) => ({ key: String(t.id), language: t.language, label: t.label, isDefault: t.primary || t.forced })),
          activeText: (() => {
            const t = text.find((x) => x.active);
            return t && textShown ? String(t.id) : null;
          })(),
        };
      },
      setAbr(on) {
        player.configure('abr.enabled', on);
      },
      selectRung(key) {
        player.configure('abr.enabled', false);
        const variants = player.getVariantTracks();
        const active = variants.find((t) => t.active);
        // The same audio as now: only the picture changes.
        const target =
          variants.find((v) => String(v.videoId) === key && v.audioId === (active?.audioId ?? null)) ?? variants.find((v) => String(v.videoId) === key);
        if (target) player.selectVariantTrack(target, true);
      },
      selectAudio(key) {
        const track = player.getAudioTracks().find((a) => audioKey(a) === key);
        if (track) player.selectAudioTrack(track);
      },
      selectText(key) {
        const track = key === null ? null : (player.getTextTracks().find((t) => String(t.id) === key) ?? null);
        textShown = track !== null;
        player.selectTextTrack(track);
      },
      destroy: () => player.destroy(),
    };
  };
}
