/**
 * Every reproducer the fuzzer ever found (test/fuzz/repros/*.json: the input, not a binary) replayed:
 * each must now pass — a sound answer or a typed error, in time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INPUT_MS, openMediaTarget, openUrlTarget } from '../../fuzz/fuzz-run.ts';
import { readRepros } from '../../fuzz/repro-files.ts';

const repros = await readRepros();
const mp4 = repros.flatMap((r) => (r.repro.target === 'mp4' ? [{ name: r.name, input: r.repro.input }] : []));
const url = repros.flatMap((r) => (r.repro.target === 'url' ? [{ name: r.name, input: r.repro.input }] : []));

describe('fuzz reproducers', () => {
  let media: Awaited<ReturnType<typeof openMediaTarget>>;
  let http: Awaited<ReturnType<typeof openUrlTarget>>;
  beforeAll(async () => {
    [media, http] = await Promise.all([openMediaTarget(), openUrlTarget()]);
  });
  afterAll(async () => {
    await Promise.all([media?.close(), http?.close()]);
  });

  it('the folder holds reproducers', () => {
    expect(mp4.length).toBeGreaterThan(0);
  });

  it.each(mp4.map((r) => [r.name, r] as const))('%s', async (_name, { input }) => {
    const verdict = await media.target.run(input);
    expect(verdict.kind === 'failure' ? verdict.what : 'passed').toBe('passed');
    // Wall time, generous: these inputs take tens of milliseconds; a shared CI machine may stall.
    expect(verdict.ms).toBeLessThan(5 * MAX_INPUT_MS);
  });

  it.skipIf(url.length === 0)('URL reproducers answer below 500', async () => {
    for (const r of url) expect((await http.target.run(r.input)).failure ?? 'passed', r.name).toBe('passed');
  });
});
