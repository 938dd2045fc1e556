import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCircles, importGraph } from '../helpers/import-graph.ts';

const root = new URL('../..', import.meta.url).pathname;
/**
 * Circles that existed when this test was written and that the packaging-core restructuring (issue 9,
 * arch-core) removes: no other circle may appear. Delete an entry once it is gone.
 */
const KNOWN: readonly string[][] = [];

const relative = (circles: string[][], base: string) => circles.map((c) => c.map((f) => path.relative(base, f)));

describe('no file-level import circles', () => {
  it('in electron/, renderer/ and packaging-core/', () => {
    const graph = importGraph(['electron', 'renderer/src', 'packaging-core'].map((d) => path.join(root, d)), {
      '@contract': path.join(root, 'electron/studio/api/contract.ts'),
    });
    expect(graph.size).toBeGreaterThan(250);
    const known = new Set(KNOWN.map((c) => c.join(' ')));
    expect(relative(importCircles(graph), root).filter((c) => !known.has(c.join(' ')))).toEqual([]);
  });

  it('finds a circle, also a type-only or re-export one, and names its files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'os-circles-'));
    try {
      const write = (name: string, code: string) => fs.writeFileSync(path.join(dir, name), code);
      write('a.ts', `import type { B } from './b.ts';\nexport type A = B;\n`);
      write('b.ts', `export { c } from './c.ts';\nexport type B = string;\n`);
      write('c.ts', `import './a.ts';\nexport const c = 1;\n`);
      write('d.ts', `import { c } from './c.ts';\nexport const d = c;\n`);
      expect(relative(importCircles(importGraph([dir])), dir)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
