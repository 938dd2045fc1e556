import { CLEARKEY, clearKeyLicenceUrl, dashjsClearKeyData, smoothKeyId, type DrmOptions } from './drm-options.ts';
import type { EngineFactory } from './engine.ts';
import { urlIn } from './engine.ts';

/**
 * dash.js with its MSS plugin for Smooth Streaming (shaka 5 dropped Smooth). The plugin registers
 * itself on the `dashjs` global, which the MediaPlayer looks up when it sees a Smooth manifest.
 * With `drm`, protected Smooth plays with ClearKey: the licence comes from the locator's ClearKey
 * endpoint, with the key id from the manifest's ProtectionHeader (see dashjsClearKeyData).
 */
export const dashjsSmoothEngine = (drm: DrmOptions | null = null): EngineFactory => async (video, onError) => {
  const dashjs = await import('dashjs');
  await import('dashjs/mss');
  const player = dashjs.MediaPlayer().create();
  let manifestUrl = '';
  if (drm) {
    player.on(dashjs.MediaPlayer.events.MANIFEST_LOADED, (e) => {
      const keyId = smoothKeyId(e.data);
      const licenceUrl = clearKeyLicenceUrl(manifestUrl);
      if (keyId && licenceUrl) player.setProtectionData({ [CLEARKEY]: dashjsClearKeyData(drm, licenceUrl, keyId) });
    });
  }
  let switches = 0;
  player.on(dashjs.MediaPlayer.events.QUALITY_CHANGE_RENDERED, () => switches++);
  player.on(dashjs.MediaPlayer.events.ERROR, (e) => {
    const error = (e as unknown as { error?: { code?: number; message?: string; data?: unknown } }).error;
    onError({ message: `dash.js error ${error?.code ?? '?'}: ${error?.message ?? 'unknown'}`, url: urlIn(error?.data) });
  });
  return {
    name: 'dash.js + MSS',
    async load(url) {
      manifestUrl = url;
      player.initialize(video, url, true);
      if (drm) {
        // Only ClearKey: the PlayReady and Widevine systems dash.js derives from the ProtectionHeader
        // are not in Chromium and would each end in a "KeySystem Access Denied" error.
        const protection = player.getProtectionController();
        protection.setKeySystems(protection.getKeySystems().filter((ks) => ks.systemString === CLEARKEY));
      }
    },
    stats() {
      const rep = player.getCurrentRepresentationForType('video');
      const throughputKbps = player.getAverageThroughput('video');
      return {
        rendition: rep ? `${rep.height ?? '?'}p · ${Math.round((rep.bandwidth ?? 0) / 1000)} kb/s` : null,
        width: rep?.width ?? null,
        height: rep?.height ?? null,
        bandwidthEstimate: Number.isFinite(throughputKbps) && throughputKbps > 0 ? throughputKbps * 1000 : null,
        switches,
        renditions: player.getRepresentationsByType('video').length || null,
      };
    },
    async destroy() {
      player.destroy();
    },
  };
};
