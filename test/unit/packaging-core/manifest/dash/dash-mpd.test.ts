import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { dashFrameRate, isoDuration, writeMpd } from '../../../../../packaging-core/manifest/dash/mpd.ts';
import type { Presentation, PresentationTrack } from '../../../../../packaging-core/types/media.ts';
import type { UrlOptions } from '../../../../../packaging-core/types/request.ts';
import { fakePresentation } from '../fake-presentation.ts';
import { expectFragment, ISM_DIR, resolveChild } from '../resolve-child.ts';

const plain: UrlOptions = { filters: [], audioOnly: true, keyframes: false };
const presentation = fakePresentation();
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  isArray: (name) => ['AdaptationSet', 'Representation', 'S', 'Role'].includes(name),
});

type Node = Record<string, any>;

function parse(xml: string): Node {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml).MPD;
}

/** Expands a SegmentTimeline with DASH semantics (r = additional repeats). */
function expand(timeline: Node): { times: number[]; end: number } {
  const times: number[] = [];
  let t = 0;
  for (const s of timeline.S as Node[]) {
    if (s.t !== undefined) t = Number(s.t);
    const repeats = s.r === undefined ? 0 : Number(s.r);
    for (let k = 0; k <= repeats; k++) {
      times.push(t);
      t += Number(s.d);
    }
  }
  return { times, end: t };
}

function followTemplate(
  p: Presentation,
  template: string,
  bandwidth: string,
  time: number | 'i',
  format: string,
) {
  const url = template.replace('$Bandwidth$', bandwidth).replace('$Time$', String(time));
  const fragment = expectFragment(p, resolveChild(`${ISM_DIR}manifest(format=${format})`, url));
  expect(fragment.format).toBe(format);
  return fragment;
}

function checkTimeline(
  p: Presentation,
  set: Node,
  template: Node,
  reps: Node[],
  tracks: PresentationTrack[],
  format: string,
) {
  const { times, end } = expand(template.SegmentTimeline);
  for (const [index, rep] of reps.entries()) {
    const track = tracks[index]!;
    expect(times).toEqual(Array.from(track.fragments.startTicks.subarray(0, -1)));
    expect(end).toBe(track.fragments.startTicks.at(-1));
    expect(followTemplate(p, template.initialization, rep.bandwidth, 'i', format)).toMatchObject({
      time: 'init',
      track: track.name,
    });
    for (const t of times) {
      expect(followTemplate(p, template.media, rep.bandwidth, t, format)).toMatchObject({
        time: t,
        bitrate: track.bitrate,
      });
    }
  }
  expect(set).toBeDefined();
}

describe.each(['mpd-time-csf', 'mpd-time-cmaf'] as const)('DASH MPD %s', (format) => {
  const mpd = parse(writeMpd(presentation, format, plain));
  const sets = mpd.Period.AdaptationSet as Node[];

  it('is a static, single-period MPD with the profile of its format', () => {
    expect(mpd.type).toBe('static');
    expect(mpd.xmlns).toBe('urn:mpeg:dash:schema:mpd:2011');
    expect(mpd.mediaPresentationDuration).toBe('PT13S');
    expect(mpd.minBufferTime).toMatch(/^PT\d+S$/);
    if (format === 'mpd-time-csf') {
      expect(mpd.profiles).toBe('urn:mpeg:dash:profile:isoff-live:2011');
      expect(sets.every((s) => s.profiles === 'ccff')).toBe(true);
    } else {
      expect(mpd.profiles).toContain('urn:mpeg:dash:profile:cmaf:2019');
      expect(sets.every((s) => s.profiles === undefined)).toBe(true);
    }
  });

  it('has one video AdaptationSet with every quality and one audio AdaptationSet per track', () => {
    expect(sets.map((s) => s.contentType)).toEqual(['video', 'audio', 'audio']);
    const [videoSet, eng, fra] = sets as [Node, Node, Node];
    expect(videoSet).toMatchObject({
      mimeType: 'video/mp4',
      maxWidth: '640',
      maxHeight: '360',
      frameRate: '30',
      par: '16:9',
      startWithSAP: '1',
      segmentAlignment: 'true',
    });
    expect(
      videoSet.Representation.map((r: Node) => [r.bandwidth, r.codecs, r.width, r.height, r.sar]),
    ).toEqual([
      ['900000', 'avc1.64001e', '640', '360', '1:1'],
      ['500000', 'avc1.640015', '480', '270', '1:1'],
      ['250000', 'avc1.640015', '320', '180', '1:1'],
    ]);
    expect(new Set(videoSet.Representation.map((r: Node) => r.id)).size).toBe(3);
    expect([eng.lang, eng.Label, eng.Role?.[0]?.value, fra.lang, fra.Label, fra.Role]).toEqual([
      'eng',
      'aac_eng_2_128000',
      'main',
      'fra',
      'aac_fra_2_128000',
      undefined,
    ]);
    const rep = eng.Representation[0];
    expect([rep.bandwidth, rep.codecs, rep.audioSamplingRate, rep.AudioChannelConfiguration.value]).toEqual([
      '128000',
      'mp4a.40.2',
      '48000',
      '2',
    ]);
  });

  it('implies exactly the fragment start times of each track, and every URL resolves', () => {
    const [videoSet, ...audioSets] = sets as [Node, ...Node[]];
    expect(videoSet.SegmentTemplate.timescale).toBe('10000000');
    checkTimeline(
      presentation,
      videoSet,
      videoSet.SegmentTemplate,
      videoSet.Representation,
      [...presentation.video],
      format,
    );
    audioSets.forEach((set, index) => {
      checkTimeline(
        presentation,
        set,
        set.SegmentTemplate,
        set.Representation,
        [presentation.audio[index]!],
        format,
      );
    });
  });

  it('writes DASH r as additional repeats: six 2 s fragments then one of 1 s', () => {
    expect(sets[0]!.SegmentTemplate.SegmentTimeline.S).toEqual([
      { t: '0', d: '20000000', r: '5' },
      { d: '10000000' },
    ]);
  });
});

