import { describeLicenceRefusal } from './drm-error.ts';
import { CLEARKEY, clearKeyLicenceUrl, fetchClearKeys, LicenceRefusedError, smoothManifestKeyId, type DrmOptions } from './drm-options.ts';
import type { EngineFactory } from './engine.ts';
import { urlIn } from './engine.ts';

interface MediaInfoLike {
  readonly id: string | null;
  readonly lang: string | null;
  readonly roles: readonly { value?: string }[] | null;
}
const mediaKey = (m: MediaInfoLike, i: number) => m.id ?? `${m.lang ?? ''}#${i}`;
const isMain = (m: MediaInfoLike) => (m.roles ?? []).some((r) => r.value === 'main');

/**
 * Chromium fires `encrypted` for the pssh of every Smooth fragment, and dash.js cannot tell a repeat
 * from new init data for ClearKey (it compares the pssh with the key ids it generated the session
 * from), so it would open a key session per fragment. The first event of each init data passes.
 */
function firstEncryptedOnly(video: HTMLVideoElement): () => void {
  const seen = new Set<string>();
  const onEncrypted = (e: Event) => {
    const { initDataType, initData } = e as MediaEncryptedEvent;
    const key = `${initDataType}:${initData ? btoa(String.fromCharCode(...new Uint8Array(initData))) : ''}`;
    if (seen.has(key)) e.stopImmediatePropagation();
    seen.add(key);
  };
  // Capture on the element itself runs before dash.js's own listener there.
  video.addEventListener('encrypted', onEncrypted, { capture: true });
  return () => video.removeEventListener('encrypted', onEncrypted, { capture: true });
}

/**
 * dash.js with its MSS plugin for Smooth Streaming (shaka 5 dropped Smooth). The plugin registers
 * itself on the `dashjs` global, which the MediaPlayer looks up when it sees a Smooth manifest.
 * With `drm`, protected Smooth plays with ClearKey: before dash.js starts, the key id is read from the
 * manifest's ProtectionHeader and the key fetched once from the locator's ClearKey licence endpoint
 * (with the token); dash.js gets it as ProtectionData, the only ClearKey setup it handles without
 * errors (see fetchClearKeys), and one key session serves every fragment (see firstEncryptedOnly).
 */
export const dashjsSmoothEngine = (drm: DrmOptions | null = null): EngineFactory => async (video, onError) => {
  const dashjs = await import('dashjs');
  await import('dashjs/mss');
  const player = dashjs.MediaPlayer().create();
  // dash.js draws TTML cues (Smooth's text is TTML in fMP4) into a div of ours, not the video's native
  // text tracks: without one the captions menu lists the track and nothing shows. It goes over the
  // video, in the video's frame (dash.js places it from the video's offset within that parent).
  const captions = document.createElement('div');
  captions.className = 'ttml-captions';
  captions.dataset['testid'] = 'ttml-captions';
  video.after(captions);
  // dash.js turns the first text track on by itself; the other players (and the captions menu) start
  // Off unless the manifest marks a default, and Smooth manifests mark none.
  player.updateSettings({ streaming: { text: { defaultEnabled: false } } });
  const stopDedupe = drm ? firstEncryptedOnly(video) : () => undefined;
  /** Reads the key before dash.js sees the stream; false (after reporting why) when it cannot. */
  const prepareKeys = async (url: string, protection: DrmOptions): Promise<boolean> => {
    const licenceUrl = clearKeyLicenceUrl(url);
    try {
      const manifest = await fetch(url);
      if (!manifest.ok) throw new Error(`the manifest request failed (HTTP ${manifest.status})`);
      const keyId = smoothManifestKeyId(await manifest.text());
      if (!keyId || !licenceUrl) throw new Error('the manifest has no ProtectionHeader with a key id');
      player.setProtectionData({ [CLEARKEY]: { clearkeys: await fetchClearKeys(licenceUrl, keyId, protection) } });
      return true;
    } catch (err) {
      const message =
        err instanceof LicenceRefusedError ? describeLicenceRefusal(err.status, err.body) : `DRM: could not get the content key: ${(err as Error).message}`;
      onError({ message, url: err instanceof LicenceRefusedError ? licenceUrl : url });
      return false;
    }
  };
  let switches = 0;
  player.on(dashjs.MediaPlayer.events.QUALITY_CHANGE_RENDERED, () => switches++);
  player.on(dashjs.MediaPlayer.events.ERROR, (e) => {
    const error = (e as unknown as { error?: { code?: number; message?: string; data?: unknown } }).error;
    onError({ message: `dash.js error ${error?.code ?? '?'}: ${error?.message ?? 'unknown'}`, url: urlIn(error?.data) });
  });
  return {
    name: 'dash.js + MSS',
    async load(url) {
      if (drm && !(await prepareKeys(url, drm))) return;
      player.initialize(video, url, true);
      // Only after initialize: dash.js refuses a rendering div before it has the video element.
      player.attachTTMLRenderingDiv(captions);
      if (drm) {
        // Only ClearKey: the PlayReady and Widevine systems dash.js derives from the ProtectionHeader
        // are not in Chromium and would each end in a "KeySystem Access Denied" error.
        const protection = player.getProtectionController();
        protection.setKeySystems(protection.getKeySystems().filter((ks) => ks.systemString === CLEARKEY));
      }
    },
    stats() {
      const throughputKbps = player.getAverageThroughput('video');
      return {
        bandwidthEstimate: Number.isFinite(throughputKbps) && throughputKbps > 0 ? throughputKbps * 1000 : null,
        switches,
        renditions: player.getRepresentationsByType('video').length || null,
      };
    },
    tracks() {
      const reps = player.getRepresentationsByType('video');
      const current = player.getCurrentRepresentationForType('video');
      const audio = player.getTracksFor('audio');
      const activeAudio = player.getCurrentTrackFor('audio');
      const text = player.getTracksFor('text');
      const textIndex = player.isTextEnabled() ? player.getCurrentTextTrackIndex() : -1;
      return {
        rungs: reps.map((r) => ({ key: r.id, width: r.width ?? null, height: r.height ?? null, bandwidth: r.bandwidth ?? null })).sort((a, b) => (b.bandwidth ?? 0) - (a.bandwidth ?? 0)),
        chosenRung: current?.id ?? null,
        abr: player.getSettings().streaming?.abr?.autoSwitchBitrate?.video !== false,
        audio: audio.map((a, i) => ({ key: mediaKey(a, i), language: a.lang ?? '', label: a.labels[0]?.text ?? null, isDefault: isMain(a) })),
        activeAudio: activeAudio ? mediaKey(activeAudio, audio.indexOf(activeAudio)) : null,
        text: text.map((t, i) => ({ key: String(i), language: t.lang ?? '', label: t.labels[0]?.text ?? null, isDefault: isMain(t) })),
        activeText: textIndex >= 0 ? String(textIndex) : null,
      };
    },
    setAbr(on) {
      player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: on } } } });
    },
    selectRung(key) {
      player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: false } } } });
      player.setRepresentationForTypeById('video', key, true);
    },
    selectAudio(key) {
      const track = player.getTracksFor('audio').find((a, i) => mediaKey(a, i) === key);
      if (track) player.setCurrentTrack(track);
    },
    selectText(key) {
      if (key === null) {
        player.enableText(false);
        return;
      }
      player.enableText(true);
      player.setTextTrack(Number(key));
    },
    async destroy() {
      stopDedupe();
      player.destroy();
      captions.remove();
    },
  };
};
