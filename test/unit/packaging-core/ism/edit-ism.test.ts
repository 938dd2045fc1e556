import { describe, expect, it } from 'vitest';
import { withoutTrack, withTextStreams, withTrack } from '../../../../packaging-core/ism/edit-ism.ts';
import { parseIsm } from '../../../../packaging-core/ism/parse-ism.ts';
import { writeIsm } from '../../../../packaging-core/ism/write-ism.ts';
import { MediaError } from '../../../../packaging-core/types/errors.ts';

// A hand-edited manifest: a meta and a param this origin does not model must survive every edit.
const ISM = `<?xml version="1.0" encoding="utf-8"?>
<smil xmlns="http://www.w3.org/2001/SMIL20/Language">
  <head>
    <meta name="formats" content="mp4"/>
    <meta name="vendorThing" content="keep me"/>
  </head>
  <body>
    <switch>
      <video src="v_720.mp4" systemBitrate="2500000">
        <param name="trackID" value="1" valuetype="data"/>
        <param name="trackIndex" value="v_720_1.mpi" valuetype="data"/>
      </video>
      <audio src="a_eng.mp4" systemBitrate="128000" systemLanguage="eng"/>
      <textstream src="old.vtt" systemBitrate="1000" systemLanguage="fra"/>
    </switch>
  </body>
</smil>
`;

const text = (src: string, language: string, extra: Partial<{ isDefault: boolean; forced: boolean; visible: boolean }> = {}) => ({
  src,
  bitrate: 1000,
  trackName: `${language} subs`,
  language,
  isDefault: false,
  forced: false,
  visible: true,
  ...extra,
});

describe('editing an .ism in place', () => {
  it('replaces the text streams and keeps everything else byte for byte', () => {
    const out = withTextStreams(ISM, [text('subs_eng.vtt', 'eng', { isDefault: true }), text('subs_de.vtt', 'de', { forced: true, visible: false })]);
    expect(out).toContain('<meta name="vendorThing" content="keep me"/>');
    expect(out).toContain('<param name="trackIndex" value="v_720_1.mpi" valuetype="data"/>');
    expect(out).not.toContain('old.vtt');
    expect(parseIsm(out).texts).toEqual([
      { src: 'subs_eng.vtt', bitrate: 1000, trackName: 'eng subs', language: 'eng', isDefault: true, forced: false, visible: true },
      { src: 'subs_de.vtt', bitrate: 1000, trackName: 'de subs', language: 'de', isDefault: false, forced: true, visible: false },
    ]);
    // No texts: the manifest without its text streams, otherwise unchanged.
    expect(withTextStreams(ISM, [])).toBe(ISM.replace('      <textstream src="old.vtt" systemBitrate="1000" systemLanguage="fra"/>\n', ''));
  });

  it('adds an audio track with its role params and removes it again', () => {
    const added = withTrack(ISM, { kind: 'audio', src: 'ad_eng.mp4', bitrate: 96000, trackId: 1, trackName: 'English AD', language: 'eng', role: 'description' });
    const audio = parseIsm(added).tracks.filter((t) => t.kind === 'audio');
    expect(audio.map((t) => [t.src, t.role])).toEqual([
      ['a_eng.mp4', undefined],
      ['ad_eng.mp4', 'description'],
    ]);
    // As AMS wrote descriptive audio: accessibility=description and role=alternate.
    expect(added).toContain('<param name="accessibility" value="description" valuetype="data"/>\n        <param name="role" value="alternate" valuetype="data"/>');
    const commentary = withTrack(ISM, { kind: 'audio', src: 'c.mp4', bitrate: 96000, trackId: 1, trackName: 'Director', language: 'eng', role: 'commentary' });
    expect(parseIsm(commentary).tracks.at(-1)?.role).toBe('commentary');
    expect(() => withTrack(added, { kind: 'audio', src: 'ad_eng.mp4', bitrate: 96000, trackId: 1, trackName: 'x' })).toThrow(MediaError);
    expect(withoutTrack(added, 'audio', 'ad_eng.mp4')).toBe(ISM);
    // A src that is not there changes nothing; a video element of the same src is not an audio element.
    expect(withoutTrack(ISM, 'audio', 'v_720.mp4')).toBe(ISM);
  });

  it('edits the manifests the studio writes, and refuses one that is not a server manifest', () => {
    const empty = writeIsm({ tracks: [] });
    const one = withTextStreams(empty, [text('t.vtt', 'eng')]);
    expect(parseIsm(one).texts?.map((t) => t.src)).toEqual(['t.vtt']);
    expect(withoutTrack(one, 'textstream', 't.vtt')).toBe(empty);
    expect(() => withTextStreams('<html/>', [text('t.vtt', 'eng')])).toThrow(/not a SMIL server manifest/);
    expect(() => withTextStreams('<smil><head/></smil>', [text('t.vtt', 'eng')])).toThrow(/no <switch> or <body>/);
  });
});
