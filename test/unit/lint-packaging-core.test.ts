import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Lints in-memory sources as if they lived at the given paths, with the project's real config
// (.eslint-plugin-local/layers.ts, CORE_TIERS).
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'local/code-layering').map((m) => m.message);
}

const importing = (spec: string): string => `import { x } from '${spec}';\nexport const y = x;\n`;

describe("packaging-core's inner layers", () => {
  it('refuses a lower layer importing an upper one', async () => {
    expect(await layeringErrors('packaging-core/types/a.ts', importing('../presentation/open-presentation.ts'))).toEqual([
      expect.stringContaining("Layer 'packaging-core/types' may not import '../presentation/open-presentation.ts' (layer 'packaging-core/presentation')"),
    ]);
    expect(await layeringErrors('packaging-core/mp4/a.ts', importing('../server/range.ts'))).toHaveLength(1);
    expect(await layeringErrors('packaging-core/io/a.ts', importing('../mp2t/ts-segment.ts'))).toHaveLength(1);
    expect(await layeringErrors('packaging-core/fmp4/a.ts', importing('../protection/sample-cipher.ts'))).toHaveLength(1);
    expect(await layeringErrors('packaging-core/packager/a.ts', importing('../server/origin-handler.ts'))).toHaveLength(1);
    expect(await layeringErrors('packaging-core/server/a.ts', importing('../index.ts'))).toHaveLength(1);
  });

  it('refuses sideways imports between the folders of one tier', async () => {
    expect(await layeringErrors('packaging-core/fmp4/a.ts', importing('../mp2t/pes.ts'))).toHaveLength(1);
    expect(await layeringErrors('packaging-core/manifest/dash/a.ts', importing('../hls/playlist-text.ts'))).toHaveLength(1);
    expect(await layeringErrors('packaging-core/io/a.ts', importing('../formats/x.ts'))).toHaveLength(1);
  });

  it('allows imports down the pipeline and within a folder', async () => {
    expect(await layeringErrors('packaging-core/packager/a.ts', importing('../fmp4/init-segment.ts'))).toEqual([]);
    expect(await layeringErrors('packaging-core/manifest/hls/a.ts', importing('../xml/escape-xml.ts'))).toEqual([]);
    expect(await layeringErrors('packaging-core/server/a.ts', importing('../types/media.ts'))).toEqual([]);
    expect(await layeringErrors('packaging-core/presentation/filters/a.ts', importing('../ticks.ts'))).toEqual([]);
    expect(await layeringErrors('packaging-core/index.ts', importing('./server/origin-handler.ts'))).toEqual([]);
  });

  it('keeps the layers the contract may import free of Node', async () => {
    for (const file of ['packaging-core/types/a.ts', 'packaging-core/formats/a.ts', 'packaging-core/url/a.ts']) {
      expect(await layeringErrors(file, `import fs from 'node:fs';\nexport const y = fs;\n`)).toHaveLength(1);
    }
  });
});

describe('code outside packaging-core uses its public face', () => {
  it('refuses deep imports from the studio, the shell, tests and benchmarks', async () => {
    const deep = importing('../../../packaging-core/server/origin-handler.ts');
    expect(await layeringErrors('electron/studio/endpoint/a.ts', deep)).toHaveLength(1);
    expect(await layeringErrors('electron/shell/x/a.ts', deep)).toHaveLength(1);
    expect(await layeringErrors('test/unit/studio/a.test.ts', deep)).toHaveLength(1);
    expect(await layeringErrors('bench/a/b/c.ts', deep)).toHaveLength(1);
    expect(await layeringErrors('electron/studio/endpoint/a.ts', importing('../../../packaging-core/index.ts'))).toEqual([]);
  });

  it("lets a module's own tests import its internals", async () => {
    expect(await layeringErrors('test/unit/packaging-core/fmp4/a.test.ts', importing('../../../../packaging-core/fmp4/init-segment.ts')))
      .toEqual([]);
    expect(await layeringErrors('test/conformance/mp2t/a.test.ts', importing('../../../packaging-core/mp2t/ts-segment.ts'))).toEqual([]);
    expect(await layeringErrors('test/conformance/mp2t/a.test.ts', importing('../../../packaging-core/fmp4/init-segment.ts')))
      .toHaveLength(1);
  });

  it('lets the renderer-shared contract import only the pure vocabulary', async () => {
    expect(await layeringErrors('electron/studio/api/a.ts', importing('../../../packaging-core/types/formats.ts'))).toEqual([]);
    expect(await layeringErrors('electron/studio/api/a.ts', importing('../../../packaging-core/index.ts'))).toHaveLength(1);
  });
});
