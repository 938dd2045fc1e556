import { describe, expect, it } from 'vitest';
import { ProgressParser } from '../../../../electron/studio/media/ffmpeg-progress.ts';

// Captured from Debian ffmpeg 5.1.9: `-progress pipe:1 -stats_period 0.5`, 4 s testsrc2 720p + sine → libx264/aac, faststart.
const CAPTURED = `frame=1
fps=0.00
stream_0_0_q=0.0
bitrate=N/A
total_size=48
out_time_us=0
out_time_ms=0
out_time=00:00:00.000000
dup_frames=0
drop_frames=0
speed=   0x
progress=continue
frame=65
fps=0.00
stream_0_0_q=29.0
bitrate=   0.7kbits/s
total_size=48
out_time_us=534059
out_time_ms=534059
out_time=00:00:00.534059
dup_frames=0
drop_frames=0
speed=   1x
progress=continue
frame=120
fps=95.51
stream_0_0_q=-1.0
bitrate=3112.5kbits/s
total_size=1562862
out_time_us=4017052
out_time_ms=4017052
out_time=00:00:04.017052
dup_frames=0
drop_frames=0
speed= 3.2x
progress=end
`;

describe('ProgressParser', () => {
  it('emits one event per block with percent of the duration and ETA from speed', () => {
    const events = new ProgressParser(4_000_000).push(CAPTURED);
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ outTimeUs: 0, percent: 0, frame: 1, speed: 0, etaSec: null, phase: 'encoding' });
    expect(events[1]!.outTimeUs).toBe(534059);
    expect(events[1]!.percent).toBeCloseTo(13.35, 1);
    expect(events[1]!.speed).toBe(1);
    expect(events[1]!.etaSec).toBeCloseTo(3.466, 2);
    expect(events[2]).toMatchObject({ frame: 120, fps: 95.51, speed: 3.2, percent: 100, etaSec: 0, phase: 'finalizing' });
  });

  it('reassembles blocks split at arbitrary chunk boundaries', () => {
    const parser = new ProgressParser(4_000_000);
    const events = [];
    for (let i = 0; i < CAPTURED.length; i += 7) events.push(...parser.push(CAPTURED.slice(i, i + 7)));
    expect(events.map((e) => e.frame)).toEqual([1, 65, 120]);
  });

  it('reads out_time_us, never out_time_ms (which holds µs too), and clamps to 100 %', () => {
    const block = 'out_time_us=9000000\nout_time_ms=9000\nspeed=2x\nprogress=continue\n';
    const [e] = new ProgressParser(4_000_000).push(block);
    expect(e!.outTimeUs).toBe(9_000_000);
    expect(e!.percent).toBe(100);
  });

  it('handles N/A and negative early times, and an unknown duration', () => {
    // ffmpeg prints N/A before the first packet and a slightly negative time with B-frame delay.
    const [a, b] = new ProgressParser().push(
      'frame=0\nfps=0.00\nout_time_us=N/A\nspeed=N/A\nprogress=continue\nframe=3\nout_time_us=-23220\nspeed=0.5x\nprogress=continue\n',
    );
    expect(a).toMatchObject({ outTimeUs: 0, speed: 0, percent: 0, etaSec: null });
    expect(b).toMatchObject({ outTimeUs: 0, speed: 0.5, percent: 0, etaSec: null, frame: 3 });
  });
});
