/**
 * Captions seen by real players (issue 13's proof): a WebVTT text track on the fixture's .ism is shown
 * by shaka-player in Chromium in HLS v4 (TS), HLS CMAF and DASH CSF/CMAF (TTML in `stpp` segments), and
 * by dash.js in DASH and in Smooth (its MSS plugin, a TTML text StreamIndex) — the track listed, turned
 * on, and the cue's text read from the page while the playhead is inside the cue, nothing before it,
 * the cue's times the source's — and hls.js lists the subtitle track of each HLS flavour (v3 too).
 * CEA-608 captions inside the video are shown by shaka from the origin's signalling. One Chromium.
 */
import { rm } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser.ts';
import { captionedFixture, CAPTION_CUES } from '../helpers/captioned-fixture.ts';
import { failedRequests, startTestOrigin, type TestOrigin } from '../helpers/origin-server.ts';
import { startPlayerPage } from '../helpers/player-page.ts';
import { CAPTION_CLEARED_MS, CAPTION_SHOWN_MS, CAPTION_TEXT, cea608Fixture } from '../helpers/cea608-fixture.ts';

const FIRST = CAPTION_CUES[0]!;

interface Shown {
  errors: string[];
  tracks: string[];
  samples: { time: number; text: string }[];
  cues: { start: number; end: number; text: string }[];
  zero: number;
}

const HLS = 'application/x-mpegurl';
const DASH = 'application/dash+xml';

describe('captions in players', () => {
  let dir: string;
  let origin: TestOrigin;
  let page: Awaited<ReturnType<typeof startPlayerPage>>;
  let browser: Browser;

  beforeAll(async () => {
    const captioned = await captionedFixture('captions-play-');
    dir = captioned.folder;
    origin = await startTestOrigin(captioned);
    page = await startPlayerPage();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await page?.close();
    await origin?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function show(player: 'shaka' | 'dashjs', url: string, mimeType?: string, untilSeconds = 4.2): Promise<Shown> {
    const tab = await browser.newPage();
    try {
      await tab.goto(`${page.url}/player.html`);
      return (await tab.evaluate((a) => (globalThis as any).showCaptions(a), { player, url, mimeType, untilSeconds })) as Shown;
    } finally {
      await tab.close();
    }
  }

  /** What a viewer sees: the cue's text while the playhead is inside it, nothing before it starts. */
  function expectCueShown(seen: Shown, trackLabel: string, from: TestOrigin = origin, cue: typeof FIRST = FIRST): void {
    const failing = failedRequests(from);
    expect({ errors: seen.errors, failing }).toEqual({ errors: [], failing: [] });
    expect(seen.tracks).toEqual([trackLabel]);
    // Media time 0 on the player's clock (a TS transmuxer may put it a few ms in): cues move with it.
    const zero = seen.zero;
    expect(zero).toBeGreaterThanOrEqual(0);
    expect(zero).toBeLessThan(0.2);
    // A cue cut at a fragment boundary (TTML samples present only their own span) comes as pieces
    // that meet: the viewer sees one cue, so they are read as one.
    const merged: Shown['cues'] = [];
    for (const c of [...seen.cues].sort((a, b) => a.start - b.start)) {
      const last = merged.at(-1);
      if (last && last.text === c.text && Math.abs(last.end - c.start) < 0.0005) last.end = c.end;
      else merged.push({ ...c });
    }
    const first = merged[0];
    expect(first, JSON.stringify(seen.cues)).toBeDefined();
    expect(Math.abs(first!.start - zero - cue.startMs / 1000)).toBeLessThan(0.002);
    expect(Math.abs(first!.end - zero - cue.endMs / 1000)).toBeLessThan(0.002);
    const inside = seen.samples.filter((s) => s.time > zero + cue.startMs / 1000 + 0.1 && s.time < zero + cue.endMs / 1000 - 0.1);
    const before = seen.samples.filter((s) => s.time > 0.05 && s.time < zero + cue.startMs / 1000 - 0.1);
    expect(inside.length, JSON.stringify(seen.samples)).toBeGreaterThanOrEqual(5);
    expect(new Set(inside.map((s) => s.text))).toEqual(new Set([cue.text]));
    expect(before.length).toBeGreaterThan(0);
    expect(new Set(before.map((s) => s.text))).toEqual(new Set(['']));
  }

  // Both players report a DASH/HLS language in its short form; Smooth has no track label and dash.js
  // keeps its language as written. dash.js on DASH shows that the `stpp` segments are not a shaka-only choice.
  it.each([
    { player: 'shaka', tail: 'manifest(format=m3u8-aapl)', mime: HLS, label: 'en:English' },
    { player: 'shaka', tail: 'manifest(format=m3u8-aapl-v3)', mime: HLS, label: 'en:English' },
    { player: 'shaka', tail: 'manifest(format=m3u8-cmaf)', mime: HLS, label: 'en:English' },
    { player: 'shaka', tail: 'manifest(format=mpd-time-csf)', mime: DASH, label: 'en:English' },
    { player: 'shaka', tail: 'manifest(format=mpd-time-cmaf)', mime: DASH, label: 'en:English' },
    { player: 'dashjs', tail: 'manifest(format=mpd-time-csf)', mime: undefined, label: 'en:English' },
    { player: 'dashjs', tail: 'manifest', mime: undefined, label: 'eng:' },
  ] as const)('$player shows the cue in $tail', async ({ player, tail, mime, label }) => {
    expectCueShown(await show(player, `${origin.ismUrl}/${tail}`, mime), label);
  });

  // CEA-608 inside the H.264 (cea608-fixture.ts): the origin's CLOSED-CAPTIONS / Accessibility
  // signalling makes shaka decode CC1 from the video and show it (no text file involved).
  it.each([
    { tail: 'manifest(format=m3u8-cmaf)', mime: HLS },
    { tail: 'manifest(format=mpd-time-csf)', mime: DASH },
  ])('shaka shows the in-band CEA-608 caption (CC1) in $tail', async ({ tail, mime }) => {
    const cc = await startTestOrigin(await cea608Fixture());
    try {
      const seen = await show('shaka', `${cc.ismUrl}/${tail}`, mime, 3.6);
      expectCueShown(seen, 'en:null', cc, { startMs: CAPTION_SHOWN_MS, endMs: CAPTION_CLEARED_MS, text: CAPTION_TEXT });
    } finally {
      await cc.close();
    }
  });

  it.each(['m3u8-aapl', 'm3u8-aapl-v3', 'm3u8-cmaf'])('hls.js lists the subtitle track of %s', async (format) => {
    const tab = await browser.newPage();
    try {
      await tab.goto(`${page.url}/player.html`);
      const tracks = await tab.evaluate(async (url) => {
        const g = globalThis as any;
        const hls = new g.Hls();
        const parsed = new Promise<void>((r) => hls.on(g.Hls.Events.MANIFEST_PARSED, () => r()));
        hls.loadSource(url);
        hls.attachMedia(g.document.getElementById('video'));
        await parsed;
        const list = hls.subtitleTracks.map((t: any) => `${t.lang}:${t.name}:${t.default}`);
        hls.destroy();
        return list;
      }, `${origin.ismUrl}/manifest(format=${format})`);
      expect(tracks).toEqual(['eng:English:true']);
    } finally {
      await tab.close();
    }
  });
});
