import { describe, expect, it } from 'vitest';
import { announceChanges, changesState } from '../../../../electron/studio/app/announce-changes.ts';
import { JobEventLog } from '../../../../electron/studio/app/job-events.ts';
import type { Operation } from '../../../../electron/studio/api/contract.ts';
import type { Handlers } from '../../../../electron/studio/api/dispatch.ts';

describe('changed events', () => {
  it('tells reads from changes by the operation name', () => {
    const changes: Operation[] = ['filters.save', 'locators.create', 'endpoint.settings.set', 'endpoint.start', 'jobs.cancel'];
    const reads: Operation[] = ['filters.list', 'locators.paths', 'jobs.events', 'jobs.log', 'endpoint.status', 'filters.preview'];
    expect(changes.every((op) => changesState(op))).toBe(true);
    expect(reads.some((op) => changesState(op))).toBe(false);
  });

  it('announces a successful change, not a read and not a failure', async () => {
    const events = new JobEventLog();
    const handlers = {
      'filters.save': async () => ({ name: 'f' }),
      'filters.list': async () => [],
      'filters.delete': async () => {
        throw new Error('in use');
      },
    } as unknown as Handlers;
    const wrapped = announceChanges(handlers, events);
    await wrapped['filters.list']({});
    await wrapped['filters.save']({ name: 'f', definition: {} });
    await expect(wrapped['filters.delete']({ name: 'f' })).rejects.toThrow('in use');
    expect((await events.since(0, 0)).events).toEqual([{ seq: 1, type: 'changed', operation: 'filters.save' }]);
  });
});
