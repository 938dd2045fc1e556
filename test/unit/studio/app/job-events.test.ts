import { describe, expect, it } from 'vitest';
import { JobEventLog } from '../../../../electron/studio/app/job-events.ts';

const progress = (jobId: string, percent: number) => ({ type: 'progress' as const, jobId, progress: { percent } });

describe('jobs.events long poll', () => {
  it('answers at once with what happened after `since` (queue log lines go through pushLog)', async () => {
    const log = new JobEventLog();
    log.push(progress('j', 10));
    log.push({ type: 'log', jobId: 'j', line: 'frame=1' });
    log.push(progress('j', 20));
    expect(await log.since(0, 0)).toEqual({
      seq: 2,
      reset: false,
      events: [
        { seq: 1, ...progress('j', 10) },
        { seq: 2, ...progress('j', 20) },
      ],
    });
    expect((await log.since(1, 0)).events.map((e) => e.seq)).toEqual([2]);
  });

  it('waits for the next event, or times out empty', async () => {
    const log = new JobEventLog();
    const started = Date.now();
    expect(await log.since(0, 50)).toEqual({ seq: 0, reset: false, events: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    const pending = log.since(0, 5000);
    setTimeout(() => log.push(progress('j', 5)), 10);
    expect((await pending).events).toHaveLength(1);
  });

  it('tells a client that fell behind the buffer, or knew an older studio, to reload', async () => {
    const log = new JobEventLog(2);
    for (let i = 1; i <= 5; i++) log.push(progress('j', i));
    expect(await log.since(1, 0)).toMatchObject({ seq: 5, reset: true, events: [] });
    expect((await log.since(3, 0)).events.map((e) => e.seq)).toEqual([4, 5]);
    expect(await log.since(99, 1000)).toMatchObject({ seq: 5, reset: true });
  });

  it('answers waiting polls when the studio closes', async () => {
    const log = new JobEventLog();
    const closing = new AbortController();
    const pending = log.since(0, 30_000, closing.signal);
    closing.abort();
    expect(await pending).toEqual({ seq: 0, reset: false, events: [] });
  });
});
