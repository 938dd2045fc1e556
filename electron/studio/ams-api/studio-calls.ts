import type { Operation, OperationInput, OperationOutput } from '../api/contract.ts';
import { dispatch, type Handlers } from '../api/dispatch.ts';
import { fromStudioError } from './arm-error.ts';

/** One contract operation, as the other transports make it; a refusal becomes an ARM error. */
export type StudioCall = <O extends Operation>(op: O, input: OperationInput<O>) => Promise<OperationOutput<O>>;

/**
 * The API reaches the studio only through the contract (validation and errors as in the UI's IPC
 * and web mode), so what it creates shows in the desktop UI and the reverse.
 */
export function studioCalls(handlers: Handlers): StudioCall {
  return async (op, input) => {
    const reply = await dispatch(handlers, op, input);
    if (!reply.ok) throw fromStudioError(reply.error);
    return reply.value as never;
  };
}
