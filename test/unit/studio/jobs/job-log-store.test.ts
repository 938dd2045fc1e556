import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JobEventLog } from '../../../../electron/studio/app/job-events.ts';
import { JobLogStore } from '../../../../electron/studio/jobs/job-log-store.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'job-logs-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('JobLogStore', () => {
  it('keeps every line of a job, numbered, readable while it runs and after', () => {
    const store = new JobLogStore(tempDir());
    store.start('job-1');
    expect(store.append('job-1', ['a', 'b'])).toBe(0);
    expect(store.read('job-1')).toMatchObject({ text: 'a\nb', nextLine: 2, truncated: false });
    expect(store.append('job-1', ['c'])).toBe(2);
    store.end('job-1');
    expect(store.append('job-1', ['late'])).toBeNull();
    expect(new JobLogStore(path.dirname(store.fileOf('job-1'))).read('job-1')).toMatchObject({ text: 'a\nb\nc', nextLine: 3 });
    expect(store.read('never-ran')).toEqual({ text: '', nextLine: 0, truncated: false, file: null });
  });

  it('stays within two generations of its bound, saying that older lines were dropped', () => {
    const dir = tempDir();
    const store = new JobLogStore(dir, { maxBytes: 1000 });
    store.start('big');
    for (let i = 0; i < 500; i++) {
      store.append('big', [`line ${i} ${'x'.repeat(40)}`]);
      if (i % 10 === 0) store.read('big'); // flushes
    }
    store.end('big');
    const sizes = readdirSync(dir).map((n) => statSync(path.join(dir, n)).size);
    expect(sizes.length).toBe(2);
    for (const s of sizes) expect(s).toBeLessThanOrEqual(1100);
    const log = store.read('big');
    expect(log.truncated).toBe(true);
    expect(log.text).toMatch(/line 499 x+$/);
    expect(log.text).not.toMatch(/line 0 /);
  });

  it('keeps the logs of the newest jobs only', () => {
    const dir = tempDir();
    for (let i = 0; i < 5; i++) {
      const f = path.join(dir, `j${i}.log`);
      writeFileSync(f, `log ${i}\n`);
      utimesSync(f, 1000 + i, 1000 + i);
    }
    new JobLogStore(dir, { keepJobs: 3 });
    expect(readdirSync(dir).sort()).toEqual(['j2.log', 'j3.log', 'j4.log']);
  });

  it('refuses a job id that is not one (no path games)', () => {
    expect(() => new JobLogStore(tempDir()).read('../catalog')).toThrow(/not a job id/);
  });
});

describe('log lines in jobs.events', () => {
  it('batches consecutive lines of a job into one numbered event, flushed before a state change', async () => {
    const events = new JobEventLog(2000, 10_000);
    events.pushLog('j', 0, ['a']);
    events.pushLog('j', 1, ['b', 'c']);
    expect((await events.since(0, 0)).events).toEqual([]);
    events.push({ type: 'progress', jobId: 'j', progress: { percent: 5 } });
    expect((await events.since(0, 0)).events).toEqual([
      { seq: 1, type: 'log', jobId: 'j', line: 0, lines: ['a', 'b', 'c'] },
      { seq: 2, type: 'progress', jobId: 'j', progress: { percent: 5 } },
    ]);
  });

  it('sends a batch on its own after a short while', async () => {
    const events = new JobEventLog(2000, 20);
    events.pushLog('j', 0, ['only']);
    const reply = await events.since(0, 2000);
    expect(reply.events).toEqual([{ seq: 1, type: 'log', jobId: 'j', line: 0, lines: ['only'] }]);
  });
});