describe('DASH MPD edge cases', () => {
  it('carries filter and encryption into the templates', () => {
    const mpd = parse(
      writeMpd(presentation, 'mpd-time-csf', { ...plain, filters: ['a', 'b'], encryption: 'cenc' }),
    );
    for (const set of mpd.Period.AdaptationSet as Node[]) {
      const fragment = followTemplate(
        presentation,
        set.SegmentTemplate.media,
        set.Representation[0].bandwidth,
        0,
        'mpd-time-csf',
      );
      expect(fragment.options).toMatchObject({ filters: ['a', 'b'], encryption: 'cenc' });
    }
  });

  it('gives each quality its own timeline when their fragment times differ', () => {
    const shifted = presentation.video[2]!;
    const starts = Float64Array.from(shifted.fragments.startTicks, (t, i) => (i === 3 ? t + 333 : t));
    const p: Presentation = {
      ...presentation,
      video: [
        presentation.video[0]!,
        { ...shifted, fragments: { ...shifted.fragments, startTicks: starts } },
      ],
    };
    const mpd = parse(writeMpd(p, 'mpd-time-cmaf', plain));
    const videoSet = mpd.Period.AdaptationSet[0] as Node;
    expect(videoSet.segmentAlignment).toBe('false');
    expect(videoSet.SegmentTemplate).toBeUndefined();
    videoSet.Representation.forEach((rep: Node, index: number) => {
      checkTimeline(p, videoSet, rep.SegmentTemplate, [rep], [p.video[index]!], 'mpd-time-cmaf');
    });
  });

  it('starts the Period at the first fragment of a presentation trimmed at the front', () => {
    const trim = (track: PresentationTrack): PresentationTrack => ({
      ...track,
      fragments: {
        firstSample: track.fragments.firstSample.subarray(2),
        startTicks: track.fragments.startTicks.subarray(2),
      },
    });
    const p: Presentation = {
      ...presentation,
      video: presentation.video.map(trim),
      audio: presentation.audio.map(trim),
      durationTicks: 90_000_000,
    };
    const mpd = parse(writeMpd(p, 'mpd-time-csf', plain));
    const [videoSet, eng] = mpd.Period.AdaptationSet as [Node, Node];
    expect(mpd.mediaPresentationDuration).toBe('PT9S');
    expect(videoSet.SegmentTemplate.presentationTimeOffset).toBe('40000000');
    expect(eng.SegmentTemplate.presentationTimeOffset).toBe('40000000');
    expect(videoSet.SegmentTemplate.SegmentTimeline.S[0]).toEqual({ t: '40000000', d: '20000000', r: '3' });
    checkTimeline(p, eng, eng.SegmentTemplate, eng.Representation, [p.audio[0]!], 'mpd-time-csf');
  });

  it('escapes XML in names', () => {
    const odd = { ...presentation.audio[0]!, name: 'aac_<"eng">&co', language: 'en&' };
    const xml = writeMpd({ ...presentation, audio: [odd] }, 'mpd-time-csf', plain);
    const mpd = parse(xml);
    expect(xml).toContain('<Label>aac_&lt;&quot;eng&quot;&gt;&amp;co</Label>');
    expect(mpd.Period.AdaptationSet[1].Label).toBe('aac_<"eng">&co');
    const media = mpd.Period.AdaptationSet[1].SegmentTemplate.media as string;
    expect(
      resolveChild(
        `${ISM_DIR}manifest(format=mpd-time-csf)`,
        media.replace('$Bandwidth$', '128000').replace('$Time$', '0'),
      ),
    ).toMatchObject({
      track: 'aac_<"eng">&co',
    });
    expect(mpd.Period.AdaptationSet[1].Representation[0].id).not.toMatch(/\s/);
  });

  it('formats durations and frame rates as DASH expects', () => {
    expect(isoDuration(130_000_000)).toBe('PT13S');
    expect(isoDuration(625_000_000)).toBe('PT1M2.5S');
    expect(isoDuration(36_000_000_000)).toBe('PT1H0M0S');
    expect(isoDuration(1_234_567)).toBe('PT0.123S');
    expect(dashFrameRate(30)).toBe('30');
    expect(dashFrameRate(29.97002997)).toBe('30000/1001');
    expect(dashFrameRate(23.976)).toBe('24000/1001');
    expect(dashFrameRate(12.5)).toBe('12500/1000');
  });
});
