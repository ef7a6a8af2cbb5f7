/**
 * SQL for the run attributes and literal values, shared by filters and order-by. Everything here
 * renders the same on SQLite and PostgreSQL.
 */
import { type Expression, type ExpressionBuilder, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Attribute, Value } from './ast.js';

/** An expression builder scoped to the `runs` table. */
export type RunsExpressionBuilder = ExpressionBuilder<Database, 'runs'>;

const columns = {
  status: 'runs.status', display_name: 'runs.display_name', number: 'runs.number', created: 'runs.created_at',
  started: 'runs.started_at', ended: 'runs.ended_at', id: 'runs.id', parent: 'runs.parent_run_id',
  compute: 'runs.compute_target',
} as const satisfies Record<Exclude<Attribute, 'experiment' | 'duration'>, string>;

/**
 * The value of an attribute for the current run; `now` (epoch ms) ends the duration of a run that
 * has not ended. A run that has not started has no duration.
 */
export function attributeValue(eb: RunsExpressionBuilder, name: Attribute, now: number): Expression<unknown> {
  if (name === 'experiment') {
    return eb.selectFrom('experiments').select('experiments.name').whereRef('experiments.id', '=', 'runs.experiment_id');
  }
  if (name === 'duration') {
    // Times are integer milliseconds: divide by 1000.0 so SQLite does not divide as integers.
    return sql`((coalesce(${eb.ref('runs.ended_at')}, ${integer(now)}) - ${eb.ref('runs.started_at')}) / 1000.0)`;
  }
  return eb.ref(columns[name]);
}

/** Whether an attribute can be null (and so needs a guard to keep `not` a true complement). */
export function isNullableAttribute(name: Attribute): boolean {
  return name === 'started' || name === 'ended' || name === 'parent' || name === 'duration';
}

/**
 * A literal as a typed SQL parameter. PostgreSQL infers an untyped parameter's type from the
 * column, so `number < 2.5` would fail to parse 2.5 as an integer; the explicit cast prevents that
 * and keeps integer comparisons (times) index-friendly. SQLite reads both casts by affinity.
 */
export function sqlValue(value: Value): Expression<unknown> {
  if (typeof value !== 'number') return sql.val(value);
  return Number.isSafeInteger(value) ? integer(value) : sql`cast(${value} as double precision)`;
}

function integer(value: number): Expression<unknown> {
  return sql`cast(${value} as bigint)`;
}
