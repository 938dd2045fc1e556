import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  avcCodecPrivateData,
  writeIsmc,
  writeSmoothManifest,
} from '../../../../../packaging-core/manifest/mss/smooth-manifest.ts';
import type { AacConfig, Presentation, PresentationTrack } from '../../../../../packaging-core/types/media.ts';
import type { UrlOptions } from '../../../../../packaging-core/types/request.ts';
import { fakePresentation } from '../fake-presentation.ts';
import { expectFragment, ISM_DIR, resolveChild } from '../resolve-child.ts';

const plain: UrlOptions = { filters: [], audioOnly: true, keyframes: false };
const presentation = fakePresentation();
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['StreamIndex', 'QualityLevel', 'c'].includes(name),
});

type Node = Record<string, any>;

function parse(xml: string): Node {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml).SmoothStreamingMedia;
}

/** Expands `c` elements with Smooth semantics: r = total count including the first. */
function expand(chunks: Node[]): { times: number[]; end: number } {
  const times: number[] = [];
  let t = 0;
  for (const c of chunks) {
    if (c.t !== undefined) t = Number(c.t);
    const count = c.r === undefined ? 1 : Number(c.r);
    for (let k = 0; k < count; k++) {
      times.push(t);
      t += Number(c.d);
    }
  }
  return { times, end: t };
}

function starts(track: PresentationTrack): number[] {
  return Array.from(track.fragments.startTicks.subarray(0, -1));
}

describe('Smooth Streaming 2.2 manifest', () => {
  const doc = parse(writeSmoothManifest(presentation, 'smooth', plain));
  const [video, eng, fra] = doc.StreamIndex as [Node, Node, Node];

  it('has the 2.2 root with a 10 MHz timescale and the duration', () => {
    expect([doc.MajorVersion, doc.MinorVersion, doc.TimeScale, doc.Duration]).toEqual([
      '2',
      '2',
      '10000000',
      '130000000',
    ]);
  });

  it('shares one video StreamIndex among all qualities and has one StreamIndex per audio track', () => {
    expect(doc.StreamIndex.map((s: Node) => [s.Type, s.Name, s.Chunks, s.QualityLevels])).toEqual([
      ['video', 'video', '7', '3'],
      ['audio', 'aac_eng_2_128000', '7', '1'],
      ['audio', 'aac_fra_2_128000', '7', '1'],
    ]);
    expect([video.MaxWidth, video.MaxHeight, eng.Language, fra.Language]).toEqual([
      '640',
      '360',
      'eng',
      'fra',
    ]);
    expect(
      video.QualityLevel.map((q: Node) => [q.Index, q.Bitrate, q.FourCC, q.MaxWidth, q.MaxHeight]),
    ).toEqual([
      ['0', '900000', 'H264', '640', '360'],
      ['1', '500000', 'H264', '480', '270'],
      ['2', '250000', 'H264', '320', '180'],
    ]);
  });

  it('writes H.264 CodecPrivateData as 00000001 SPS 00000001 PPS in upper-case hex', () => {
    const config = presentation.video[0]!.config;
    if (config.codec !== 'avc1') throw new Error('fixture is H.264');
    expect(video.QualityLevel[0].CodecPrivateData).toBe(
      '000000016764001EACD940A02FF96100000300010000000168EBE3CB22C0',
    );
    expect(
      avcCodecPrivateData(
        [Uint8Array.of(0x67, 0xab)],
        [Uint8Array.of(0x68, 0x0c), Uint8Array.of(0x68, 0x0d)],
      ),
    ).toBe('0000000167AB00000001680C00000001680D');
  });

  it('writes AAC QualityLevels with AudioTag 255, PacketSize 4, BitsPerSample 16 and the AudioSpecificConfig', () => {
    expect(eng.QualityLevel[0]).toMatchObject({
      Bitrate: '128000',
      FourCC: 'AACL',
      AudioTag: '255',
      Channels: '2',
      SamplingRate: '48000',
      BitsPerSample: '16',
      PacketSize: '4',
      CodecPrivateData: '1190',
    });
    const he: AacConfig = {
      ...(presentation.audio[0]!.config as AacConfig),
      objectType: 5,
      audioSpecificConfig: Uint8Array.of(0x2b, 0x92, 0x08, 0x00),
    };
    const heDoc = parse(
      writeSmoothManifest(
        { ...presentation, audio: [{ ...presentation.audio[0]!, config: he }] },
        'smooth',
        plain,
      ),
    );
    expect(heDoc.StreamIndex[1].QualityLevel[0]).toMatchObject({
      FourCC: 'AACH',
      CodecPrivateData: '2B920800',
    });
  });

  it('uses Smooth r (total count): six 2 s fragments then one short → r="6" then a lone c', () => {
    expect(video.c).toEqual([{ t: '0', d: '20000000', r: '6' }, { d: '10000000' }]);
  });

  it('implies exactly the fragment start times of each track', () => {
    expect(expand(video.c).times).toEqual(starts(presentation.video[0]!));
    expect(expand(video.c).end).toBe(presentation.video[0]!.fragments.startTicks.at(-1));
    expect(expand(eng.c).times).toEqual(starts(presentation.audio[0]!));
    expect(expand(fra.c).times).toEqual(starts(presentation.audio[1]!));
  });

  it('has Url templates that resolve to every fragment of every quality', () => {
    for (const index of doc.StreamIndex as Node[]) {
      for (const quality of index.QualityLevel as Node[]) {
        for (const t of expand(index.c).times) {
          const url = (index.Url as string)
            .replace('{bitrate}', quality.Bitrate)
            .replace('{start time}', String(t));
          const fragment = expectFragment(presentation, resolveChild(`${ISM_DIR}manifest`, url));
          expect(fragment).toMatchObject({
            format: 'smooth',
            track: index.Name,
            time: t,
            bitrate: Number(quality.Bitrate),
          });
        }
      }
    }
  });

  it('carries filter and encryption into the Url templates', () => {
    const filtered = parse(
      writeSmoothManifest(presentation, 'smooth', { ...plain, filters: ['f'], encryption: 'cenc' }),
    );
    for (const index of filtered.StreamIndex as Node[]) {
      const url = (index.Url as string)
        .replace('{bitrate}', index.QualityLevel[0].Bitrate)
        .replace('{start time}', '0');
      expect(resolveChild(`${ISM_DIR}manifest`, url)).toMatchObject({
        options: { filters: ['f'], encryption: 'cenc' },
      });
    }
  });
});

