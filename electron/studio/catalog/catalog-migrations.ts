import type { Migration } from './migrations.ts';

/**
 * The catalog schema, as history. Timestamps are ISO-8601 UTC strings (they sort as text); JSON
 * columns hold plain data the TS types describe. STRICT tables reject values of the wrong type.
 */
export const CATALOG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    up: `
      CREATE TABLE assets (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        folder TEXT NOT NULL UNIQUE,
        source_file TEXT,
        media_info TEXT,
        ism_name TEXT,
        state TEXT NOT NULL CHECK (state IN ('Pending', 'Processing', 'Finished', 'Error')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE transforms (
        name TEXT PRIMARY KEY,
        description TEXT,
        definition TEXT NOT NULL,
        builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        transform_name TEXT NOT NULL REFERENCES transforms(name) ON DELETE RESTRICT,
        input_asset_id TEXT REFERENCES assets(id) ON DELETE SET NULL,
        input_file TEXT,
        output_asset_id TEXT REFERENCES assets(id) ON DELETE SET NULL,
        state TEXT NOT NULL CHECK (state IN ('Queued', 'Processing', 'Finished', 'Error', 'Canceled')),
        progress TEXT,
        error TEXT,
        log_tail TEXT NOT NULL DEFAULT '',
        retry_of TEXT REFERENCES jobs(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT,
        CHECK (input_asset_id IS NOT NULL OR input_file IS NOT NULL)
      ) STRICT;
      CREATE INDEX jobs_by_state ON jobs(state, created_at);

      CREATE TABLE streaming_policies (
        name TEXT PRIMARY KEY,
        protocols TEXT NOT NULL,
        encryption_scheme TEXT NOT NULL DEFAULT 'NoEncryption',
        -- Reserved for envelope/CENC/CBCS policies (content keys are a later issue).
        default_content_key_policy TEXT,
        builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
        created_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE streaming_locators (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        asset_id TEXT NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
        policy_name TEXT NOT NULL REFERENCES streaming_policies(name) ON DELETE RESTRICT,
        start_time TEXT,
        end_time TEXT,
        -- Reserved: locator filters and content key policy (later issues).
        filters TEXT,
        content_key_policy TEXT,
        created_at TEXT NOT NULL,
        CHECK (start_time IS NULL OR end_time IS NULL OR end_time > start_time)
      ) STRICT;
      CREATE INDEX locators_by_asset ON streaming_locators(asset_id);

      CREATE TABLE streaming_endpoint (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        host TEXT NOT NULL,
        port INTEGER NOT NULL CHECK (port BETWEEN 0 AND 65535),
        cors_origins TEXT NOT NULL,
        max_age_sec INTEGER CHECK (max_age_sec IS NULL OR max_age_sec >= 0),
        ip_allow TEXT NOT NULL,
        host_name TEXT
      ) STRICT;
      INSERT INTO streaming_endpoint (id, host, port, cors_origins, max_age_sec, ip_allow, host_name)
        VALUES (1, '127.0.0.1', 8787, '["*"]', NULL, '[]', NULL);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'predefined streaming policies',
    // AMS's clear predefined policies (streaming-formats.md §4); the encrypted ones come with content keys.
    up: `
      INSERT INTO streaming_policies (name, protocols, encryption_scheme, builtin, created_at) VALUES
        ('Predefined_DownloadOnly', '["download"]', 'NoEncryption', 1, '1970-01-01T00:00:00.000Z'),
        ('Predefined_ClearStreamingOnly', '["hls","dash","smooth"]', 'NoEncryption', 1, '1970-01-01T00:00:00.000Z'),
        ('Predefined_DownloadAndClearStreaming', '["hls","dash","smooth","download"]', 'NoEncryption', 1, '1970-01-01T00:00:00.000Z');
    `,
  },
  {
    version: 3,
    name: 'dynamic manifest filters',
    // asset_id NULL = an account filter (any asset); an asset filter of the same name wins over it.
    up: `
      CREATE TABLE filters (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        asset_id TEXT REFERENCES assets(id) ON DELETE CASCADE,
        definition TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX filters_by_scope_and_name ON filters(ifnull(asset_id, ''), name);
    `,
  },
  {
    version: 4,
    name: 'content protection: content key policies, content keys, protected predefined policies',
    // streaming-formats.md §4 and §7. A content key belongs to one locator and dies with it; the key
    // bytes never leave the catalog but through the origin's key delivery.
    up: `
      CREATE TABLE content_key_policies (
        name TEXT PRIMARY KEY,
        description TEXT,
        restriction TEXT NOT NULL,
        builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
        created_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO content_key_policies (name, description, restriction, builtin, created_at) VALUES
        ('Predefined_Open', 'Keys delivered to any client (no token)', '{"kind":"open"}', 1, '1970-01-01T00:00:00.000Z');

      CREATE TABLE content_keys (
        locator_id TEXT PRIMARY KEY REFERENCES streaming_locators(id) ON DELETE CASCADE,
        key_id TEXT NOT NULL UNIQUE,
        key_value BLOB NOT NULL CHECK (length(key_value) = 16),
        policy_name TEXT NOT NULL REFERENCES content_key_policies(name) ON DELETE RESTRICT,
        created_at TEXT NOT NULL
      ) STRICT;

      INSERT INTO streaming_policies (name, protocols, encryption_scheme, default_content_key_policy, builtin, created_at) VALUES
        ('Predefined_ClearKey', '["hls"]', 'EnvelopeEncryption', 'Predefined_Open', 1, '1970-01-01T00:00:00.000Z'),
        ('Predefined_MultiDrmCencStreaming', '["dash","smooth"]', 'CommonEncryptionCenc', 'Predefined_Open', 1, '1970-01-01T00:00:00.000Z'),
        ('Predefined_MultiDrmStreaming', '["hls","dash","smooth"]', 'CommonEncryptionCencAndCbcs', 'Predefined_Open', 1, '1970-01-01T00:00:00.000Z');
    `,
  },
  {
    version: 5,
    name: 'video encoder chosen per job',
    // NULL = libx264 (software), which every job before this version used; a retry keeps the choice.
    up: `ALTER TABLE jobs ADD COLUMN video_encoder TEXT;`,
  },
  {
    version: 6,
    name: 'asset storage: a library folder or a blob container',
    // 'local': assets/<id> in the library (every asset before this version); 'blob': the container
    // asset-<id> in the studio's blob storage (Azurite or an account), as AMS kept assets.
    up: `ALTER TABLE assets ADD COLUMN storage TEXT NOT NULL DEFAULT 'local' CHECK (storage IN ('local', 'blob'));`,
  },
  {
    version: 7,
    name: 'quality per rung: measured bitrate, PSNR, SSIM, VMAF',
    // One row per video rung of an encoded asset, written with its .ism name when the job finishes.
    // psnr/ssim NULL: not measured (the job's option was off); psnr NULL with ssim set: ffmpeg's "inf"
    // (identical pictures). vmaf NULL where ffmpeg has no libvmaf: asset_quality.vmaf_note says so.
    // jobs.measure_quality NULL = the default (on for content-aware transforms); a retry keeps it.
    up: `
      CREATE TABLE asset_quality (
        asset_id TEXT PRIMARY KEY REFERENCES assets(id) ON DELETE CASCADE,
        measured INTEGER NOT NULL CHECK (measured IN (0, 1)),
        vmaf_note TEXT,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE rung_quality (
        asset_id TEXT NOT NULL REFERENCES asset_quality(asset_id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        file_name TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        target_kbps INTEGER NOT NULL,
        measured_kbps INTEGER,
        psnr REAL,
        ssim REAL,
        vmaf REAL,
        PRIMARY KEY (asset_id, position)
      ) STRICT;
      ALTER TABLE jobs ADD COLUMN measure_quality INTEGER CHECK (measure_quality IN (0, 1));
    `,
  },
  {
    version: 8,
    name: 'burn-in subtitles per encode job',
    // The name of the input's text track drawn into the picture; NULL = none. A retry keeps it.
    up: `ALTER TABLE jobs ADD COLUMN burn_subtitles TEXT;`,
  },
];
