/**
 * One percentage over several steps of unequal cost (model: GitHub Desktop's lib/progress): each
 * step reports its own 0–1 fraction and the total never goes backwards.
 */
export interface WeightedStep<Id extends string> {
  readonly id: Id;
  readonly weight: number;
}

export class WeightedProgress<Id extends string> {
  private readonly starts = new Map<Id, { start: number; span: number }>();
  private last = 0;

  constructor(steps: readonly WeightedStep<Id>[]) {
    const total = steps.reduce((s, step) => s + step.weight, 0);
    if (!(total > 0)) throw new Error('WeightedProgress needs at least one step with a positive weight');
    let start = 0;
    for (const step of steps) {
      const span = (step.weight / total) * 100;
      this.starts.set(step.id, { start, span });
      start += span;
    }
  }

  /** Total percent (0–100) when `step` is `fraction` done; clamped and monotonic. */
  percent(step: Id, fraction: number): number {
    const s = this.starts.get(step);
    if (!s) throw new Error(`Unknown progress step ${step}`);
    const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
    this.last = Math.max(this.last, Math.min(100, s.start + s.span * f));
    return this.last;
  }
}
