import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { routeJobEvents } from '../../../../electron/studio/app/job-log.ts';
import type { JobEventLog } from '../../../../electron/studio/app/job-events.ts';
import { JobLogStore } from '../../../../electron/studio/jobs/job-log-store.ts';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2aWV3ZXIifQ.c2lnbmF0dXJl';
let dir = '';
afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

describe('job logs keep no token', () => {
  it('a log line with token= or an Authorization header is redacted in the stored and the live log', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'job-log-redact-'));
    const store = new JobLogStore(dir, { flushMs: 0 });
    const live: string[] = [];
    const events = { pushLog: (_id: string, _line: number, lines: readonly string[]) => live.push(...lines), push: () => undefined } as unknown as JobEventLog;
    const route = routeJobEvents(store, events);
    store.start('job-1');
    route({ type: 'log', jobId: 'job-1', line: `Input #0, hls, from 'https://cdn.example/a.m3u8?token=${JWT}':` });
    route({ type: 'log', jobId: 'job-1', line: `-headers 'Authorization: Bearer ${JWT}'` });
    store.end('job-1');
    const stored = await readFile(path.join(dir, 'job-1.log'), 'utf8');
    expect(stored).toContain('token=[redacted]');
    expect(stored).toContain('Authorization: Bearer [redacted]');
    expect(stored + live.join('\n')).not.toContain(JWT);
    expect(live).toHaveLength(2);
  });
});
