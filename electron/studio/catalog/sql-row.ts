import type { SQLOutputValue } from 'node:sqlite';

/** Typed reads of a node:sqlite row: a schema drift fails loudly here instead of leaking `unknown`. */
export type Row = Record<string, SQLOutputValue>;

export function text(row: Row, col: string): string {
  const v = row[col];
  if (typeof v !== 'string') throw new TypeError(`catalog column ${col}: expected text, got ${typeof v}`);
  return v;
}

export function textOrNull(row: Row, col: string): string | null {
  const v = row[col];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new TypeError(`catalog column ${col}: expected text, got ${typeof v}`);
  return v;
}

export function int(row: Row, col: string): number {
  const v = row[col];
  if (typeof v !== 'number') throw new TypeError(`catalog column ${col}: expected integer, got ${typeof v}`);
  return v;
}

export function intOrNull(row: Row, col: string): number | null {
  const v = row[col];
  if (v === null || v === undefined) return null;
  return int(row, col);
}

export function json<T>(row: Row, col: string): T {
  return JSON.parse(text(row, col)) as T;
}

export function jsonOrNull<T>(row: Row, col: string): T | null {
  const v = textOrNull(row, col);
  return v === null ? null : (JSON.parse(v) as T);
}

export function oneOf<T extends string>(row: Row, col: string, allowed: readonly T[]): T {
  const v = text(row, col);
  if (!(allowed as readonly string[]).includes(v)) {
    throw new TypeError(`catalog column ${col}: unexpected value ${JSON.stringify(v)}`);
  }
  return v as T;
}
