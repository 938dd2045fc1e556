import type { DatabaseSync } from 'node:sqlite';
import { describeStorageError } from './storage-errors.ts';

/**
 * Runs `fn` inside BEGIN IMMEDIATE … COMMIT: the write lock is taken up front, so two writers wait
 * on busy_timeout instead of failing mid-way on a lock upgrade. Any throw rolls everything back.
 * Nested calls join the outer transaction (SQLite has no nested BEGIN). `fn` must be synchronous:
 * an await inside would let other code run inside the open transaction.
 */
export function runInTransaction<T>(db: DatabaseSync, fn: () => T, what = 'the catalog'): T {
  if (db.isTransaction) return fn();
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (err) {
    throw describeStorageError(err, what);
  }
  try {
    const result = fn();
    if (result instanceof Promise) {
      throw new TypeError('transaction(fn): fn must be synchronous (it returned a Promise)');
    }
    db.exec('COMMIT');
    return result;
  } catch (err) {
    // SQLite may already have rolled back by itself (e.g. after an I/O error).
    if (db.isTransaction) db.exec('ROLLBACK');
    throw describeStorageError(err, what);
  }
}
