import { describe, expect, it } from 'vitest';
import { parseIsm } from '../../../../packaging-core/ism/parse-ism.ts';
import { type IsmDocument, writeIsm } from '../../../../packaging-core/ism/write-ism.ts';
import { MediaError } from '../../../../packaging-core/types/errors.ts';

const AMS_EXAMPLE = `<?xml version="1.0" encoding="utf-8" standalone="yes"?>
<smil xmlns="http://www.w3.org/2001/SMIL20/Language">
  <head>
    <meta name="formats" content="mp4"/>
    <meta name="fragmentsPerHLSSegment" content="1"/>
    <meta name="clientManifestRelativePath" content="movie.ismc"/>
  </head>
  <body>
    <switch>
      <video src="movie_1280x720_2500.mp4" systemBitrate="2500000">
        <param name="trackID" value="1" valuetype="data"/>
        <param name="trackName" value="video" valuetype="data"/>
      </video>
      <audio src="movie_audio_128.mp4" systemBitrate="128000" systemLanguage="und">
        <param name="trackID" value="2" valuetype="data"/>
        <param name="trackName" value="aac_und_2_128000" valuetype="data"/>
      </audio>
      <video src="movie_640x360_1000.mp4" systemBitrate="1000000">
        <param name="trackID" value="1" valuetype="data"/>
        <param name="trackName" value="video" valuetype="data"/>
      </video>
    </switch>
  </body>
</smil>`;

describe('parseIsm', () => {
  it('reads an AMS .ism: head metas and every track with its params', () => {
    expect(parseIsm(AMS_EXAMPLE)).toEqual({
      fragmentsPerHlsSegment: 1,
      clientManifest: 'movie.ismc',
      tracks: [
        { kind: 'video', src: 'movie_1280x720_2500.mp4', bitrate: 2500000, trackId: 1, trackName: 'video' },
        { kind: 'video', src: 'movie_640x360_1000.mp4', bitrate: 1000000, trackId: 1, trackName: 'video' },
        { kind: 'audio', src: 'movie_audio_128.mp4', bitrate: 128000, trackId: 2, trackName: 'aac_und_2_128000', language: 'und' },
      ],
    });
  });

  it('accepts a minimal hand-written .ism (no namespace, no switch, no metas)', () => {
    const doc = parseIsm('<smil><body><video src="a.mp4"/><audio src="b.mp4"/><audio src="c.mp4"/></body></smil>');
    expect(doc).toEqual({ tracks: [{ kind: 'video', src: 'a.mp4' }, { kind: 'audio', src: 'b.mp4' }, { kind: 'audio', src: 'c.mp4' }] });
  });

  it("reads mp4split's dialect: ISMV/ISMA sources, valueType params, extra params and textstreams ignored", () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<smil xmlns="http://www.w3.org/2001/SMIL20/Language">
  <head>
    <meta name="clientManifestRelativePath" content="tears-of-steel.ismc" />
    <meta name="creator" content="Unified Streaming Platform (USP)" />
  </head>
  <body>
    <switch>
      <audio src="tears-of-steel-aac-64k.isma" systemBitrate="64000" systemLanguage="eng">
        <param name="trackID" value="1" valueType="data" />
        <param name="trackName" value="audio_eng" valueType="data" />
        <param name="timeScale" value="48000" valueType="data" />
        <param name="FourCC" value="AACL" valueType="data" />
      </audio>
      <video src="tears-of-steel-avc1-400k.ismv" systemBitrate="400000">
        <param name="trackID" value="1" valueType="data" />
        <param name="trackName" value="video" valueType="data" />
        <param name="Subtype" value="AVC1" valueType="data" />
      </video>
      <textstream src="tears-of-steel-en.ismt" systemBitrate="1000" systemLanguage="eng">
        <param name="trackID" value="1" valueType="data" />
      </textstream>
    </switch>
  </body>
</smil>`;
    expect(parseIsm(xml)).toEqual({
      clientManifest: 'tears-of-steel.ismc',
      tracks: [
        { kind: 'video', src: 'tears-of-steel-avc1-400k.ismv', bitrate: 400000, trackId: 1, trackName: 'video' },
        { kind: 'audio', src: 'tears-of-steel-aac-64k.isma', bitrate: 64000, trackId: 1, trackName: 'audio_eng', language: 'eng' },
      ],
    });
  });

  it('takes systemBitrate and systemLanguage from params when the element has no such attribute', () => {
    const doc = parseIsm('<smil><body><audio src="a.mp4"><param name="systemBitrate" value="96000"/><param name="systemLanguage" value="deu"/><param name="trackID" value="2"/></audio></body></smil>');
    expect(doc.tracks).toEqual([{ kind: 'audio', src: 'a.mp4', bitrate: 96000, trackId: 2, language: 'deu' }]);
  });

  it('round-trips what writeIsm writes, escaped names included', () => {
    const written: IsmDocument = {
      fragmentsPerHlsSegment: 2,
      clientManifest: 'a&b.ismc',
      tracks: [
        { kind: 'video', src: "it's <1>.mp4", bitrate: 900000, trackId: 1, trackName: 'video' },
        { kind: 'audio', src: 'a "q" & b.mp4', bitrate: 128000, trackId: 2, trackName: 'aac_fra_2_128000', language: 'fra' },
      ],
    };
    const parsed = parseIsm(writeIsm(written));
    expect(parsed).toEqual(written);
  });

  it('rejects malformed XML, a non-SMIL root, missing src and bad numbers with MediaError', () => {
    expect(() => parseIsm('<smil><body><video src="a.mp4"></body></smil>', 'x.ism')).toThrow(/x\.ism is not well-formed XML/);
    expect(() => parseIsm('<html/>', 'x.ism')).toThrow(/not a SMIL server manifest/);
    expect(() => parseIsm('<smil><body><video/></body></smil>', 'x.ism')).toThrow(/<video> element has no src/);
    expect(() => parseIsm('<smil><body><video src="a.mp4" systemBitrate="fast"/></body></smil>', 'x.ism')).toThrow(/systemBitrate of a\.mp4 must be a positive whole number/);
    expect(() => parseIsm('<html/>', 'x.ism')).toThrow(MediaError);
    expect(parseIsm('<smil/>', 'x.ism')).toEqual({ tracks: [] });
  });
});
