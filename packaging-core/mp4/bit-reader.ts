/**
 * Reads bits MSB first, with the Exp-Golomb codes of H.264 (ue(v), se(v)). Reading past the end throws,
 * so a truncated SPS or AudioSpecificConfig is an error, not garbage.
 */
export class BitReader {
  private readonly bytes: Uint8Array;
  private bit = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  get bitsLeft(): number {
    return this.bytes.length * 8 - this.bit;
  }

  u(n: number): number {
    if (n > this.bitsLeft) throw new RangeError(`needs ${n} bits, only ${this.bitsLeft} left`);
    let value = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.bytes[this.bit >>> 3] ?? 0;
      value = value * 2 + ((byte >>> (7 - (this.bit & 7))) & 1);
      this.bit++;
    }
    return value;
  }

  /** Looks at the next n bits without consuming them. */
  peek(n: number): number {
    const saved = this.bit;
    const value = this.u(n);
    this.bit = saved;
    return value;
  }

  flag(): boolean {
    return this.u(1) === 1;
  }

  skip(n: number): void {
    if (n > this.bitsLeft) throw new RangeError(`cannot skip ${n} bits, only ${this.bitsLeft} left`);
    this.bit += n;
  }

  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) {
      zeros++;
      if (zeros > 31) throw new RangeError('Exp-Golomb code longer than 32 bits');
    }
    return 2 ** zeros - 1 + this.u(zeros);
  }

  se(): number {
    const k = this.ue();
    return k % 2 === 1 ? (k + 1) / 2 : -(k / 2);
  }
}
