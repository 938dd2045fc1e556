/**
 * ARM's error envelope, `{"error":{"code","message"}}`, and the mapping from the studio contract's
 * error codes to ARM's HTTP status and code. Every failure of the API leaves through this shape, so
 * the SDK raises a RestError whose `code` and `message` the caller can read.
 */
import type { ApiErrorData } from '../api/contract.ts';

export class ArmError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: readonly { code: string; message: string }[];
  constructor(status: number, code: string, message: string, details: readonly { code: string; message: string }[] = []) {
    super(message);
    this.name = 'ArmError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const notFound = (kind: string, name: string): ArmError =>
  new ArmError(404, 'ResourceNotFound', `The ${kind} '${name}' was not found.`);

export const badRequest = (message: string): ArmError => new ArmError(400, 'BadRequest', message);

/** A resource or operation of AMS v3 the studio does not implement: named, so the caller knows which. */
export const notSupported = (what: string, why = 'Origin Studio does not implement it.'): ArmError =>
  new ArmError(400, 'NotSupported', `${what} is not supported: ${why}`);

const STATUS_OF: Readonly<Record<string, [number, string]>> = {
  'not-found': [404, 'ResourceNotFound'],
  'file-not-found': [400, 'BadRequest'],
  conflict: [409, 'Conflict'],
  'already-exists': [409, 'Conflict'],
  'invalid-input': [400, 'BadRequest'],
  'invalid-argument': [400, 'BadRequest'],
  'invalid-transform': [400, 'BadRequest'],
  'not-media': [400, 'BadRequest'],
  truncated: [400, 'BadRequest'],
  empty: [400, 'BadRequest'],
  'tool-not-found': [503, 'ServiceUnavailable'],
  unavailable: [503, 'ServiceUnavailable'],
  'not-supported': [400, 'NotSupported'],
  'disk-full': [507, 'InsufficientStorage'],
  denied: [403, 'AuthorizationFailed'],
  exists: [409, 'Conflict'],
};

/** A contract error (dispatch's code + message + hint) as an ARM error. */
export function fromStudioError(e: ApiErrorData): ArmError {
  const [status, code] = STATUS_OF[e.code] ?? [500, 'InternalServerError'];
  return new ArmError(status, code, e.hint ? `${e.message} ${e.hint}` : e.message);
}

export function errorBody(e: ArmError): { error: { code: string; message: string; details?: { code: string; message: string }[] } } {
  return { error: { code: e.code, message: e.message, ...(e.details.length > 0 && { details: [...e.details] }) } };
}

/** Anything thrown inside a handler, as an ARM error (an unexpected one is a 500 without internals). */
export function toArmError(err: unknown): ArmError {
  if (err instanceof ArmError) return err;
  return new ArmError(500, 'InternalServerError', 'The studio failed to handle the request; see its log.');
}
