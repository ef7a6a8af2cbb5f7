/**
 * Chooses how SQLite should drive a run search. The filter module matches metrics, tags and
 * properties with correlated `exists`, which SQLite only checks run by run: fine when most runs
 * match (the sort order finds a page quickly), slow when few do (every run is visited). So a
 * top-level condition that matches few rows, counted on its index with a cap, is added again as
 * `runs.id in (…)`, which SQLite drives from that index. It is never added for a condition that
 * matches many: SQLite then prefers it anyway, and reads every match before sorting.
 */
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Field, Filter, Value } from './filter/index.js';
import { sqlValue } from './filter/columns.js';
import { fieldIdentity } from './filter/fields.js';

type KeyedField = Exclude<Field, { kind: 'attribute' }>;
type Loose = ExpressionBuilder<Record<string, Record<string, unknown>>, never>;

/** Below this many matching rows, driving from the condition's index beats walking the sort order. */
export const SELECTIVE_ROWS = 5000;

/** Where the metric, tag or property values of a field live. */
export const keyedSource = {
  metric: { table: 'metric_series', key: 'name', value: 'latest_number' },
  tag: { table: 'run_tags', key: 'key', value: 'value' },
  property: { table: 'run_properties', key: 'key', value: 'value' },
} as const;

/** A top-level condition on a metric, tag or property that an index can answer. */
interface Indexed {
  field: KeyedField;
  /** The condition on the value column; none for a bare `exists`. */
  test?: { op: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'in'; value: Value | Value[] };
}

/** The name of a metric or the key of a tag or property. */
export function keyOf(field: KeyedField): string {
  return field.kind === 'metric' ? field.name : field.key;
}

/** The conditions every match of the filter satisfies: its operands when it is an `and`, else itself. */
export function conjuncts(filter: Filter | undefined): Filter[] {
  if (!filter) return [];
  return filter.kind === 'and' ? filter.operands : [filter];
}

/** Whether every match of the filter has a value for `field` (so no match lacks one). */
export function requiresValue(filter: Filter | undefined, field: Field): boolean {
  return conjuncts(filter).some((node) => (node.kind === 'compare' || node.kind === 'in' || node.kind === 'like')
    && fieldIdentity(node.field) === fieldIdentity(field));
}

/** A `where` on `runs` that SQLite can drive from an index. */
export type Driver = (eb: ExpressionBuilder<Database, 'runs'>) => Expression<SqlBool>;

/** A `where` restricting to the runs of the filter's most selective indexed condition, when one is selective enough. */
export async function drivingCondition(db: Kysely<Database>, filter: Filter | undefined): Promise<Driver | undefined> {
  let best: { indexed: Indexed; rows: number } | undefined;
  for (const indexed of conjuncts(filter).flatMap(asIndexed)) {
    const rows = await countUpTo(db, indexed, SELECTIVE_ROWS);
    if (rows < SELECTIVE_ROWS && (!best || rows < best.rows)) best = { indexed, rows };
  }
  if (!best) return undefined;
  const { indexed } = best;
  return (eb) => eb('runs.id', 'in', matchingRunIds(eb as unknown as Loose, indexed) as never);
}

function asIndexed(node: Filter): Indexed[] {
  if (node.kind === 'exists' && node.field.kind !== 'attribute') return [{ field: node.field }];
  if (node.kind === 'in' && node.field.kind !== 'attribute') return [{ field: node.field, test: { op: 'in', value: node.values } }];
  // Booleans match case-insensitively (`lower(value)`), which the index cannot answer.
  if (node.kind !== 'compare' || node.field.kind === 'attribute' || typeof node.value === 'boolean') return [];
  return [{ field: node.field, test: { op: node.op, value: node.value } }];
}

function matchingRunIds(eb: Loose | Kysely<Record<string, Record<string, unknown>>>, indexed: Indexed) {
  const source = keyedSource[indexed.field.kind];
  const rows = eb.selectFrom(`${source.table} as indexed`).select('indexed.run_id').where(`indexed.${source.key}`, '=', keyOf(indexed.field));
  const test = indexed.test;
  if (!test) return rows;
  const value = Array.isArray(test.value) ? test.value.map(sqlValue) : sqlValue(test.value);
  return rows.where(`indexed.${source.value}`, test.op, value);
}

/** How many rows match, counting no further than `cap` (a bounded walk of the index). */
async function countUpTo(db: Kysely<Database>, indexed: Indexed, cap: number): Promise<number> {
  const loose = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const row = await loose.selectFrom(matchingRunIds(loose, indexed).limit(cap).as('capped'))
    .select(sql<number | string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
