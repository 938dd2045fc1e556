import { describe, expect, it } from 'vitest';
import {
  FilterDefinitionError,
  checkFilterName,
  parseFilterDefinition,
} from '../../../../../packaging-core/presentation/filters/parse-filter-definition.ts';
import { canonicalLanguage, parseBitrateRange } from '../../../../../packaging-core/presentation/filters/track-match.ts';

function problems(value: unknown): readonly string[] {
  try {
    parseFilterDefinition(value);
  } catch (err) {
    if (err instanceof FilterDefinitionError) return err.problems;
    throw err;
  }
  throw new Error('accepted');
}

describe('parseFilterDefinition', () => {
  it('accepts the AMS schema and normalizes names, types and the default timescale', () => {
    const parsed = parseFilterDefinition({
      presentationTimeRange: { startTimestamp: 40_000_000, endTimestamp: 80_000_000, timescale: 10_000_000 },
      tracks: [
        { trackSelections: [{ property: 'type', operation: 'equal', value: 'Video' }, { property: 'Bitrate', operation: 'Equal', value: '0-600000' }] },
        { trackSelections: [{ property: 'Language', operation: 'NotEqual', value: 'fr' }] },
      ],
      firstQuality: { bitrate: 500000 },
    });
    expect(parsed).toEqual({
      presentationTimeRange: { startTimestamp: 40_000_000, endTimestamp: 80_000_000 },
      tracks: [
        {
          trackSelections: [
            { property: 'Type', operation: 'Equal', value: 'video' },
            { property: 'Bitrate', operation: 'Equal', value: '0-600000' },
          ],
        },
        { trackSelections: [{ property: 'Language', operation: 'NotEqual', value: 'fr' }] },
      ],
      firstQuality: { bitrate: 500000 },
    });
  });

  it('keeps a non-default timescale and accepts an empty filter', () => {
    expect(parseFilterDefinition({ presentationTimeRange: { startTimestamp: 4000, timescale: 1000 } })).toEqual({
      presentationTimeRange: { startTimestamp: 4000, timescale: 1000 },
    });
    expect(parseFilterDefinition({})).toEqual({});
  });

  it('lists every problem with the path of the field at fault', () => {
    const found = problems({
      presentationTimeRange: { startTimestamp: 80, endTimestamp: 40, liveBackoffDuration: 2 },
      tracks: [
        { trackSelections: [{ property: 'Colour', operation: 'Equal', value: 'red' }] },
        { trackSelections: [{ property: 'Bitrate', operation: 'Equal', value: '600000-0' }] },
        { trackSelections: [{ property: 'Type', operation: 'Like', value: 'video' }] },
        { trackSelections: [] },
        { trackSelections: [{ property: 'Language', operation: 'Equal', value: 'not a language!' }] },
      ],
      firstQuality: { bitrate: -1 },
      extra: true,
    });
    expect(found).toEqual([
      expect.stringMatching(/^filter\.extra is not a filter field/),
      expect.stringMatching(/^presentationTimeRange\.liveBackoffDuration applies to live streams only/),
      'presentationTimeRange.endTimestamp (40) must be after startTimestamp (80)',
      expect.stringMatching(/^tracks\[0\]\.trackSelections\[0\]\.property must be one of Type, Name, Language, FourCC, Bitrate/),
      expect.stringMatching(/^tracks\[1\]\.trackSelections\[0\]\.value "600000-0" is not a bitrate/),
      expect.stringMatching(/^tracks\[2\]\.trackSelections\[0\]\.operation must be Equal or NotEqual/),
      expect.stringMatching(/^tracks\[3\]\.trackSelections is empty/),
      expect.stringMatching(/^tracks\[4\]\.trackSelections\[0\]\.value "not a language!" is not a language code/),
      expect.stringMatching(/^firstQuality\.bitrate must be a whole number/),
    ]);
  });

  it('refuses a wrong shape and unknown track types', () => {
    expect(problems(null)).toEqual([expect.stringMatching(/must be an object/)]);
    expect(problems({ tracks: {} })).toEqual([expect.stringMatching(/^tracks must be a list/)]);
    expect(problems({ tracks: [{ trackSelections: [{ property: 'Type', operation: 'Equal', value: 'subtitle' }] }] })).toEqual([
      expect.stringMatching(/"subtitle" is not a track type \(video, audio or text\)/),
    ]);
    expect(problems({ firstQuality: {} })).toEqual(['firstQuality.bitrate is required']);
    expect(() => parseFilterDefinition({ firstQuality: {} })).toThrow(/^Invalid filter: firstQuality\.bitrate is required\.$/);
  });

  it('checks filter names as they appear in URLs', () => {
    expect(checkFilterName('first-4s_v1.2')).toBe('first-4s_v1.2');
    for (const bad of ['', 'a;b', 'a b', 'a,b', 'x'.repeat(129), 'a(b)']) expect(() => checkFilterName(bad)).toThrow(FilterDefinitionError);
  });
});

describe('condition values', () => {
  it('parses single bitrates and inclusive ranges', () => {
    expect(parseBitrateRange('500000')).toEqual({ min: 500000, max: 500000 });
    expect(parseBitrateRange('0-600000')).toEqual({ min: 0, max: 600000 });
    expect(parseBitrateRange(' 100 - 200 ')).toEqual({ min: 100, max: 200 });
    expect(parseBitrateRange('200-100')).toBeUndefined();
    expect(parseBitrateRange('1.5')).toBeUndefined();
    expect(parseBitrateRange('-5')).toBeUndefined();
  });

  it('compares languages on the canonical language subtag (639-1, 639-2/T and /B, regions)', () => {
    expect(canonicalLanguage('eng')).toBe('en');
    expect(canonicalLanguage('en-US')).toBe('en');
    expect(canonicalLanguage('fre')).toBe(canonicalLanguage('fra'));
    expect(canonicalLanguage('fr-CA')).toBe('fr');
    expect(canonicalLanguage('und')).toBe('und');
    expect(canonicalLanguage('??')).toBeUndefined();
  });
});
