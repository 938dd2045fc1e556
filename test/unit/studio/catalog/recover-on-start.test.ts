import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getAsset, insertAsset } from '../../../../electron/studio/catalog/assets-repo.ts';
import { getJob, insertJob, transitionJob } from '../../../../electron/studio/catalog/jobs-repo.ts';
import { recoverOnStart } from '../../../../electron/studio/catalog/recover-on-start.ts';
import { upsertTransform } from '../../../../electron/studio/catalog/transforms-repo.ts';
import { ATOMIC_TEMP_SUFFIX } from '../../../../electron/studio/catalog/write-file-atomic.ts';
import { useTempLibraries } from './temp-library.ts';

const libs = useTempLibraries();

describe('recoverOnStart', () => {
  it('marks Processing jobs interrupted (retryable) and removes partial outputs, keeping everything else', () => {
    const c = libs.open();
    const { layout } = c;
    upsertTransform(c, { name: 'T', definition: {} });
    const out = insertAsset(c, { name: 'out' });
    const kept = insertAsset(c, { name: 'kept', state: 'Finished' });
    const running = insertJob(c, { transformName: 'T', inputFile: '/a', outputAssetId: out.id });
    transitionJob(c, running.id, ['Queued'], 'Processing');
    c.db.prepare(`UPDATE assets SET state = 'Processing' WHERE id = ?`).run(out.id);
    const queued = insertJob(c, { transformName: 'T', inputFile: '/b' });

    fs.mkdirSync(path.join(layout.assetsDir, kept.id));
    fs.writeFileSync(path.join(layout.assetsDir, kept.id, 'movie.ism'), 'x');
    fs.writeFileSync(path.join(layout.assetsDir, kept.id, `.movie.ism.1.ab${ATOMIC_TEMP_SUFFIX}`), 'half');
    fs.mkdirSync(path.join(layout.assetsDir, 'orphan-no-row'));
    fs.writeFileSync(path.join(layout.assetsDir, 'orphan-no-row', 'a.mp4'), 'x');
    fs.mkdirSync(path.join(layout.tmpDir, running.id), { recursive: true });
    fs.writeFileSync(path.join(layout.tmpDir, running.id, 'partial.mp4'), 'x');
    fs.writeFileSync(path.join(layout.uploadsDir, 'in.mov'), 'x');

    const report = recoverOnStart(c);
    expect(report.interruptedJobs).toEqual([running.id]);
    expect(getJob(c, running.id)).toMatchObject({
      state: 'Error',
      error: {
        kind: 'interrupted',
        message: 'Interrupted (the studio was closed or killed during the job); retry to run it again',
        retryable: true,
      },
    });
    expect(getJob(c, running.id)?.endedAt).not.toBeNull();
    expect(getJob(c, queued.id)?.state).toBe('Queued');
    expect(getAsset(c, out.id)?.state).toBe('Error');
    expect(getAsset(c, kept.id)?.state).toBe('Finished');
    expect(fs.readdirSync(layout.tmpDir)).toEqual([]);
    expect(fs.readdirSync(layout.assetsDir)).toEqual([kept.id]);
    expect(fs.readdirSync(path.join(layout.assetsDir, kept.id))).toEqual(['movie.ism']);
    expect(fs.readdirSync(layout.uploadsDir)).toEqual(['in.mov']);
    expect(report.removed).toHaveLength(3);

    expect(recoverOnStart(c)).toEqual({ interruptedJobs: [], removed: [] });
  });
});
