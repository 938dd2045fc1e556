import type { EngineFactory } from './engine.ts';
import { urlIn } from './engine.ts';

/**
 * dash.js with its MSS plugin for Smooth Streaming (shaka 5 dropped Smooth). The plugin registers
 * itself on the `dashjs` global, which the MediaPlayer looks up when it sees a Smooth manifest.
 */
export const dashjsSmoothEngine: EngineFactory = async (video, onError) => {
  const dashjs = await import('dashjs');
  await import('dashjs/mss');
  const player = dashjs.MediaPlayer().create();
  let switches = 0;
  player.on(dashjs.MediaPlayer.events.QUALITY_CHANGE_RENDERED, () => switches++);
  player.on(dashjs.MediaPlayer.events.ERROR, (e) => {
    const error = (e as unknown as { error?: { code?: number; message?: string; data?: unknown } }).error;
    onError({ message: `dash.js error ${error?.code ?? '?'}: ${error?.message ?? 'unknown'}`, url: urlIn(error?.data) });
  });
  return {
    name: 'dash.js + MSS',
    async load(url) {
      player.initialize(video, url, true);
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
