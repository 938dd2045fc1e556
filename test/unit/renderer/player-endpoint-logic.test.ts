import { describe, expect, it } from 'vitest';
import type { AssetFilesData } from '../../../electron/studio/api/contract.ts';
import { plainEncoderReason } from '../../../renderer/src/features/encode/encoder-reason.ts';
import { ipAllowFromText, ipAllowToText } from '../../../renderer/src/features/endpoint/ip-allow-text.ts';
import { assetBadge, assetNote } from '../../../renderer/src/features/library/asset-badge.ts';
import { catalogLadder, matchRung, rungLabel } from '../../../renderer/src/features/player/catalog-ladder.ts';
import { smoothManifestKeyId } from '../../../renderer/src/features/player/drm-options.ts';
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
  const measured = [{ file: 'a_1280x720_3000.mp4', measuredKbps: 2870 }];
  it("declared from the .ism; measured where the catalog stored it for the rung's file", () => {
    const ladder = catalogLadder(files, measured);
    expect(ladder).toEqual([
      { width: 1280, height: 720, declared: 3_000_000, measured: 2_870_000 },
      { width: 640, height: 360, declared: 800_000, measured: null },
    ]);
    expect(catalogLadder(files, []).every((r) => r.measured === null)).toBe(true);
    expect(catalogLadder(null, measured)).toEqual([]);
  });

  it('one label per rung whatever bandwidth a format declares; a player-rounded width still matches', () => {
    const ladder = catalogLadder(files, measured);
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

describe('the key id of a protected Smooth manifest', () => {
  // A PlayReady Header Object as the spec lays it out: LE length and record count, one record of UTF-16LE XML.
  const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
  const fromHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  const toHex = (bytes: Uint8Array | null) => [...(bytes ?? [])].map((b) => b.toString(16).padStart(2, '0')).join('');
  const header = (xml: string) => {
    const record = Uint8Array.from([...xml].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]));
    const out = new Uint8Array(10 + record.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, out.length, true);
    view.setUint16(4, 1, true);
    view.setUint16(6, 1, true);
    view.setUint16(8, record.length, true);
    out.set(record, 10);
    return b64(out);
  };
  const kid = '0123456789abcdef0011223344556677';
  // The GUID's first three fields little-endian, as PlayReady writes key ids.
  const guid = b64(fromHex('67452301ab89efcd0011223344556677'));
  const manifest = (h: string) => `<SmoothStreamingMedia><Protection><ProtectionHeader SystemID="9a04f079-9840-4286-ab92-e65be0885f95">${h}</ProtectionHeader></Protection></SmoothStreamingMedia>`;

  it('reads <KID> (WRMHEADER 4.0) and <KID VALUE> (4.1+) back to the CENC byte order', () => {
    const v40 = manifest(header(`<WRMHEADER version="4.0.0.0"><DATA><KID>${guid}</KID></DATA></WRMHEADER>`));
    const v41 = manifest(header(`<WRMHEADER version="4.1.0.0"><DATA><PROTECTINFO><KID ALGID="AESCTR" VALUE="${guid}"></KID></PROTECTINFO></DATA></WRMHEADER>`));
    for (const m of [v40, v41]) expect(toHex(smoothManifestKeyId(m))).toBe(kid);
  });
  it('null for a clear manifest or a header without a key id', () => {
    expect(smoothManifestKeyId('<SmoothStreamingMedia/>')).toBeNull();
    expect(smoothManifestKeyId(manifest(header('<WRMHEADER><DATA/></WRMHEADER>')))).toBeNull();
  });
});

describe('a canceled output says how far it got', () => {
  const out = { id: 'o', name: 'o', folder: 'o', sourceFile: null, mediaInfo: null, ismName: null, state: 'Error', storage: 'local', createdAt: 't', updatedAt: 't' } as const;
  const job = (progress: number | null) =>
    ({ id: 'j', transformName: 'T', inputAssetId: 'i', inputFile: null, outputAssetId: 'o', state: 'Canceled', progress: progress === null ? null : { percent: progress }, error: null, logTail: '', retryOf: null, createdAt: 't', startedAt: null, endedAt: null }) as const;
  it.each([
    [42.7, 'The encode was canceled at 42 %; nothing was kept. Retry it in the jobs panel.'],
    [0.4, 'The encode was canceled at 0.4 %; nothing was kept. Retry it in the jobs panel.'],
    [null, 'The encode was canceled before it started; nothing was kept. Retry it in the jobs panel.'],
  ])('%s %%', (p, note) => {
    expect(assetBadge(out, [job(p)])).toBe('Canceled');
    expect(assetNote(out, [job(p)])).toBe(note);
  });
});
