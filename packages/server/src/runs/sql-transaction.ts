/** Transactions that can end early with a result, rolling back whatever they wrote. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

/** Thrown inside `inTransaction` to roll back and answer `result` instead. */
export class Rollback<T> extends Error {
  constructor(readonly result: T) {
    super('transaction rolled back on purpose');
  }
}

/** Runs `work` in a transaction; a thrown Rollback rolls it back and becomes the result. */
export async function inTransaction<T>(db: Kysely<Database>, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    if (error instanceof Rollback) return error.result as T;
    throw error;
  }
}

/**
 * Locks a run's row until the transaction ends, so concurrent tag or property writes to one run
 * take turns and a count checked here stays true until commit. A no-op update locks in both
 * PostgreSQL (row lock) and SQLite (the write lock), where `select … for update` exists in only one.
 */
export async function lockRun(trx: Transaction<Database>, runId: string): Promise<boolean> {
  const locked = await trx.updateTable('runs').set((eb) => ({ id: eb.ref('id') })).where('id', '=', runId).returning('id').executeTakeFirst();
  return locked !== undefined;
}
