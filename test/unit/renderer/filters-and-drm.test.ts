import { describe, expect, it } from 'vitest';
import {
  emptyForm,
  excludeBitrate,
  describeDefinition,
  toDefinition,
  toForm,
  TIMESCALE,
  type FilterForm,
} from '../../../renderer/src/features/filters/filter-form.ts';
import { describeDrmError } from '../../../renderer/src/features/player/drm-error.ts';
import { keyChoiceError } from '../../../renderer/src/features/protection/content-key-fields.tsx';
import { isProtected, policyNote } from '../../../renderer/src/features/protection/policy-notes.ts';

describe('filter form ↔ definition', () => {
  const form = (over: Partial<FilterForm>): FilterForm => ({ ...emptyForm, name: 'f', ...over });

  it('converts seconds to the 10^7 timescale and back', () => {
    const parsed = toDefinition(form({ startSec: '2.5', endSec: '8' }));
    expect(parsed).toEqual({
      ok: true,
      definition: {
        presentationTimeRange: { startTimestamp: 25_000_000, endTimestamp: 80_000_000, timescale: TIMESCALE },
      },
    });
    expect(
      toForm('f', { presentationTimeRange: { startTimestamp: 25_000_000, endTimestamp: 80_000_000 } }),
    ).toMatchObject({ startSec: '2.5', endSec: '8' });
    // A filter saved with its own timescale (AMS allowed any) reads back in seconds too.
    expect(toForm('f', { presentationTimeRange: { startTimestamp: 4000, timescale: 1000 } })).toMatchObject({
      startSec: '4',
      endSec: '',
    });
  });

  it('keeps either end open', () => {
    expect(toDefinition(form({ endSec: '6' }))).toEqual({
      ok: true,
      definition: { presentationTimeRange: { endTimestamp: 60_000_000, timescale: TIMESCALE } },
    });
    expect(toDefinition(form({}))).toEqual({ ok: true, definition: {} });
  });

  it('says what is wrong with times, values and the first quality', () => {
    expect(toDefinition(form({ startSec: '8', endSec: '4' }))).toEqual({
      ok: false,
      error: 'End must be after start.',
    });
    expect(toDefinition(form({ startSec: '-1' }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('Start'),
    });
    expect(
      toDefinition(form({ groups: [[{ property: 'Type', operation: 'Equal', value: ' ' }]] })),
    ).toMatchObject({ ok: false, error: expect.stringContaining('condition 1') });
    expect(toDefinition(form({ firstQualityBitrate: '4.5' }))).toMatchObject({
      ok: false,
      error: expect.stringContaining('b/s'),
    });
  });

  it('maps groups to trackSelections (AND within, OR across) and round-trips them', () => {
    const groups = [
      [
        { property: 'Type', operation: 'Equal', value: 'video' },
        { property: 'Bitrate', operation: 'Equal', value: '0-600000' },
      ],
      [{ property: 'Type', operation: 'Equal', value: 'audio' }],
    ] as const;
    const parsed = toDefinition(form({ groups, firstQualityBitrate: '400000' }));
    expect(parsed).toEqual({
      ok: true,
      definition: {
        tracks: [
          {
            trackSelections: [
              { property: 'Type', operation: 'Equal', value: 'video' },
              { property: 'Bitrate', operation: 'Equal', value: '0-600000' },
            ],
          },
          { trackSelections: [{ property: 'Type', operation: 'Equal', value: 'audio' }] },
        ],
        firstQuality: { bitrate: 400000 },
      },
    });
    if (!parsed.ok) return;
    expect(toForm('f', parsed.definition)).toEqual(
      form({ groups: groups.map((g) => [...g]), firstQualityBitrate: '400000' }),
    );
    expect(describeDefinition(parsed.definition)).toBe(
      '(Type=video and Bitrate=0-600000) or (Type=audio) · first 400 kb/s',
    );
  });

  it('excludes a rung in every selection, or as the only selection', () => {
    expect(excludeBitrate(form({}), 1_200_000).groups).toEqual([
      [{ property: 'Bitrate', operation: 'NotEqual', value: '1200000' }],
    ]);
    const two = excludeBitrate(
      form({
        groups: [
          [{ property: 'Type', operation: 'Equal', value: 'video' }],
          [{ property: 'Type', operation: 'Equal', value: 'audio' }],
        ],
      }),
      500,
    );
    expect(two.groups.map((g) => g.length)).toEqual([2, 2]);
    expect(describeDefinition({ presentationTimeRange: { startTimestamp: 20_000_000 } })).toBe('2 s–end');
  });
});

describe('DRM error sentences', () => {
  it('tells a missing token (401) from a token for another key (403), with the origin reason', () => {
    const licence401 = {
      code: 6007,
      data: [
        { code: 1001, data: ['http://o/keys/l/clearkey', 401, '{"error":"a token is required"}', {}, 2] },
      ],
    };
    expect(describeDrmError(licence401)).toMatch(
      /licence request was refused \(401\).*token.*a token is required/,
    );
    const key403 = { code: 1001, data: ['http://o/keys/l/k', 403, 'for another key', {}, 6] };
    expect(describeDrmError(key403)).toMatch(/key request was refused \(403\).*not for this locator/);
  });
  it('names decoder failures and leaves unrelated errors to the player', () => {
    expect(describeDrmError({ code: 3016 })).toMatch(/wrong content key/);
    expect(describeDrmError({ code: 1001, data: ['http://o/seg', 404, '', {}, 1] })).toBeNull();
    expect(describeDrmError({ code: 4000 })).toBeNull();
  });
});

describe('publish dialog helpers', () => {
  it('explains the predefined policies and knows which encrypt', () => {
    expect(policyNote({ name: 'Predefined_ClearKey', encryptionScheme: 'EnvelopeEncryption' })).toMatch(
      /AES-128/,
    );
    expect(policyNote({ name: 'custom', encryptionScheme: 'CommonEncryptionCbcs' })).toMatch(/cbcs/);
    expect(isProtected('CommonEncryptionCenc')).toBe(true);
    expect(isProtected('NoEncryption')).toBe(false);
  });
  it('wants a given key id and key together, well formed', () => {
    expect(keyChoiceError({ policyName: '', keyId: '', key: '' })).toBeNull();
    expect(
      keyChoiceError({ policyName: '', keyId: '6f1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b', key: '' }),
    ).toMatch(/both/);
    expect(
      keyChoiceError({ policyName: '', keyId: 'nope', key: '00112233445566778899aabbccddeeff' }),
    ).toMatch(/UUID/);
    expect(
      keyChoiceError({
        policyName: '',
        keyId: '6f1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b',
        key: '00112233445566778899aabbccddeeff',
      }),
    ).toBeNull();
    expect(
      keyChoiceError({
        policyName: '',
        keyId: '6f1b2c3d-0000-4e5f-8a9b-0c1d2e3f4a5b',
        key: 'ABEiM0RVZneImaq7zN3u/w==',
      }),
    ).toBeNull();
  });
});
