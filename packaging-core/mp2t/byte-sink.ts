/** Where writers put bytes: the TS packetizer in production, a plain array in tests. */
export interface ByteSink {
  /** Buffers, not plain Uint8Arrays: Buffer.copy moves bytes without allocating a view per call. */
  bytes(src: Buffer, start: number, end: number): void;
}
