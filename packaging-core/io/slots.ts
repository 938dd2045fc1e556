/**
 * A counting semaphore: at most `n` holders at a time, the rest wait in arrival order. Each holder
 * gets its own release function, which is idempotent (a response's several end paths may all call it).
 */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(n: number) {
    this.free = n;
  }

  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((r) => this.waiting.push(r));
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter; only when none waits is it free again.
      if (next) next();
      else this.free++;
    };
  }
}
