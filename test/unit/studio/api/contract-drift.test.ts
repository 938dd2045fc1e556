import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../..', import.meta.url).pathname;
const checks = path.join(root, 'electron/studio/app/contract-types.ts');
const mediaInfo = path.join(root, 'electron/studio/media/media-info.ts');

/**
 * Type-checks two copies of the contract/domain checks in one tsc run: one against the real
 * MediaInfo, one against a copy where a domain field changed type as a drift would. Only the drifted
 * copy may fail, and on the MediaInfo line.
 */
describe('the contract cannot drift from the domain types', () => {
  it('tsc fails when MediaInfo changes and the contract schema does not', { timeout: 180_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(root, 'test', '.contract-drift-'));
    try {
      const source = fs.readFileSync(checks, 'utf8');
      // Relative imports of the checks, made absolute so the copies resolve them from here.
      const absolute = (code: string) =>
        code.replace(/from '(\.\.?\/[^']+)'/g, (_, spec: string) => `from '${path.resolve(path.dirname(checks), spec)}'`);
      const original = fs.readFileSync(mediaInfo, 'utf8');
      const drifted = original.replace('readonly bitDepth: number;', 'readonly bitDepth: string;');
      expect(drifted).not.toBe(original);
      fs.writeFileSync(path.join(dir, 'media-info.ts'), drifted);
      fs.writeFileSync(path.join(dir, 'in-step.ts'), absolute(source));
      fs.writeFileSync(path.join(dir, 'drifted.ts'), absolute(source).replace(`from '${mediaInfo}'`, `from './media-info.ts'`));
      fs.writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({
          extends: '../../tsconfig.base.json',
          compilerOptions: { composite: false, incremental: false, lib: ['ES2024'], types: ['node'] },
          files: ['in-step.ts', 'drifted.ts'],
        }),
      );
      const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
      const run = await promisify(execFile)(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json')], { cwd: root }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (err: { code: number; stdout: string }) => ({ code: err.code, out: err.stdout }),
      );
      const errors = run.out.split('\n').filter((l) => l.includes('error TS'));
      expect(run.code).not.toBe(0);
      const line = source.split('\n').findIndex((l) => l.includes('Same<MediaInfo,')) + 1;
      // One error, in the drifted copy, on the MediaInfo check; the copy in step compiles.
      expect(errors).toEqual([
        expect.stringMatching(new RegExp(`drifted\\.ts\\(${line},\\d+\\): error TS2344: Type 'false' does not satisfy the constraint 'true'`)),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
