/**
 * What ARM knows about a resource that the studio's model does not hold: a job's name under its
 * transform and its ARM input/outputs, an asset's description and alternateId, a content key
 * policy's ARM body (options, configurations). Kept beside the catalog in the library folder
 * (`ams-api/arm.sqlite`), keyed by the studio's ids; the studio stays the source of truth for the
 * resources themselves, so a resource made in the UI appears here with defaults.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { applyMigrations, type Migration } from '../catalog/migrations.ts';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'arm metadata',
    up: `
      CREATE TABLE asset_meta (asset_id TEXT PRIMARY KEY, description TEXT, alternate_id TEXT);
      CREATE TABLE job_meta (
        job_id TEXT PRIMARY KEY,
        transform_name TEXT NOT NULL,
        name TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (transform_name, name)
      );
      CREATE TABLE key_policy_meta (name TEXT PRIMARY KEY, body TEXT NOT NULL);
      CREATE TABLE transform_meta (name TEXT PRIMARY KEY, body TEXT NOT NULL);
    `,
  },
];

export interface AssetMeta {
  readonly description: string | null;
  readonly alternateId: string | null;
}

export interface JobMeta {
  readonly jobId: string;
  readonly transformName: string;
  readonly name: string;
  /** The ARM properties the client sent (input, outputs, description, priority, correlationData). */
  readonly body: Record<string, unknown>;
  readonly createdAt: string;
}

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export class ArmStore {
  readonly db: DatabaseSync;
  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    this.db = new DatabaseSync(path.join(dir, 'arm.sqlite'), { timeout: 5000 });
    this.db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
    applyMigrations(this.db, MIGRATIONS);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  assetMeta(assetId: string): AssetMeta {
    const row = this.db.prepare('SELECT description, alternate_id FROM asset_meta WHERE asset_id = ?').get(assetId);
    return { description: strOrNull(row?.description), alternateId: strOrNull(row?.alternate_id) };
  }

  setAssetMeta(assetId: string, meta: AssetMeta): void {
    this.db
      .prepare(
        `INSERT INTO asset_meta (asset_id, description, alternate_id) VALUES (?, ?, ?)
         ON CONFLICT(asset_id) DO UPDATE SET description = excluded.description, alternate_id = excluded.alternate_id`,
      )
      .run(assetId, meta.description, meta.alternateId);
  }

  deleteAssetMeta(assetId: string): void {
    this.db.prepare('DELETE FROM asset_meta WHERE asset_id = ?').run(assetId);
  }

  #job(row: Record<string, unknown> | undefined): JobMeta | null {
    if (!row) return null;
    return {
      jobId: str(row.job_id),
      transformName: str(row.transform_name),
      name: str(row.name),
      body: JSON.parse(str(row.body)) as Record<string, unknown>,
      createdAt: str(row.created_at),
    };
  }

  jobByName(transformName: string, name: string): JobMeta | null {
    return this.#job(this.db.prepare('SELECT * FROM job_meta WHERE transform_name = ? AND name = ?').get(transformName, name));
  }

  jobById(jobId: string): JobMeta | null {
    return this.#job(this.db.prepare('SELECT * FROM job_meta WHERE job_id = ?').get(jobId));
  }

  jobsOf(transformName: string): JobMeta[] {
    return this.db
      .prepare('SELECT * FROM job_meta WHERE transform_name = ? ORDER BY created_at, rowid')
      .all(transformName)
      .map((r) => this.#job(r) as JobMeta);
  }

  allJobs(): JobMeta[] {
    return this.db.prepare('SELECT * FROM job_meta').all().map((r) => this.#job(r) as JobMeta);
  }

  addJob(meta: JobMeta): void {
    this.db
      .prepare('INSERT INTO job_meta (job_id, transform_name, name, body, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(meta.jobId, meta.transformName, meta.name, JSON.stringify(meta.body), meta.createdAt);
  }

  updateJobBody(jobId: string, body: Record<string, unknown>): void {
    this.db.prepare('UPDATE job_meta SET body = ? WHERE job_id = ?').run(JSON.stringify(body), jobId);
  }

  deleteJob(jobId: string): void {
    this.db.prepare('DELETE FROM job_meta WHERE job_id = ?').run(jobId);
  }

  #body(table: 'key_policy_meta' | 'transform_meta', name: string): Record<string, unknown> | null {
    const row = this.db.prepare(`SELECT body FROM ${table} WHERE name = ?`).get(name);
    return row ? (JSON.parse(str(row.body)) as Record<string, unknown>) : null;
  }

  #setBody(table: 'key_policy_meta' | 'transform_meta', name: string, body: Record<string, unknown> | null): void {
    if (body === null) this.db.prepare(`DELETE FROM ${table} WHERE name = ?`).run(name);
    else
      this.db
        .prepare(`INSERT INTO ${table} (name, body) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET body = excluded.body`)
        .run(name, JSON.stringify(body));
  }

  /** The content key policy's ARM properties as created (with its secrets: getPolicyPropertiesWithSecrets). */
  keyPolicyBody(name: string): Record<string, unknown> | null {
    return this.#body('key_policy_meta', name);
  }
  setKeyPolicyBody(name: string, body: Record<string, unknown> | null): void {
    this.#setBody('key_policy_meta', name, body);
  }

  /** A transform's ARM outputs as created (description, onError, relativePriority the studio does not model). */
  transformBody(name: string): Record<string, unknown> | null {
    return this.#body('transform_meta', name);
  }
  setTransformBody(name: string, body: Record<string, unknown> | null): void {
    this.#setBody('transform_meta', name, body);
  }
}
