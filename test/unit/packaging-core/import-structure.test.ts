import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderGraph, importCircles, importGraph } from '../../helpers/import-graph.ts';

// File-level circles are checked for the whole tree in test/unit/import-cycles.test.ts; the lint rule
// (.eslint-plugin-local/core-layers.ts) keeps the folders' arrows pointing down. This also checks that
// no folder circle appears, e.g. through a folder not yet listed in the tiers.
const core = new URL('../../../packaging-core', import.meta.url).pathname;

describe("packaging-core's folders", () => {
  it('import each other without circles', () => {
    const folders = folderGraph(importGraph([core]));
    expect(folders.size).toBeGreaterThan(12);
    expect(importCircles(folders).map((c) => c.map((f) => path.relative(core, f)))).toEqual([]);
  });

  it('a folder circle is found (the check can fail)', () => {
    const files = new Map([
      ['/r/a/x.ts', ['/r/a/y.ts']],
      ['/r/a/y.ts', ['/r/b/z.ts']],
      ['/r/b/z.ts', ['/r/a/x.ts']],
      ['/r/c/w.ts', ['/r/b/z.ts']],
    ]);
    expect(importCircles(folderGraph(files))).toEqual([['/r/a', '/r/b']]);
  });
});
