// Test harness: plays one URL with one player and reports what proves playback (browser-playback.md):
// time advanced, frames decoded, audio decoded, no player error, and the renditions actually shown
// (video heights seen), after forcing a switch from the lowest to the highest rung.

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(predicate, timeoutMs) {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    if (predicate()) return true;
    await sleep(100);
  }
  return false;
}

function attachShaka(video, errors) {
  shaka.polyfill.installAll();
  const player = new shaka.Player();
  player.addEventListener('error', (e) => errors.push(`shaka ${e.detail.code}: ${JSON.stringify(e.detail.data).slice(0, 300)}`));
  return {
    async load(url, mimeType) {
      await player.attach(video);
      // segmentPrefetchLimit 0: as the studio's player (renderer/src/features/player/shaka-engine.ts).
      player.configure({ abr: { enabled: false }, streaming: { bufferingGoal: 6, segmentPrefetchLimit: 0 } });
      await player.load(url, 0, mimeType);
    },
    variants: () => player.getVariantTracks().map((t) => ({ height: t.height, bandwidth: t.bandwidth })),
    select(which) {
      // 'highest' also changes the audio language where there are two: a rendition and a language
      // switch in one call, the hardest case for the player.
      const active = player.getVariantTracks().find((t) => t.active);
      const tracks = player
        .getVariantTracks()
        .filter((t) => t.height && (which === 'highest' || !active || t.language === active.language));
      tracks.sort((a, b) => a.bandwidth - b.bandwidth);
      let t = tracks[0];
      if (which === 'highest') {
        const top = tracks.filter((x) => x.height === tracks[tracks.length - 1].height);
        t = top.find((x) => active && x.language !== active.language) ?? top[top.length - 1];
      }
      if (t) player.selectVariantTrack(t, true);
    },
    destroy: () => player.destroy(),
  };
}

function attachDashjs(video, errors) {
  const player = dashjs.MediaPlayer().create();
  player.on(dashjs.MediaPlayer.events.ERROR, (e) => errors.push(`dash.js ${e.error?.code}: ${e.error?.message}`));
  let ready = false;
  player.on(dashjs.MediaPlayer.events.STREAM_INITIALIZED, () => (ready = true));
  return {
    async load(url) {
      player.updateSettings({
        streaming: { abr: { autoSwitchBitrate: { video: false, audio: false } }, buffer: { fastSwitchEnabled: true } },
      });
      player.initialize(video, url, true);
      await waitFor(() => ready || errors.length > 0, 15000);
    },
    variants: () => player.getRepresentationsByType('video').map((r) => ({ height: r.height, bandwidth: r.bandwidth })),
    select(which) {
      const reps = player.getRepresentationsByType('video').slice().sort((a, b) => a.bandwidth - b.bandwidth);
      const r = which === 'lowest' ? reps[0] : reps[reps.length - 1];
      if (r) player.setRepresentationForTypeById('video', r.id, true);
    },
    destroy: () => player.destroy(),
  };
}

function attachHlsjs(video, errors) {
  const hls = new Hls({ maxBufferLength: 6 });
  hls.on(Hls.Events.ERROR, (_e, data) => {
    if (data.fatal) errors.push(`hls.js ${data.type} ${data.details} ${data.url ?? ''}`);
  });
  let parsed = false;
  hls.on(Hls.Events.MANIFEST_PARSED, () => (parsed = true));
  return {
    async load(url) {
      hls.loadSource(url);
      hls.attachMedia(video);
      await waitFor(() => parsed || errors.length > 0, 15000);
    },
    variants: () => hls.levels.map((l) => ({ height: l.height, bandwidth: l.bitrate })),
    select(which) {
      const levels = hls.levels.map((l, i) => ({ i, b: l.bitrate, h: l.height })).filter((l) => l.h);
      levels.sort((a, b) => a.b - b.b);
      const l = which === 'lowest' ? levels[0] : levels[levels.length - 1];
      if (l) hls.currentLevel = l.i;
    },
    destroy: () => hls.destroy(),
  };
}

window.runPlayer = async function runPlayer({ player, url, mimeType, seconds = 5, timeoutMs = 40000 }) {
  const video = document.getElementById('video');
  const errors = [];
  const heights = new Set();
  const attach = { shaka: attachShaka, dashjs: attachDashjs, hlsjs: attachHlsjs }[player];
  const p = attach(video, errors);
  const started = performance.now();
  let firstPlaying = null;
  video.addEventListener('playing', () => (firstPlaying ??= performance.now()));
  const poll = setInterval(() => {
    if (video.videoHeight) heights.add(video.videoHeight);
  }, 100);
  video.addEventListener('error', () => errors.push(`video element: ${video.error?.code} ${video.error?.message}`));
  try {
    await p.load(url, mimeType);
    p.select('lowest');
    await video.play().catch((e) => errors.push(`play(): ${e.message}`));
    await waitFor(() => video.currentTime >= 2 || errors.length > 0, timeoutMs);
    p.select('highest');
    await waitFor(() => video.currentTime >= seconds || errors.length > 0 || video.ended, timeoutMs);
    // Keep playing a little so the switched rendition reaches the screen.
    await waitFor(() => heights.size >= 2 || errors.length > 0 || video.ended, 6000);
    const q = video.getVideoPlaybackQuality();
    return {
      currentTime: video.currentTime,
      totalVideoFrames: q.totalVideoFrames,
      droppedVideoFrames: q.droppedVideoFrames,
      audioDecodedBytes: video.webkitAudioDecodedByteCount ?? 0,
      heights: [...heights].sort((a, b) => a - b),
      variants: p.variants(),
      errors,
      startupMs: firstPlaying === null ? null : Math.round(firstPlaying - started),
    };
  } finally {
    clearInterval(poll);
    await p.destroy();
  }
};

