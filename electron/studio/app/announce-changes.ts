import type { Operation } from '../api/contract.ts';
import type { Handlers } from '../api/dispatch.ts';
import type { JobEventLog } from './job-events.ts';

/** Operations that only read: everything else changes something some view may show. */
const READS = new Set(['list', 'get', 'files', 'thumbnails', 'events', 'log', 'info', 'status', 'paths', 'preview', 'plan', 'export', 'testToken']);

export const changesState = (op: Operation): boolean => !READS.has(op.split('.').at(-1) ?? '');

/**
 * The handlers, each successful change announced as a `changed` event in `jobs.events`: every open
 * view (another window, a browser tab in web mode, the view next to the one that saved) reloads what
 * that operation's group shows — a saved filter appears in every filter picker, whoever saved it.
 */
export function announceChanges(handlers: Handlers, events: JobEventLog): Handlers {
  const wrapped = { ...handlers } as Record<Operation, (input: unknown) => Promise<unknown>>;
  for (const op of Object.keys(handlers) as Operation[]) {
    if (!changesState(op)) continue;
    const handler = handlers[op] as (input: unknown) => Promise<unknown>;
    wrapped[op] = async (input) => {
      const result = await handler(input);
      events.pushChanged(op);
      return result;
    };
  }
  return wrapped as Handlers;
}
