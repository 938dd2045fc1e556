import { randomUUID } from 'node:crypto';
import { CatalogError } from './catalog-error.ts';
import type { Catalog } from './open-catalog.ts';
import { int, jsonOrNull, oneOf, text, textOrNull, type Row } from './sql-row.ts';
import type { Job, JobError, JobProgress, JobState } from './types.ts';

const JOB_STATES: readonly JobState[] = ['Queued', 'Processing', 'Finished', 'Error', 'Canceled'];

function toJob(row: Row): Job {
  return {
    id: text(row, 'id'),
    transformName: text(row, 'transform_name'),
    inputAssetId: textOrNull(row, 'input_asset_id'),
    inputFile: textOrNull(row, 'input_file'),
    outputAssetId: textOrNull(row, 'output_asset_id'),
    state: oneOf(row, 'state', JOB_STATES),
    progress: jsonOrNull<JobProgress>(row, 'progress'),
    error: jsonOrNull<JobError>(row, 'error'),
    logTail: text(row, 'log_tail'),
    retryOf: textOrNull(row, 'retry_of'),
    videoEncoder: textOrNull(row, 'video_encoder'),
    measureQuality: row.measure_quality === null || row.measure_quality === undefined ? null : int(row, 'measure_quality') === 1,
    burnSubtitles: textOrNull(row, 'burn_subtitles'),
    createdAt: text(row, 'created_at'),
    startedAt: textOrNull(row, 'started_at'),
    endedAt: textOrNull(row, 'ended_at'),
  };
}

export interface NewJob {
  readonly transformName: string;
  readonly inputAssetId?: string | null;
  readonly inputFile?: string | null;
  readonly outputAssetId?: string | null;
  readonly retryOf?: string | null;
  readonly videoEncoder?: string | null;
  readonly measureQuality?: boolean | null;
  readonly burnSubtitles?: string | null;
  readonly id?: string;
}

export function insertJob(catalog: Catalog, input: NewJob): Job {
  const id = input.id ?? randomUUID();
  catalog.db
    .prepare(
      `INSERT INTO jobs (id, transform_name, input_asset_id, input_file, output_asset_id, state, retry_of, video_encoder, measure_quality, burn_subtitles, created_at)
       VALUES (?, ?, ?, ?, ?, 'Queued', ?, ?, ?, ?, ?)`,
    )
    .run(
      id,
      input.transformName,
      input.inputAssetId ?? null,
      input.inputFile ?? null,
      input.outputAssetId ?? null,
      input.retryOf ?? null,
      input.videoEncoder ?? null,
      input.measureQuality === undefined || input.measureQuality === null ? null : input.measureQuality ? 1 : 0,
      input.burnSubtitles ?? null,
      new Date().toISOString(),
    );
  return mustGetJob(catalog, id);
}

export function getJob(catalog: Catalog, id: string): Job | null {
  const row = catalog.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id);
  return row ? toJob(row) : null;
}

export function mustGetJob(catalog: Catalog, id: string): Job {
  const job = getJob(catalog, id);
  if (!job) throw new CatalogError('not-found', `No job with id ${id} in the library (it may have been deleted).`);
  return job;
}

export function listJobs(catalog: Catalog, filter: { state?: JobState } = {}): Job[] {
  const rows =
    filter.state === undefined
      ? catalog.db.prepare('SELECT * FROM jobs ORDER BY created_at, rowid').all()
      : catalog.db.prepare('SELECT * FROM jobs WHERE state = ? ORDER BY created_at, rowid').all(filter.state);
  return rows.map(toJob);
}

/** How many jobs are Queued or Processing. */
export function countActiveJobs(catalog: Catalog): number {
  const row = catalog.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state IN ('Queued', 'Processing')`).get();
  return row ? int(row, 'n') : 0;
}

/** The oldest Queued job, first come first served. */
export function nextQueuedJob(catalog: Catalog): Job | null {
  const row = catalog.db.prepare(`SELECT * FROM jobs WHERE state = 'Queued' ORDER BY created_at, rowid LIMIT 1`).get();
  return row ? toJob(row) : null;
}

/**
 * Moves a job from one of `from` to `to` and stamps the times the state implies; returns false when
 * the job was not in one of `from` (someone else moved it first), so transitions cannot race.
 */
export function transitionJob(
  catalog: Catalog,
  id: string,
  from: readonly JobState[],
  to: JobState,
  fields: { error?: JobError | null; progress?: JobProgress | null; logTail?: string } = {},
): boolean {
  const now = new Date().toISOString();
  const ended = to === 'Finished' || to === 'Error' || to === 'Canceled';
  const placeholders = from.map(() => '?').join(', ');
  const result = catalog.db
    .prepare(
      `UPDATE jobs SET state = ?,
         started_at = CASE WHEN ? THEN ? ELSE started_at END,
         ended_at = CASE WHEN ? THEN ? ELSE ended_at END,
         error = CASE WHEN ? THEN ? ELSE error END,
         progress = CASE WHEN ? THEN ? ELSE progress END,
         log_tail = COALESCE(?, log_tail)
       WHERE id = ? AND state IN (${placeholders})`,
    )
    .run(
      to,
      to === 'Processing' ? 1 : 0,
      now,
      ended ? 1 : 0,
      now,
      fields.error !== undefined ? 1 : 0,
      fields.error ? JSON.stringify(fields.error) : null,
      fields.progress !== undefined ? 1 : 0,
      fields.progress ? JSON.stringify(fields.progress) : null,
      fields.logTail ?? null,
      id,
      ...from,
    );
  return Number(result.changes) > 0;
}

export function updateJobProgress(catalog: Catalog, id: string, progress: JobProgress, logTail: string): void {
  catalog.db
    .prepare(`UPDATE jobs SET progress = ?, log_tail = ? WHERE id = ? AND state = 'Processing'`)
    .run(JSON.stringify(progress), logTail, id);
}

export function deleteJob(catalog: Catalog, id: string): boolean {
  return catalog.transaction(() => deleteJobRow(catalog, id));
}

function deleteJobRow(catalog: Catalog, id: string): boolean {
  const job = getJob(catalog, id);
  if (!job) return false;
  if (job.state === 'Processing') {
    throw new CatalogError('conflict', 'This job is running; cancel it first, then delete it.');
  }
  return Number(catalog.db.prepare('DELETE FROM jobs WHERE id = ?').run(id).changes) > 0;
}
