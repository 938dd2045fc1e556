/**
 * The long fuzz run: `npm run fuzz -- [--minutes N | --inputs N] [--target mp4|url|all] [--seed S]
 * [--start I] [--out DIR]` (--start: index of the first input, to split one long run across processes). Runs the same targets as the bounded suite in `npm test` (test/conformance/fuzz/) for
 * longer, prints inputs, failures, the slowest input and the peak RSS, and writes each failing input
 * as a reproducer to DIR (default test/fuzz/repros/, where the suite replays every one). Exits 1 when
 * anything failed.
 */
import { parseArgs } from 'node:util';
import { type FuzzStats, runMp4Fuzz, runUrlFuzz, withMediaTarget, withUrlTarget } from '../test/fuzz/fuzz-run.ts';
import { REPRO_DIR, writeRepro } from '../test/fuzz/repro-files.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string' },
    inputs: { type: 'string' },
    target: { type: 'string', default: 'all' },
    seed: { type: 'string' },
    start: { type: 'string', default: '0' },
    out: { type: 'string', default: REPRO_DIR },
  },
});
const minutes = values.minutes !== undefined ? Number(values.minutes) : undefined;
const inputs = values.inputs !== undefined ? Number(values.inputs) : undefined;
if ((minutes === undefined && inputs === undefined) || (minutes !== undefined && !(minutes > 0)) || (inputs !== undefined && !(inputs > 0))) {
  console.error('usage: npm run fuzz -- --minutes N | --inputs N [--target mp4|url|all] [--seed S] [--start I] [--out DIR]');
  process.exit(2);
}
const targets = values.target === 'all' ? ['mp4', 'url'] : [values.target ?? ''];
if (targets.some((t) => t !== 'mp4' && t !== 'url')) {
  console.error(`unknown --target ${values.target}: use mp4, url or all`);
  process.exit(2);
}
const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 0x7fffffff;
// With both targets and a time budget, MP4 (the expensive one) gets three quarters of it.
const share = (t: string) => (targets.length === 1 ? 1 : t === 'mp4' ? 0.75 : 0.25);

function report(name: string, s: FuzzStats, started: number): void {
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${name}: ${s.inputs} inputs in ${seconds.toFixed(0)} s (${(s.inputs / seconds).toFixed(1)}/s), ${s.requests} requests, ` +
      `${s.opened} opened, ${s.typed} with typed errors, ${s.failures} failures, ${s.slow} over 2 s of CPU, ` +
      `max per input ${s.maxCpuMs.toFixed(0)} ms CPU / ${s.maxMs.toFixed(0)} ms wall, peak RSS ${(s.peakRss / 1048576).toFixed(0)} MiB`,
  );
}

console.log(`fuzz: seed ${seed}, ${minutes !== undefined ? `${minutes} min` : `${inputs} inputs per target`}, reproducers to ${values.out}`);
let failures = 0;
for (const t of targets) {
  const options = {
    seed,
    start: Number(values.start),
    ...(inputs !== undefined && { inputs }),
    ...(minutes !== undefined && { until: Date.now() + minutes * share(t) * 60_000 }),
    onFailure: async (f: { input: unknown; what: string; index: number }) => {
      const file = await writeRepro(values.out!, `${t}-seed${seed}-${f.index}`, { target: t, found: f.what, run: `seed ${seed}, input ${f.index}`, input: f.input } as never);
      console.log(`FAIL ${t} input ${f.index}: ${f.what}\n  → ${file}`);
    },
    onProgress: (s: FuzzStats) =>
      console.log(`  ${t}: ${s.inputs} inputs, ${s.failures} failures, max ${s.maxCpuMs.toFixed(0)} ms CPU / ${s.maxMs.toFixed(0)} ms wall, peak RSS ${(s.peakRss / 1048576).toFixed(0)} MiB`),
  };
  const started = performance.now();
  const stats = t === 'mp4' ? await withMediaTarget((target) => runMp4Fuzz(target, options)) : await withUrlTarget((target, paths) => runUrlFuzz(target, paths, options));
  report(t, stats, started);
  failures += stats.failures;
}
process.exit(failures > 0 ? 1 : 0);
