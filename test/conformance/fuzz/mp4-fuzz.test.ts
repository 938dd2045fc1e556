/**
 * The MP4 fuzz suite, bounded (`npm run fuzz` runs it long): seeded mutations of real files' indexes
 * and sample data, each opened and packaged in every format, clear and encrypted. Every input must
 * work or fail with a typed error, within 2 s, with the process under 512 MB.
 */
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_MS, MAX_RSS_BYTES, runMp4Fuzz, withMediaTarget } from '../../fuzz/fuzz-run.ts';

/** ≈ 25 s on the 2-core CI machine; the seed is fixed so a failure here replays exactly. */
const INPUTS = 1000;
const SEED = 20261203;

describe('MP4 reader and every segment and manifest builder under mutation', () => {
  it(`${INPUTS} mutated inputs: only typed errors, each under 2 s, RSS under 512 MB`, async () => {
    const failures: string[] = [];
    const stats = await withMediaTarget((target) =>
      runMp4Fuzz(target, { seed: SEED, inputs: INPUTS, onFailure: (f) => void failures.push(`input ${f.index}: ${f.what}\n  ${JSON.stringify(f.input)}`) }),
    );
    expect(failures).toEqual([]);
    expect(stats.inputs).toBe(INPUTS);
    expect(stats.maxCpuMs).toBeLessThan(MAX_INPUT_MS);
    expect(stats.peakRss).toBeLessThan(MAX_RSS_BYTES);
    // The mutations are neither all fatal nor all harmless: both the refusal and the packaging paths run.
    expect(stats.opened).toBeGreaterThan(INPUTS * 0.2);
    expect(stats.inputs - stats.opened).toBeGreaterThan(INPUTS * 0.2);
    console.log(`mp4 fuzz: ${JSON.stringify({ ...stats, maxMs: Math.round(stats.maxMs), maxCpuMs: Math.round(stats.maxCpuMs), peakRssMiB: Math.round(stats.peakRss / 1048576) })}`);
  }, 240_000);
});
