import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { insertAsset, listAssets } from '../../../electron/studio/catalog/assets-repo.ts';
import { listJobs } from '../../../electron/studio/catalog/jobs-repo.ts';
import { openCatalog, type Catalog } from '../../../electron/studio/catalog/open-catalog.ts';
import { recoverOnStart } from '../../../electron/studio/catalog/recover-on-start.ts';
import { getSetting, setSetting } from '../../../electron/studio/catalog/settings-repo.ts';
import { isAtomicTempFile } from '../../../electron/studio/catalog/write-file-atomic.ts';
import { runProcess } from '../../helpers/run-process.ts';
import { JOBS_PER_BATCH, isCheckedContentIntact } from './catalog-writer.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const node = path.join(root, 'node_modules/.bin/node');
const writer = path.join(import.meta.dirname, 'catalog-writer.ts');
const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempLibrary(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'os-crash-'));
  dirs.push(d);
  return d;
}

/** Starts the writer, waits until it has written once, lets it run `ms` more, then SIGKILLs it. */
function runAndKill(lib: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [writer, 'loop', lib], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), ms));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`writer exited on its own (code ${code}): ${stderr.slice(-2000)}`));
    });
  });
}

function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

function snapshot(c: Catalog): string {
  return JSON.stringify(
    ['assets', 'jobs', 'settings', 'streaming_locators', 'streaming_policies', 'transforms'].map((t) =>
      c.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all(),
    ),
  );
}

describe('catalog crash safety', () => {
  it('a writer killed with SIGKILL at random moments leaves a consistent library', async () => {
    const lib = tempLibrary();
    let previousBatches = 0;
    let cleaned = 0;
    for (let round = 0; round < 6; round++) {
      await runAndKill(lib, 30 + Math.floor(Math.random() * 400));
      const c = openCatalog(lib);
      try {
        expect(c.db.prepare('PRAGMA integrity_check').get()?.integrity_check).toBe('ok');
        expect(c.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
        // Every transaction committed whole or not at all.
        const batches = getSetting(c, 'batches', 0);
        const assets = listAssets(c);
        expect(assets).toHaveLength(batches);
        expect(batches).toBeGreaterThan(previousBatches);
        previousBatches = batches;
        const jobsPerAsset = new Map<string, number>();
        for (const j of listJobs(c)) jobsPerAsset.set(j.outputAssetId ?? '', (jobsPerAsset.get(j.outputAssetId ?? '') ?? 0) + 1);
        for (const a of assets) expect(jobsPerAsset.get(a.id)).toBe(JOBS_PER_BATCH);
        // Atomic files are whole: old or new, never torn.
        expect(isCheckedContentIntact(fs.readFileSync(path.join(lib, 'state.txt'), 'utf8'))).toBe(true);
        for (const a of assets.filter((x) => x.state === 'Finished')) {
          expect(isCheckedContentIntact(fs.readFileSync(path.join(lib, a.folder, 'movie.ism'), 'utf8'))).toBe(true);
        }

        const report = recoverOnStart(c);
        cleaned += report.removed.length;
        expect(allFiles(lib).filter((f) => isAtomicTempFile(path.basename(f)))).toEqual([]);
        expect(fs.readdirSync(c.layout.tmpDir)).toEqual([]);
        const rowFolders = new Set(assets.map((a) => a.id));
        for (const folder of fs.readdirSync(c.layout.assetsDir)) expect(rowFolders.has(folder)).toBe(true);
        for (const a of listAssets(c).filter((x) => x.state === 'Finished')) {
          expect(fs.existsSync(path.join(lib, a.folder, 'movie.ism'))).toBe(true);
        }
      } finally {
        c.close();
      }
    }
    console.log(`6 kills: ${previousBatches} batches committed, ${cleaned} partial outputs/temp files removed on restart`);
  });

  it('disk full (ulimit -f): clear errors, the catalog and files unchanged', async () => {
    const lib = tempLibrary();
    const seed = openCatalog(lib);
    seed.transaction(() => {
      insertAsset(seed, { name: 'existing', state: 'Finished' });
      setSetting(seed, 'batches', 1);
    });
    seed.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const before = snapshot(seed);
    seed.close();

    // 2 MB file size limit (bash counts 1024-byte blocks); the writer tries 8 MB.
    const r = await runProcess('bash', ['-c', `ulimit -f 2048; exec "${node}" "${writer}" disk-full "${lib}"`]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout.toString()) as Record<string, { code: string; message: string }>;
    expect(report.file?.code).toBe('disk-full');
    expect(report.file?.message).toMatch(/big\.bin: the disk is full or the file size limit was reached .*Free some space/);
    expect(['disk-full', 'storage']).toContain(report.db?.code);
    expect(report.db?.message).toMatch(/catalog\.sqlite: .*disk.*nothing was changed/);

    const after = openCatalog(lib);
    try {
      expect(after.db.prepare('PRAGMA integrity_check').get()?.integrity_check).toBe('ok');
      expect(snapshot(after)).toBe(before);
      recoverOnStart(after);
      expect(allFiles(lib).filter((f) => isAtomicTempFile(path.basename(f)) || f.endsWith('big.bin'))).toEqual([]);
    } finally {
      after.close();
    }
  });
});
