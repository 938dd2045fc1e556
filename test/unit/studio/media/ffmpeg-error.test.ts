import { describe, expect, it } from 'vitest';
import { classifyFfmpegFailure, errorLinesOf } from '../../../../electron/studio/media/ffmpeg-error.ts';

// Lines as Debian ffmpeg/ffprobe 5.1 print them (with -loglevel level+warning where tagged).
const cases: [string, string, string][] = [
  ['no-space', '[mp4 @ 0x55] [error] Error writing trailer of /lib/out.mp4: No space left on device', 'Free some space'],
  ['input-not-found', '[error] /media/clip.mp4: No such file or directory', '/media/clip.mp4 does not exist'],
  ['invalid-data', '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55] [error] moov atom not found\n[error] file:/x.mp4: Invalid data found when processing input', 'damaged or incomplete'],
  ['invalid-data', 'file:/tmp/readme.md: Invalid data found when processing input', 'not a video or audio file'],
  ['permission', '[error] /lib/out.mp4: Permission denied', 'to /lib/out.mp4'],
  ['encoder-unavailable', '[h264_nvenc @ 0x55] [error] Cannot load libcuda.so.1\n[error] Error initializing output stream 0:0 -- Error while opening encoder', 'Cannot load libcuda.so.1'],
  ['encoder-unavailable', "[fatal] Unknown encoder 'h264_amf'", 'libx264'],
  ['decoder-unavailable', '[aac @ 0x56] Audio object type 42 is not implemented. Update your FFmpeg version', 'cannot decode'],
  ['failed', "[error] Unrecognized option 'bogus'.\n[fatal] Error splitting the argument list: Option not found", 'Error splitting the argument list'],
];

describe('classifyFfmpegFailure', () => {
  it.each(cases)('%s ← %s', (kind, stderr, inMessage) => {
    const c = classifyFfmpegFailure('ffmpeg', stderr, 1, null);
    expect(c.kind).toBe(kind);
    expect(c.message).toContain(inMessage);
  });

  it('names a foreign signal as killed', () => {
    const c = classifyFfmpegFailure('ffmpeg', 'frame= 10', null, 'SIGKILL');
    expect(c.kind).toBe('killed');
    expect(c.message).toContain('SIGKILL');
  });

  it('prefers no-space over the invalid-data lines a full disk causes', () => {
    const c = classifyFfmpegFailure('ffmpeg', '[error] Invalid data found when processing input\n[error] No space left on device', 1, null);
    expect(c.kind).toBe('no-space');
  });

  it('finds error-level lines', () => {
    expect(errorLinesOf('[info] a\n[h264 @ 0x1] [error] b\n[warning] c\n[fatal] d')).toEqual(['[h264 @ 0x1] [error] b', '[fatal] d']);
  });
});