describe('Smooth Streaming 2.0 manifest (fmp4-v20)', () => {
  const doc = parse(writeSmoothManifest(presentation, 'fmp4-v20', plain));

  it('has MinorVersion 0 and one numbered c per fragment, without r', () => {
    expect(doc.MinorVersion).toBe('0');
    for (const [i, index] of (doc.StreamIndex as Node[]).entries()) {
      const track = i === 0 ? presentation.video[0]! : presentation.audio[i - 1]!;
      expect(index.c).toHaveLength(track.fragments.startTicks.length - 1);
      expect(index.c.map((c: Node) => c.n)).toEqual(index.c.map((_: Node, n: number) => String(n)));
      expect(index.c.every((c: Node) => c.r === undefined)).toBe(true);
      expect(expand(index.c).times).toEqual(starts(track));
    }
  });
});

describe('writeIsmc', () => {
  it('is the unfiltered Smooth 2.2 manifest', () => {
    expect(writeIsmc(presentation)).toBe(writeSmoothManifest(presentation, 'smooth', plain));
  });

  it('escapes XML in names and keeps an explicit t where a trimmed timeline starts', () => {
    const odd = { ...presentation.audio[0]!, name: 'a&b<c>' };
    const trimmed: Presentation = {
      ...presentation,
      audio: [
        {
          ...odd,
          fragments: {
            firstSample: odd.fragments.firstSample.subarray(3),
            startTicks: odd.fragments.startTicks.subarray(3),
          },
        },
      ],
    };
    const xml = writeIsmc(trimmed)!;
    expect(xml).toContain('Name="a&amp;b&lt;c&gt;"');
    const index = parse(xml).StreamIndex[1] as Node;
    expect(index.Name).toBe('a&b<c>');
    expect(index.c[0].t).toBe('60160000');
    expect(expand(index.c).times).toEqual(starts(trimmed.audio[0]!));
  });
});

