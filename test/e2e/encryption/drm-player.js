/* global window, document, shaka */
// ClearKey harness: shaka-player plays one protected URL, sending the token on licence and key
// requests (as the studio's player does), optionally with its own ClearKey keys instead of the
// licence server (the wrong-key case). Reports what proves playback and every player error.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(predicate, timeoutMs) {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    if (predicate()) return true;
    await sleep(100);
  }
  return false;
}

window.runDrm = async function runDrm({ url, mimeType, token, clearKeys, seconds = 4, timeoutMs = 30000 }) {
  const video = document.getElementById('video');
  const errors = [];
  shaka.polyfill.installAll();
  const player = new shaka.Player();
  player.addEventListener('error', (e) => errors.push({ code: e.detail.code, category: e.detail.category, data: JSON.stringify(e.detail.data).slice(0, 200) }));
  video.addEventListener('error', () => errors.push({ code: 'video', category: 0, data: `${video.error?.code} ${video.error?.message}` }));
  const { LICENSE, KEY } = shaka.net.NetworkingEngine.RequestType;
  const sent = [];
  player.getNetworkingEngine().registerRequestFilter((type, request) => {
    if (type !== LICENSE && type !== KEY) return;
    sent.push(type === LICENSE ? 'licence' : 'key');
    if (token) request.headers['Authorization'] = `Bearer ${token}`;
  });
  try {
    await player.attach(video);
    const retry = { maxAttempts: 1, timeout: 10000 };
    player.configure({ streaming: { bufferingGoal: 6 }, drm: { retryParameters: retry, ...(clearKeys ? { clearKeys } : {}) } });
    await Promise.race([player.load(url, 0, mimeType), waitFor(() => errors.length > 0, timeoutMs)]);
    // Not awaited: play() stays pending while the media waits for a key that never comes.
    video.play().catch((e) => errors.push({ code: 'play', category: 0, data: e.message }));
    await waitFor(() => video.currentTime >= seconds || errors.length > 0 || video.ended, timeoutMs);
  } catch (e) {
    if (!errors.length) errors.push({ code: e.code ?? 'load', category: e.category ?? 0, data: String(e.message ?? e) });
  }
  const q = video.getVideoPlaybackQuality();
  const report = {
    currentTime: video.currentTime,
    totalVideoFrames: q.totalVideoFrames,
    audioDecodedBytes: video.webkitAudioDecodedByteCount ?? 0,
    keySystem: player.keySystem(),
    requests: sent,
    errors,
  };
  await player.destroy();
  return report;
};