/**
 * Appends the init and first media segment of the first video and audio representation of an MPD to
 * plain MSE SourceBuffers and answers where each buffered range starts (s): what the browser itself
 * makes of the segments' timing (edit lists, composition offsets), no player in between.
 */
globalThis.bufferedStarts = async (mpdUrl) => {
  const mpd = new DOMParser().parseFromString(await (await fetch(mpdUrl)).text(), 'application/xml');
  const video = document.createElement('video');
  const source = new MediaSource();
  video.src = URL.createObjectURL(source);
  await new Promise((r) => source.addEventListener('sourceopen', r, { once: true }));
  // Every SourceBuffer before the first append (Chromium's rule), then init + first segment each.
  const tracks = ['video', 'audio'].map((kind) => {
    const set = [...mpd.querySelectorAll('AdaptationSet')].find((a) => (a.getAttribute('contentType') ?? a.getAttribute('mimeType') ?? '').includes(kind));
    const rep = set.querySelector('Representation');
    const template = set.querySelector('SegmentTemplate') ?? rep.querySelector('SegmentTemplate');
    const first = template.querySelector('S').getAttribute('t') ?? '0';
    const url = (t) => new URL(t.replace('$Bandwidth$', rep.getAttribute('bandwidth')).replace('$Time$', first), mpdUrl).href;
    const mime = `${set.getAttribute('mimeType') ?? rep.getAttribute('mimeType')}; codecs="${rep.getAttribute('codecs') ?? set.getAttribute('codecs')}"`;
    return { kind, buffer: source.addSourceBuffer(mime), parts: [url(template.getAttribute('initialization')), url(template.getAttribute('media'))] };
  });
  const out = {};
  for (const { kind, buffer, parts } of tracks) {
    for (const part of parts) {
      buffer.appendBuffer(await (await fetch(part)).arrayBuffer());
      await new Promise((r) => buffer.addEventListener('updateend', r, { once: true }));
    }
    out[kind] = buffer.buffered.length > 0 ? buffer.buffered.start(0) : NaN;
  }
  return out;
};

/**
 * Plays a stream with the text track the player lists first turned on, and reports what a viewer
 * would see: the active cues' text sampled against the playhead until `untilSeconds`, the cues the
 * player put on the video element's text track, the listed text tracks, and where the player put
 * media time 0 (the video's first buffered instant: a TS transmuxer may place it a few ms late, and
 * cues must move with it). The text is what the page shows: a cue's rendered text (styling markup
 * dropped), or what dash.js's TTML renderer wrote into its overlay. shaka 5 shows a track by selecting
 * it (setTextTrackVisibility is gone); dash.js by `text.defaultEnabled`, its default, into the overlay
 * div it is given (TTML is rendered as HTML, not as native cues).
 */
globalThis.showCaptions = async ({ player, url, mimeType, untilSeconds, timeoutMs = 40000 }) => {
  const video = document.getElementById('video');
  const errors = [];
  let tracks;
  let destroy;
  let overlay;
  const visible = (c) => c.getCueAsHTML?.().textContent ?? c.text;
  if (player === 'shaka') {
    shaka.polyfill.installAll();
    const p = new shaka.Player();
    p.addEventListener('error', (e) => errors.push(`shaka ${e.detail.code}: ${JSON.stringify(e.detail.data).slice(0, 300)}`));
    await p.attach(video);
    p.configure({ abr: { enabled: false }, streaming: { bufferingGoal: 6, segmentPrefetchLimit: 0 } });
    await p.load(url, 0, mimeType);
    const listed = p.getTextTracks();
    tracks = listed.map((t) => `${t.language}:${t.label}`);
    if (listed[0]) p.selectTextTrack(listed[0]);
    destroy = () => p.destroy();
  } else {
    const p = dashjs.MediaPlayer().create();
    overlay = document.createElement('div');
    overlay.id = 'captions-overlay';
    document.body.append(overlay);
    p.on(dashjs.MediaPlayer.events.ERROR, (e) => errors.push(`dash.js ${e.error?.code}: ${e.error?.message}`));
    const ready = new Promise((r) => p.on(dashjs.MediaPlayer.events.STREAM_INITIALIZED, r));
    p.initialize();
    p.attachView(video);
    p.attachTTMLRenderingDiv(overlay);
    p.attachSource(url);
    await Promise.race([ready, sleep(timeoutMs)]);
    tracks = p.getTracksFor('text').map((t) => `${t.lang}:${t.labels?.[0]?.text ?? ''}`);
    destroy = () => p.destroy();
  }
  const samples = [];
  try {
    await video.play().catch((e) => errors.push(`play(): ${e.message}`));
    const end = performance.now() + timeoutMs;
    while (performance.now() < end && video.currentTime < untilSeconds && errors.length === 0 && !video.ended) {
      const shown = [];
      for (const t of Array.from(video.textTracks)) {
        if (t.mode !== 'showing') continue;
        for (const c of Array.from(t.activeCues ?? [])) shown.push(visible(c));
      }
      if (overlay?.textContent) shown.push(overlay.textContent);
      samples.push({ time: video.currentTime, text: shown.map((t) => t.trim()).filter(Boolean).join('\n') });
      await sleep(100);
    }
    const cues = Array.from(video.textTracks)
      .filter((t) => t.mode !== 'disabled')
      .flatMap((t) => Array.from(t.cues ?? []).map((c) => ({ start: c.startTime, end: c.endTime, text: visible(c) || c.cueHTMLElement?.textContent || '' })));
    const zero = video.buffered.length > 0 ? video.buffered.start(0) : NaN;
    return { errors, tracks, samples, cues, zero };
  } finally {
    await destroy();
    overlay?.remove();
  }
};
