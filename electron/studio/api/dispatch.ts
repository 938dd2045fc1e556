/**
 * Validates and dispatches one call of the contract. Shared by both transports (Electron IPC and web
 * mode's HTTP), so they cannot drift: same validation, same error shape. Never throws.
 */
import { contract, isOperation, type ApiErrorData, type Operation, type OperationInput, type OperationOutput } from './contract.ts';

export type Handlers = { [O in Operation]: (input: OperationInput<O>) => Promise<OperationOutput<O>> };

export type CallReply = { ok: true; value: unknown } | { ok: false; error: ApiErrorData };

export async function dispatch(handlers: Handlers, operation: unknown, input: unknown): Promise<CallReply> {
  if (!isOperation(operation)) {
    return { ok: false, error: { code: 'unknown-operation', message: `Unknown operation ${String(operation)}` } };
  }
  const parsed = contract[operation].input.safeParse(input ?? {});
  if (!parsed.success) {
    // One readable line per problem, naming the field: the CLI prints it as is, the UI shows it.
    const problems = parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
    return { ok: false, error: { code: 'invalid-input', message: `Invalid input for ${operation}: ${problems}` } };
  }
  try {
    const handler = handlers[operation] as (i: unknown) => Promise<unknown>;
    const value = contract[operation].output.parse(await handler(parsed.data));
    return { ok: true, value };
  } catch (err) {
    const e = (err ?? {}) as Partial<ApiErrorData> & { message?: string };
    return {
      ok: false,
      error: {
        code: typeof e.code === 'string' ? e.code : 'internal',
        message: e.message ?? String(err),
        ...(typeof e.hint === 'string' ? { hint: e.hint } : {}),
      },
    };
  }
}
