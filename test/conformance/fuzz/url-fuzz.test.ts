/**
 * The URL fuzz suite, bounded: valid origin URLs mutated along the AMS grammar (edge numbers, broken
 * parentheses, duplicated options, traversal, encodings, odd methods, Range and validator headers)
 * through the real HTTP handler. No answer may be a 5xx or carry a stack trace, or take 2 s.
 */
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_MS, runUrlFuzz, withUrlTarget } from '../../fuzz/fuzz-run.ts';

const INPUTS = 12_000;
const SEED = 20261203;

describe('origin URLs under grammar-aware mutation', () => {
  it(`${INPUTS} mutated requests: no 5xx, no stack trace, each under 2 s`, async () => {
    const failures: string[] = [];
    const { stats, errors } = await withUrlTarget(async (target, paths) => ({
      stats: await runUrlFuzz(target, paths, { seed: SEED, inputs: INPUTS, onFailure: (f) => void failures.push(`input ${f.index}: ${f.what}\n  ${JSON.stringify(f.input)}`) }),
      errors: target.errors,
    }));
    expect(failures).toEqual([]);
    expect(errors).toEqual([]);
    expect(stats.maxCpuMs).toBeLessThan(MAX_INPUT_MS);
    // Most mutations are refused (4xx), but not all: valid requests are in the mix.
    expect(stats.typed).toBeGreaterThan(INPUTS * 0.5);
    expect(stats.typed).toBeLessThan(INPUTS);
  }, 120_000);
});
