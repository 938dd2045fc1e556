/**
 * The writers emit the key signalling protection/ computes from the policy, in place: the MPD's
 * ContentProtection in every AdaptationSet, the HLS media playlists' EXT-X-KEY, Smooth's Protection
 * element. A clear request gets none of it.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { writeMpd } from '../../../../packaging-core/manifest/dash/mpd.ts';
import { writeHlsMediaPlaylist } from '../../../../packaging-core/manifest/hls/media-playlist.ts';
import { writeSmoothManifest } from '../../../../packaging-core/manifest/mss/smooth-manifest.ts';
import { manifestProtection } from '../../../../packaging-core/protection/manifest-protection.ts';
import type { LocatorProtection, UrlOptions } from '../../../../packaging-core/types/request.ts';
import { fakePresentation } from '../manifest/fake-presentation.ts';

const plain: UrlOptions = { filters: [], audioOnly: true, keyframes: false };
const presentation = fakePresentation();
const LOCATOR = '0f1e2d3c-4b5a-4968-8776-655443322110';
const KID = '6f0c5b1e-2a3d-4c5b-8e9f-0a1b2c3d4e5f';
const WIDEVINE = 'edef8ba9-79d6-4ace-a3c8-27dcd51d21ed';
const PLAYREADY = '9a04f079-9840-4286-ab92-e65be0885f95';
const ctx = { locator: LOCATOR, origin: 'http://127.0.0.1:8123' };

function policy(drmSystems: LocatorProtection['drmSystems'] = []): LocatorProtection {
  return { schemes: new Set(['cenc', 'cbcs', 'cbc']), keyId: KID, contentKey: () => new Uint8Array(16), keyPolicy: { kind: 'open' }, drmSystems };
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['AdaptationSet', 'ContentProtection', 'ProtectionHeader'].includes(name) });

describe('MPD', () => {
  const widevine = { systemId: WIDEVINE.toUpperCase(), psshData: Buffer.from('widevine-header').toString('base64'), value: 'Widevine' };

  it.each(['cenc', 'cbcs'] as const)('%s: every AdaptationSet opens with mp4protection, ClearKey and the configured systems', (scheme) => {
    const text = writeMpd(presentation, 'mpd-time-cmaf', plain, manifestProtection(ctx, policy([widevine]), scheme));
    expect(XMLValidator.validate(text)).toBe(true);
    const mpd = xml.parse(text).MPD;
    expect(mpd['xmlns:cenc']).toBe('urn:mpeg:cenc:2013');
    expect(mpd['xmlns:dashif']).toBe('https://dashif.org/CPS');
    const sets = mpd.Period.AdaptationSet as Record<string, any>[];
    expect(sets.length).toBe(1 + presentation.audio.length);
    for (const set of sets) {
      const [mp4, clearKey, wv] = set.ContentProtection as Record<string, any>[];
      expect(mp4).toMatchObject({ schemeIdUri: 'urn:mpeg:dash:mp4protection:2011', value: scheme, 'cenc:default_KID': KID });
      expect(clearKey).toMatchObject({ schemeIdUri: 'urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e', value: 'ClearKey1.0' });
      expect(clearKey!['dashif:Laurl']).toBe(`http://127.0.0.1:8123/keys/${LOCATOR}/clearkey`);
      expect(wv).toMatchObject({ schemeIdUri: `urn:uuid:${WIDEVINE}`, value: 'Widevine' });
      const box = Buffer.from(wv!['cenc:pssh'] as string, 'base64');
      expect(box.toString('latin1', 4, 8)).toBe('pssh');
      expect(box.subarray(12, 28).toString('hex')).toBe(WIDEVINE.replaceAll('-', ''));
      expect(box.subarray(32).toString()).toBe('widevine-header');
    }
    // ContentProtection comes first in each set (the MPD schema's order).
    for (const open of text.split('\n').flatMap((line, i, all) => (line.includes('<AdaptationSet ') ? [all[i + 1]] : []))) {
      expect(open).toContain('<ContentProtection ');
    }
  });

  it('says nothing of protection when clear', () => {
    const text = writeMpd(presentation, 'mpd-time-csf', plain);
    expect(text).not.toContain('ContentProtection');
    expect(text).not.toContain('xmlns:cenc');
  });
});

describe('HLS media playlists', () => {
  const video = presentation.video[0]!;
  const request = (format: 'm3u8-aapl' | 'm3u8-cmaf', keyframes = false) => ({ format, bitrate: video.bitrate, track: video.name, options: { ...plain, keyframes } });
  const keyUri = `/keys/${LOCATOR}/${KID}`;

  it('AES-128: EXT-X-KEY without IV or KEYFORMAT right before the first segment', () => {
    const lines = writeHlsMediaPlaylist(presentation, request('m3u8-aapl'), manifestProtection(ctx, policy(), 'cbc')).split('\n');
    const key = lines.findIndex((l) => l.startsWith('#EXT-X-KEY:'));
    expect(lines[key]).toBe(`#EXT-X-KEY:METHOD=AES-128,URI="${keyUri}"`);
    expect(key + 1).toBe(lines.findIndex((l) => l.startsWith('#EXTINF')));
    expect(lines.filter((l) => l.startsWith('#EXT-X-KEY')).length).toBe(1);
  });

  it('I-frame playlists name the key too', () => {
    const text = writeHlsMediaPlaylist(presentation, request('m3u8-aapl', true), manifestProtection(ctx, policy(), 'cbc'));
    expect(text).toContain(`#EXT-X-KEY:METHOD=AES-128,URI="${keyUri}"`);
  });

  it('cbcs CMAF: SAMPLE-AES with the identity key format, after EXT-X-MAP (the init segment stays clear)', () => {
    const lines = writeHlsMediaPlaylist(presentation, request('m3u8-cmaf'), manifestProtection(ctx, policy(), 'cbcs')).split('\n');
    const key = lines.findIndex((l) => l.startsWith('#EXT-X-KEY:'));
    expect(lines[key]).toBe(`#EXT-X-KEY:METHOD=SAMPLE-AES,URI="${keyUri}",KEYFORMAT="identity",KEYFORMATVERSIONS="1"`);
    expect(key).toBeGreaterThan(lines.findIndex((l) => l.startsWith('#EXT-X-MAP:')));
    expect(key + 1).toBe(lines.findIndex((l) => l.startsWith('#EXTINF')));
  });

  it('says nothing of a key when clear', () => {
    expect(writeHlsMediaPlaylist(presentation, request('m3u8-cmaf'))).not.toContain('EXT-X-KEY');
  });
});

describe('Smooth', () => {
  function headers(text: string): { SystemID: string; '#text': string }[] {
    expect(XMLValidator.validate(text)).toBe(true);
    const root = xml.parse(text).SmoothStreamingMedia;
    return root.Protection.ProtectionHeader;
  }

  it('without PlayReady: a key-id-only PlayReady header leads (Smooth clients read the key id there)', () => {
    const [first, ...rest] = headers(writeSmoothManifest(presentation, 'smooth', plain, manifestProtection(ctx, policy(), 'cenc')));
    expect(rest).toEqual([]);
    expect(first!.SystemID).toBe(PLAYREADY);
    const record = Buffer.from(first!['#text'], 'base64').subarray(10).toString('utf16le');
    const guid = Buffer.from(KID.replaceAll('-', ''), 'hex');
    const kid = Buffer.from([guid[3]!, guid[2]!, guid[1]!, guid[0]!, guid[5]!, guid[4]!, guid[7]!, guid[6]!, ...guid.subarray(8)]);
    expect(record).toContain(`<KID>${kid.toString('base64')}</KID>`);
  });

  it('a configured PlayReady header goes first, then the other systems', () => {
    const systems = [
      { systemId: WIDEVINE, psshData: 'd2lkZXZpbmU=' },
      { systemId: PLAYREADY.toUpperCase(), psshData: 'cGxheXJlYWR5' },
    ];
    const all = headers(writeSmoothManifest(presentation, 'fmp4-v20', plain, manifestProtection(ctx, policy(systems), 'cenc')));
    expect(all.map((h) => [h.SystemID, h['#text']])).toEqual([
      [PLAYREADY, 'cGxheXJlYWR5'],
      [WIDEVINE, 'd2lkZXZpbmU='],
    ]);
  });

  it('says nothing of protection when clear', () => {
    expect(writeSmoothManifest(presentation, 'smooth', plain)).not.toContain('Protection');
  });
});
