import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Lints in-memory sources as if they lived at the given paths, with the project's real config.
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'local/code-layering' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('import layering (architecture.md)', () => {
  it('refuses packaging-core importing from electron/ or renderer/', async () => {
    expect(await layeringErrors('packaging-core/x/bad.ts', `import { a } from '../../electron/studio/a.ts';\nexport const b = a;\n`))
      .toEqual([expect.stringContaining("Layer 'packaging-core' may not import")]);
    expect(await layeringErrors('packaging-core/bad.ts', `import { a } from '../renderer/src/a.ts';\nexport const b = a;\n`))
      .toHaveLength(1);
    expect(await layeringErrors('packaging-core/bad.ts', `import { app } from 'electron';\nexport const b = app;\n`))
      .toEqual([expect.stringContaining("may not import the package 'electron'")]);
  });

  it("allows only electron/shell to import 'electron'", async () => {
    const code = `import { app } from 'electron';\nexport const b = app;\n`;
    expect(await layeringErrors('electron/studio/x.ts', code)).toHaveLength(1);
    expect(await layeringErrors('electron/cli.ts', code)).toHaveLength(1);
    expect(await layeringErrors('electron/shell/window.ts', code)).toEqual([]);
  });

  it('refuses Node builtins in the renderer and the contract', async () => {
    for (const spec of ['node:fs', 'fs', 'path', 'node:child_process']) {
      const code = `import x from '${spec}';\nexport const b = x;\n`;
      expect(await layeringErrors('renderer/src/a.ts', code)).toHaveLength(1);
      expect(await layeringErrors('electron/studio/api/a.ts', code)).toHaveLength(1);
    }
  });

  it('lets the renderer reach the studio only through its API contract', async () => {
    const ok = `import type { A } from '../../electron/studio/api/contract.ts';\nexport type B = A;\n`;
    const bad = `import { db } from '../../electron/studio/catalog/db.ts';\nexport const b = db;\n`;
    expect(await layeringErrors('renderer/src/a.ts', ok)).toEqual([]);
    expect(await layeringErrors('renderer/src/a.ts', bad)).toHaveLength(1);
  });

  it('inside the renderer, arrows point down: a feature may not import app/, lib/ may not import features', async () => {
    const code = (spec: string) => `import { x } from '${spec}';\nexport const b = x;\n`;
    expect(await layeringErrors('renderer/src/features/assets/a.tsx', code('../../app/shell.tsx'))).toEqual([
      expect.stringContaining("Layer 'renderer/src/features' may not import '../../app/shell.tsx' (layer 'renderer/src/app')"),
    ]);
    expect(await layeringErrors('renderer/src/lib/a.ts', code('../features/jobs/use-job-feed.ts'))).toHaveLength(1);
    expect(await layeringErrors('renderer/src/components/a.tsx', code('../features/jobs/job-row.tsx'))).toHaveLength(1);
    // Down the stack, and between features, is fine.
    expect(await layeringErrors('renderer/src/app/a.tsx', code('../features/jobs/jobs-panel.tsx'))).toEqual([]);
    expect(await layeringErrors('renderer/src/features/assets/a.tsx', code('../player/player-panel.tsx'))).toEqual([]);
    expect(await layeringErrors('renderer/src/features/assets/a.tsx', code('../../lib/use-call.ts'))).toEqual([]);
  });

  it('resolves the @contract alias like a path: the renderer may use it, packaging-core may not', async () => {
    const code = `import type { A } from '@contract';\nexport type B = A;\n`;
    expect(await layeringErrors('renderer/src/features/assets/a.ts', code)).toEqual([]);
    expect(await layeringErrors('packaging-core/url/a.ts', code)).toEqual([
      expect.stringContaining("may not import '@contract' (layer 'electron/studio/api')"),
    ]);
  });

  it('lets the shell and the CLI reach the studio only through its public face and the contract', async () => {
    const importing = (spec: string): string => `import { x } from '${spec}';\nexport const y = x;\n`;
    expect(await layeringErrors('electron/cli.ts', importing('./studio/catalog/settings-repo.ts'))).toEqual([
      expect.stringContaining("Layer 'electron/cli.ts' may not import './studio/catalog/settings-repo.ts' (layer 'electron/studio')"),
    ]);
    expect(await layeringErrors('electron/shell/main.ts', importing('../studio/studio.ts'))).toHaveLength(1);
    expect(await layeringErrors('electron/cli/a.ts', importing('../studio/web/web-server.ts'))).toHaveLength(1);
    expect(await layeringErrors('electron/cli.ts', importing('./studio/index.ts'))).toEqual([]);
    expect(await layeringErrors('electron/shell/main.ts', importing('../studio/index.ts'))).toEqual([]);
    expect(await layeringErrors('electron/cli/a.ts', importing('../studio/api/contract.ts'))).toEqual([]);
  });

  it('refuses studio importing the shell, and raw ipcMain outside the typed IPC module', async () => {
    expect(await layeringErrors('electron/studio/a.ts', `import { w } from '../shell/window.ts';\nexport const b = w;\n`))
      .toHaveLength(1);
    expect(await layeringErrors('electron/shell/menu.ts', `import { ipcMain } from 'electron';\nexport const b = ipcMain;\n`))
      .toHaveLength(1);
  });
});
