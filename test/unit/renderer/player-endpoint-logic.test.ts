import { describe, expect, it } from 'vitest';
import type { AssetFilesData } from '../../../electron/studio/api/contract.ts';
import { plainEncoderReason } from '../../../renderer/src/features/encode/encoder-reason.ts';
import { ipAllowFromText, ipAllowToText } from '../../../renderer/src/features/endpoint/ip-allow-text.ts';
import { catalogLadder, matchRung, rungLabel } from '../../../renderer/src/features/player/catalog-ladder.ts';
import { languageName } from '../../../renderer/src/lib/language-name.ts';

const files: AssetFilesData = {
  files: [
    { name: 'a_1280x720_3000.mp4', bytes: 3_750_000 },
    { name: 'a_640x360_AACAudio_800.mp4', bytes: 1_200_000 },
    { name: 'a_AACAudio_eng_128.mp4', bytes: 160_000 },
  ],
  tracks: [
    { kind: 'video', src: 'a_1280x720_3000.mp4', bitrate: 3_000_000, language: null, width: 1280, height: 720 },
    { kind: 'video', src: 'a_640x360_AACAudio_800.mp4', bitrate: 800_000, language: null, width: 640, height: 360 },
    { kind: 'audio', src: 'a_640x360_AACAudio_800.mp4', bitrate: 128_000, language: 'eng', width: null, height: null },
  ],
  poster: null,
};

describe('the player names rungs from the catalog', () => {
  it('declared from the .ism; measured from a video-only file over the duration, not from a muxed one', () => {
    const ladder = catalogLadder(files, 10);
    expect(ladder).toEqual([
      { width: 1280, height: 720, declared: 3_000_000, measured: 3_000_000 },
      { width: 640, height: 360, declared: 800_000, measured: null },
    ]);
    expect(catalogLadder(files, null).every((r) => r.measured === null)).toBe(true);
  });

  it('one label per rung whatever bandwidth a format declares; a player-rounded width still matches', () => {
    const ladder = catalogLadder(files, 10);
    expect(rungLabel(ladder, 1280, 720, 3_400_000)).toBe('1280×720 · 3.00 Mb/s');
    expect(rungLabel(ladder, 1280, 720, 3_128_000)).toBe('1280×720 · 3.00 Mb/s');
    expect(matchRung(ladder, 642, 360)?.declared).toBe(800_000);
    expect(rungLabel(ladder, 854, 480, 1_100_000)).toBe('854×480 · 1.10 Mb/s');
    expect(rungLabel(ladder, null, null, null)).toBe('—');
  });

  it('languages by name', () => {
    expect(languageName('de')).toBe('German (de)');
    expect(languageName('')).toBe('undetermined');
    expect(languageName('qqq')).toBe('qqq');
  });
});

describe('hardware encoder reasons in plain words', () => {
  it.each([
    ['h264_nvenc', '[h264_nvenc @ 0x1] Cannot load libcuda.so.1', 'NVENC: no NVIDIA GPU found (or its driver is not installed).'],
    ['hevc_qsv', 'Error initializing an internal MFX session: unsupported (-3)', 'Quick Sync: no Intel GPU with Quick Sync found.'],
    ['h264_amf', 'not compiled into this ffmpeg', 'AMF: this ffmpeg was built without it.'],
    ['h264_vaapi', 'no VAAPI render device (/dev/dri/renderD128)', 'VAAPI: no GPU with VAAPI video encoding found (/dev/dri/renderD128).'],
    ['h264_nvenc', 'something new', 'NVENC: its trial encode failed on this machine.'],
  ])('%s: %s', (encoder, raw, sentence) => {
    expect(plainEncoderReason(encoder, raw)).toBe(sentence);
  });
});

describe('the IP allow list as text', () => {
  it('reads addresses, subnets and names, skips blanks and comments, and writes the same text back', () => {
    const rules = ipAllowFromText('10.0.0.0/8 office lan\n\n# home\n2001:db8::1\n');
    expect(rules).toEqual([
      { name: 'office lan', address: '10.0.0.0', subnetPrefixLength: 8 },
      { name: '2001:db8::1', address: '2001:db8::1' },
    ]);
    expect(ipAllowToText(rules as never)).toBe('10.0.0.0/8 office lan\n2001:db8::1');
  });
  it('names the line of a malformed rule', () => {
    expect(ipAllowFromText('10.0.0.1\n10.0.0.0/x')).toEqual({ error: expect.stringMatching(/^Line 2: "10\.0\.0\.0\/x"/) });
  });
});