describe('QualityLevels beyond H.264/AAC', () => {
  const base = fakePresentation();
  const top = base.video[0]!;
  const vps = Uint8Array.of(0x40, 0x01, 0x0c);
  const sps = Uint8Array.of(0x42, 0x01, 0x01);
  const pps = Uint8Array.of(0x44, 0x01, 0xc1);
  const hevc: Presentation = {
    ...base,
    video: [{ ...top, config: { codec: 'hev1', codecString: 'hev1.1.6.L93.B0', sampleEntry: new Uint8Array(), width: 320, height: 180, parNum: 1, parDen: 1, nalLengthSize: 4, parameterSets: [vps, sps, pps], videoRange: 'SDR' } }],
  };
  // The dec3 of a 192 kb/s 5.1 E-AC-3 stream; the CodecPrivateData real EC-3 Smooth manifests carry for it.
  const dec3 = Uint8Array.of(0x06, 0x00, 0x20, 0x0f, 0x00);
  const dolby = (codec: 'ac-3' | 'ec-3', specific: Uint8Array, channels: number): Presentation['audio'][number] => ({
    ...base.audio[0]!,
    config: { codec, codecString: codec, sampleEntry: new Uint8Array(), sampleRate: 48000, channels, specific, bitrate: 192000 },
  });

  it('HEVC: FourCC after the sample entry, VPS/SPS/PPS in Annex B', () => {
    const q = (parse(writeSmoothManifest(hevc, 'smooth', plain)).StreamIndex[0] as Node).QualityLevel[0] as Node;
    expect([q.FourCC, q.MaxWidth, q.MaxHeight, q.CodecPrivateData]).toEqual(['HEV1', '320', '180', '0000000140010C00000001420101000000014401C1']);
  });

  it('E-AC-3 5.1: EC-3, AudioTag 65534 and the WAVEFORMATEXTENSIBLE extension + dec3 AMS and Bento4 write', () => {
    const p = { ...base, audio: [dolby('ec-3', dec3, 6)] };
    const q = (parse(writeSmoothManifest(p, 'smooth', plain)).StreamIndex[1] as Node).QualityLevel[0] as Node;
    expect([q.FourCC, q.AudioTag, q.Channels, q.SamplingRate, q.PacketSize, q.CodecPrivateData]).toEqual(['EC-3', '65534', '6', '48000', '768', '00063F000000AF87FBA7022DFB42A4D405CD93843BDD0600200F00']);
  });

  it('AC-3 stereo: AC-3 with the Dolby Digital subformat and the dac3', () => {
    // fscod 0, bsid 8, bsmod 0, acmod 2 (L R), lfeon 0, bit_rate_code 10 (192 kb/s)
    const dac3 = Uint8Array.of(0x10, 0x11, 0x40);
    const p = { ...base, audio: [dolby('ac-3', dac3, 2)] };
    const q = (parse(writeSmoothManifest(p, 'smooth', plain)).StreamIndex[1] as Node).QualityLevel[0] as Node;
    expect([q.FourCC, q.CodecPrivateData]).toEqual(['AC-3', '0006030000002C806DE046DBCF11B4D100805F6CBBEA101140']);
  });

  it('writeIsmc: none for AV1 (Smooth cannot carry it); Opus is left out beside AAC', () => {
    const av1: Presentation = { ...base, video: [{ ...top, config: { codec: 'av01', codecString: 'av01.0.04M.08', sampleEntry: new Uint8Array(), width: 320, height: 180, parNum: 1, parDen: 1, videoRange: 'SDR' } }] };
    expect(writeIsmc(av1)).toBeNull();
    const opus = { ...base.audio[1]!, config: { codec: 'Opus' as const, codecString: 'opus', sampleEntry: new Uint8Array(), sampleRate: 48000, channels: 2 } };
    const withOpus = parse(writeIsmc({ ...base, audio: [base.audio[0]!, opus] })!);
    expect(withOpus.StreamIndex.map((s: Node) => s.Name)).toEqual(['video', base.audio[0]!.name]);
  });
});
