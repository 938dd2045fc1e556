/**
 * Getting a job's input onto this machine before the encode reads it: JobInputHttp downloads over
 * HTTP(S) with progress; JobInputAsset reads the uploaded file from the asset (the studio's source
 * file, the asset's storage container, or its folder). Failures are JobErrors in AMS's vocabulary
 * (DownloadNotAccessible, ContentMalformed …), so the client reads them on the job's output.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export type JobErrorCode =
  | 'ServiceError'
  | 'ServiceTransientError'
  | 'DownloadNotAccessible'
  | 'DownloadTransientError'
  | 'ConfigurationUnsupported'
  | 'ContentMalformed'
  | 'ContentUnsupported';

/** A job failure as AMS reported it on the job output. */
export class JobInputError extends Error {
  readonly code: JobErrorCode;
  readonly retry: 'DoNotRetry' | 'MayRetry';
  constructor(code: JobErrorCode, message: string, retry: 'DoNotRetry' | 'MayRetry' = 'DoNotRetry') {
    super(message);
    this.name = 'JobInputError';
    this.code = code;
    this.retry = retry;
  }
}

/** Files of an asset that are not media inputs (what an encode writes beside its MP4s). */
const NOT_INPUT = /\.(ism|ismc|json|jpg|jpeg|png|vtt|xml|log)$/i;

export interface StagedInput {
  /** The local file the encode reads. */
  readonly file: string;
  /** Removes a temporary copy (no-op for a file the studio already had). */
  cleanup(): Promise<void>;
}

/** The URL of a JobInputHttp: baseUri joined with its one file (AMS: files are relative to baseUri). */
export function httpInputUrl(baseUri: string | undefined, files: readonly string[]): URL {
  if (files.length > 1) throw new JobInputError('ConfigurationUnsupported', 'A JobInputHttp with more than one file is not supported: the studio encodes one source file per job.');
  let url: URL;
  try {
    url = files[0] ? new URL(files[0], baseUri ? (baseUri.endsWith('/') ? baseUri : `${baseUri}/`) : undefined) : new URL(baseUri ?? '');
  } catch {
    throw new JobInputError('DownloadNotAccessible', `The JobInputHttp URL (baseUri "${baseUri ?? ''}", files ${JSON.stringify(files)}) is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new JobInputError('DownloadNotAccessible', `JobInputHttp needs an http or https URL; got ${url.protocol}`);
  }
  return url;
}

/** Downloads `url` into `dir` with progress (0–1); aborting stops it and removes the partial file. */
export async function downloadHttpInput(url: URL, dir: string, signal: AbortSignal, onProgress: (fraction: number) => void): Promise<StagedInput> {
  await mkdir(dir, { recursive: true });
  const name = decodeURIComponent(path.posix.basename(url.pathname)).replace(/[^\w.-]+/g, '_') || 'input';
  const file = path.join(dir, name);
  const shown = `${url.origin}${url.pathname}`; // never the query: it may hold a SAS token
  let res: Response;
  try {
    res = await fetch(url, { signal, redirect: 'follow' });
  } catch (err) {
    if (signal.aborted) throw err;
    throw new JobInputError('DownloadTransientError', `Could not download ${shown}: ${(err as Error).message}.`, 'MayRetry');
  }
  if (!res.ok || !res.body) {
    const transient = res.status >= 500 || res.status === 429;
    throw new JobInputError(transient ? 'DownloadTransientError' : 'DownloadNotAccessible', `Downloading ${shown} failed: HTTP ${res.status} ${res.statusText}.`, transient ? 'MayRetry' : 'DoNotRetry');
  }
  const total = Number(res.headers.get('content-length') ?? 0);
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      if (total > 0) onProgress(Math.min(1, received / total));
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(res.body as WebReadableStream), counter, createWriteStream(file), { signal });
  } catch (err) {
    await rm(file, { force: true });
    if (signal.aborted) throw err;
    throw new JobInputError('DownloadTransientError', `The download of ${shown} broke off: ${(err as Error).message}.`, 'MayRetry');
  }
  if (total > 0 && received !== total) {
    await rm(file, { force: true });
    throw new JobInputError('DownloadTransientError', `The download of ${shown} ended after ${received} of ${total} bytes.`, 'MayRetry');
  }
  onProgress(1);
  return { file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

function pickInput(names: readonly { name: string; size: number }[], files: readonly string[], assetName: string): string {
  if (files.length > 1) throw new JobInputError('ConfigurationUnsupported', 'A JobInputAsset with more than one file is not supported: the studio encodes one source file per job.');
  if (files[0]) {
    if (!names.some((n) => n.name === files[0])) throw new JobInputError('ContentMalformed', `The asset '${assetName}' has no file "${files[0]}".`);
    return files[0];
  }
  const media = names.filter((n) => !NOT_INPUT.test(n.name) && n.size > 0);
  if (media.length === 0) throw new JobInputError('ContentMalformed', `The asset '${assetName}' holds no input file; upload one to its container first.`);
  // AMS encodes the asset's primary file; without one named, the largest media file is it.
  return [...media].sort((a, b) => b.size - a.size)[0]?.name ?? '';
}

/**
 * The local file a JobInputAsset encodes when the studio's queue cannot read the asset itself: an
 * asset in the library folder without a source file (files copied into its folder). Imported and
 * blob assets go to the queue by id (the encoder downloads a blob input itself).
 */
export function localAssetInput(
  assetName: string,
  files: readonly string[],
  where: { assetDir: string; localFiles: readonly { name: string; bytes: number }[] },
): StagedInput {
  const name = pickInput(where.localFiles.map((f) => ({ name: f.name, size: f.bytes })), files, assetName);
  return { file: path.join(where.assetDir, name), cleanup: async () => undefined };
}
