import type { ApiErrorData } from '../api/contract.ts';
import { CatalogError } from '../catalog/catalog-error.ts';
import { EncodeCanceledError, EncodeError } from '../encoding/encode-error.ts';
import { TransformDefinitionError } from '../encoding/transform-definition.ts';
import { ProbeError } from '../media/probe-error.ts';
import { SetImportError } from '../abr-set/set-error.ts';
import { ToolNotFoundError } from '../media/resolve-tools.ts';
import { redactSecrets } from '../../../packaging-core/index.ts';
import { TrackError } from '../tracks/track-error.ts';

/** An error of the studio API: `dispatch` sends its code, message and hint to the UI as they are. */
export class StudioApiError extends Error implements ApiErrorData {
  readonly code: string;
  readonly hint: string | undefined;
  constructor(code: string, message: string, hint?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StudioApiError';
    this.code = code;
    this.hint = hint;
  }
}

const PROBE_HINTS: Partial<Record<ProbeError['reason'], string>> = {
  'not-media': 'Choose a video or audio file (MP4, MOV, MKV, MXF, WAV, …).',
  'not-found': 'Check the path; the file may have been moved or renamed.',
  truncated: 'Wait until the copy or download finishes, then import it again.',
  empty: 'Wait until the copy or download finishes, then import it again.',
};

/**
 * Gives every error the studio's modules throw a stable API code (unknown ones stay 'internal'), its
 * message with any token or Authorization value cut out (errors reach the UI and its screenshots).
 */
export function toApiError(err: unknown): unknown {
  const api = withApiCode(err);
  if (api instanceof Error) api.message = redactSecrets(api.message);
  return api;
}

function withApiCode(err: unknown): unknown {
  if (err instanceof StudioApiError) return err;
  if (err instanceof ProbeError) {
    const code = err.reason === 'not-found' ? 'file-not-found' : err.reason;
    return new StudioApiError(code, err.message, PROBE_HINTS[err.reason], { cause: err });
  }
  if (err instanceof SetImportError) return new StudioApiError('invalid-set', err.message, err.hint, { cause: err });
  if (err instanceof CatalogError) return new StudioApiError(err.code, err.message, undefined, { cause: err });
  if (err instanceof TransformDefinitionError) return new StudioApiError('invalid-transform', err.message, undefined, { cause: err });
  if (err instanceof ToolNotFoundError) {
    return new StudioApiError('tool-not-found', err.message, 'Set the ffmpeg and ffprobe paths in Settings.', { cause: err });
  }
  if (err instanceof EncodeCanceledError) return new StudioApiError('canceled', err.message, undefined, { cause: err });
  if (err instanceof EncodeError) return new StudioApiError('encode-failed', err.message, undefined, { cause: err });
  if (err instanceof TrackError) return new StudioApiError(err.code, err.message, err.hint, { cause: err });
  return err;
}
