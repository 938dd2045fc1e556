/**
 * ARM long-running operations (streaming endpoint start/stop/scale/create/delete): the request
 * answers 202 with `Azure-AsyncOperation` pointing at a status resource the SDK's poller reads until
 * it says Succeeded or Failed. Held in memory: an operation lives as long as a client polls it.
 */
import { randomUUID } from 'node:crypto';
import { toArmError } from './arm-error.ts';

type Status = 'InProgress' | 'Succeeded' | 'Failed';

interface Operation {
  readonly id: string;
  status: Status;
  readonly startTime: string;
  endTime: string | null;
  error: { code: string; message: string } | null;
}

const KEEP = 1000;

export class AsyncOperations {
  readonly #ops = new Map<string, Operation>();

  /**
   * Starts `work` and gives the 202 answer: the status URL under `accountId` (the ARM id of the
   * account), on the API's origin, with the request's api-version.
   */
  accept(work: () => Promise<void>, accountId: string, url: URL): { status: 202; headers: Record<string, string> } {
    const op: Operation = { id: randomUUID(), status: 'InProgress', startTime: new Date().toISOString(), endTime: null, error: null };
    this.#ops.set(op.id, op);
    if (this.#ops.size > KEEP) this.#ops.delete(this.#ops.keys().next().value ?? '');
    work().then(
      () => {
        op.status = 'Succeeded';
        op.endTime = new Date().toISOString();
      },
      (err: unknown) => {
        const e = toArmError(err);
        op.status = 'Failed';
        op.error = { code: e.code, message: e.message };
        op.endTime = new Date().toISOString();
      },
    );
    const status = new URL(`${accountId}/asyncOperations/${op.id}`, url);
    status.searchParams.set('api-version', url.searchParams.get('api-version') ?? '');
    return { status: 202, headers: { 'azure-asyncoperation': status.toString(), 'retry-after': '0' } };
  }

  /** The status resource the poller reads; null when unknown (404). */
  get(id: string): Record<string, unknown> | null {
    const op = this.#ops.get(id);
    if (!op) return null;
    return {
      name: op.id,
      status: op.status,
      startTime: op.startTime,
      ...(op.endTime && { endTime: op.endTime }),
      ...(op.error && { error: op.error }),
    };
  }
}
