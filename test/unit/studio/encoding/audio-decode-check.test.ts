import { describe, expect, it } from 'vitest';
import { assertDecodedShare, decodedSecondsFromShowinfo } from '../../../../electron/studio/encoding/audio-decode-check.ts';
import { EncodeError } from '../../../../electron/studio/encoding/encode-error.ts';
import type { AudioStreamInfo } from '../../../../electron/studio/media/media-info.ts';

const amr: AudioStreamInfo = { index: 1, codec: 'amr_nb', sampleRate: 8000, channels: 1, language: 'jpn', bitrate: 12_800, durationSec: 15.2 };

describe('audio decode check', () => {
  it("sums ashowinfo's samples per rate", () => {
    const lines = [
      '[Parsed_ashowinfo_0 @ 0x55] [info] n:0 pts:0 pts_time:0 pos:48 fmt:fltp channels:1 chlayout:mono rate:8000 nb_samples:160 checksum:69530203',
      '[Parsed_ashowinfo_0 @ 0x55] [info] n:1 pts:8000 pts_time:1 pos:1648 fmt:fltp channels:1 chlayout:mono rate:8000 nb_samples:160 checksum:3E797826',
      'unrelated line',
    ];
    expect(decodedSecondsFromShowinfo(lines)).toBeCloseTo(0.04, 6);
  });

  it('blames this ffmpeg, not the file, when most of the announced audio does not decode', () => {
    const fail = (): void => assertDecodedShare({ announcedSec: 15.2, decodedSec: 0.32 }, amr, '/m/phone.3gp', '/usr/bin/ffmpeg');
    expect(fail).toThrow(EncodeError);
    expect(fail).toThrow(/This ffmpeg \(\/usr\/bin\/ffmpeg\) cannot fully decode the AMR-NB audio of \/m\/phone\.3gp.*not damaged.*FFMPEG_PATH/);
  });

  it('accepts audio that decodes whole, and samples too short to judge', () => {
    expect(() => assertDecodedShare({ announcedSec: 0.47, decodedSec: 0.46 }, { ...amr, codec: 'aac' }, 'f', 'ffmpeg')).not.toThrow();
    expect(() => assertDecodedShare({ announcedSec: 0.1, decodedSec: 0 }, amr, 'f', 'ffmpeg')).not.toThrow();
  });
});
