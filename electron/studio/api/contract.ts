/**
 * The studio API contract: every operation the UI (or a script) can ask of the studio, with runtime
 * schemas for its input and output. Both transports serve exactly this map — Electron IPC (preload →
 * main) and web mode (HTTP) — and the CLI calls the same handlers. Pure (zod only): the renderer
 * imports it too.
 */
import { z } from 'zod';

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** Where the studio runs: the desktop shell or the headless command (web mode). */
  host: z.enum(['electron', 'web']),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const contract = {
  'app.info': { input: z.object({}).strict(), output: appInfoSchema },
} as const;

export type Contract = typeof contract;
export type Operation = keyof Contract;
export type OperationInput<O extends Operation> = z.input<Contract[O]['input']>;
export type OperationOutput<O extends Operation> = z.output<Contract[O]['output']>;

/** The operation names, for channel validation in the preload and the HTTP router. */
export const operations = Object.keys(contract) as Operation[];

export function isOperation(name: unknown): name is Operation {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** Errors cross the process boundary as data: a code the UI can branch on and a sentence for the user. */
export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** What the user can do about it, when there is something. */
  hint: z.string().optional(),
});
export type ApiErrorData = z.infer<typeof apiErrorSchema>;

/** The typed client the renderer holds (window.studio in Electron, an HTTP client in web mode). */
export interface StudioClient {
  call<O extends Operation>(operation: O, input: OperationInput<O>): Promise<OperationOutput<O>>;
}
