/**
 * Compiles a parsed filter to a Kysely `where` expression and an order-by list to ORDER BY terms,
 * over the metadata schema, in SQL that runs unchanged on SQLite and PostgreSQL.
 *
 * Tags, properties and metrics are matched with correlated `exists` subqueries, so a comparison is
 * true only for runs that have the tag or metric: `metrics.mse < 3` skips runs without `mse`, and
 * its negation `not metrics.mse < 3` is `not exists (…)`, which runs lacking `mse` DO match.
 * `metrics.mse != 3` likewise needs the metric. Metrics compare their latest value as a number;
 * a latest value that is not a number matches no comparison.
 */
import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Attribute, Field, Filter, OrderTerm, Predicate } from './ast.js';
import { type RunsExpressionBuilder, attributeValue, isNullableAttribute, sqlValue } from './columns.js';

type Condition = Expression<SqlBool>;
/** A test on one value: the metric's latest number, the tag's value, the attribute. */
type ValueTest = (value: Expression<unknown>) => Condition;
/** `exists` over the rows related to the current run (a tag, property, metric or experiment), narrowed by `test`. */
type RelatedRows = (test: ValueTest | undefined) => Condition;

export interface CompileOptions {
  /** Epoch ms that ends the duration of runs still going; defaults to the time the query is built. */
  now?: number;
}

interface Context {
  eb: RunsExpressionBuilder;
  now: number;
}

/** A `where` callback for a query over `runs` selecting the runs that match `filter` (see the file comment on negation). */
export function compileFilter(filter: Filter, options: CompileOptions = {}): (eb: RunsExpressionBuilder) => Condition {
  return (eb) => compileNode({ eb, now: options.now ?? Date.now() }, filter);
}

function compileNode(context: Context, node: Filter): Condition {
  switch (node.kind) {
    case 'and':
      return context.eb.and(node.operands.map((operand) => compileNode(context, operand)));
    case 'or':
      return context.eb.or(node.operands.map((operand) => compileNode(context, operand)));
    case 'not':
      return context.eb.not(compileNode(context, node.operand));
    default:
      return compilePredicate(context, node);
  }
}

function compilePredicate(context: Context, predicate: Predicate): Condition {
  const { field } = predicate;
  if (field.kind === 'attribute' && field.name !== 'experiment') {
    return onAttribute(context, predicate, field.name);
  }
  const rows = relatedRows(context, field);
  if (predicate.kind === 'exists') return rows(undefined);
  // "No value" is absent or null: no related row holds a value.
  if (predicate.kind === 'isNull') return context.eb.not(rows((value) => context.eb(value, 'is not', null)));
  return rows(valueTest(context, predicate));
}

function onAttribute(context: Context, predicate: Predicate, name: Attribute): Condition {
  const { eb } = context;
  const value = attributeValue(eb, name, context.now);
  if (predicate.kind === 'exists') return eb(value, 'is not', null);
  if (predicate.kind === 'isNull') return eb(value, 'is', null);
  const test = valueTest(context, predicate)(value);
  // Without the guard a null compares as unknown and `not` of it is unknown too, dropping the run
  // from both `parent = 'x'` and `not parent = 'x'`.
  return isNullableAttribute(name) ? eb.and([eb(value, 'is not', null), test]) : test;
}

function valueTest(context: Context, predicate: Exclude<Predicate, { kind: 'exists' | 'isNull' }>): ValueTest {
  const { eb } = context;
  switch (predicate.kind) {
    case 'compare': {
      const { op, value } = predicate;
      // Tags written from Python say `True`; booleans match the text ignoring case.
      if (typeof value === 'boolean') return (v) => eb(eb.fn('lower', [v]), op, String(value));
      return (v) => eb(v, op, sqlValue(value));
    }
    case 'in':
      return (v) => eb(v, 'in', predicate.values.map(sqlValue));
    case 'like':
      // lower() on both sides: LIKE ignores case in SQLite but not in PostgreSQL. ESCAPE is explicit
      // because SQLite has no default escape character.
      return (v) => sql<SqlBool>`lower(${v}) like lower(${predicate.pattern}) escape '\\'`;
  }
}

function relatedRows(context: Context, field: Field): RelatedRows {
  switch (field.kind) {
    case 'metric':
      return metricRows(context, field.name);
    case 'tag':
      return tagRows(context, field.key);
    case 'property':
      return propertyRows(context, field.key);
    case 'attribute':
      // Only `experiment` reaches here: the other attributes are columns of `runs`.
      return experimentRows(context);
  }
}

function metricRows({ eb }: Context, name: string): RelatedRows {
  return (test) => {
    const rows = eb.selectFrom('metric_series').select(eb.lit(1).as('one'))
      .whereRef('metric_series.run_id', '=', 'runs.id').where('metric_series.name', '=', name);
    return eb.exists(test ? rows.where((inner) => test(inner.ref('metric_series.latest_number'))) : rows);
  };
}

function tagRows({ eb }: Context, key: string): RelatedRows {
  return (test) => {
    const rows = eb.selectFrom('run_tags').select(eb.lit(1).as('one'))
      .whereRef('run_tags.run_id', '=', 'runs.id').where('run_tags.key', '=', key);
    return eb.exists(test ? rows.where((inner) => test(inner.ref('run_tags.value'))) : rows);
  };
}

function propertyRows({ eb }: Context, key: string): RelatedRows {
  return (test) => {
    const rows = eb.selectFrom('run_properties').select(eb.lit(1).as('one'))
      .whereRef('run_properties.run_id', '=', 'runs.id').where('run_properties.key', '=', key);
    return eb.exists(test ? rows.where((inner) => test(inner.ref('run_properties.value'))) : rows);
  };
}

function experimentRows({ eb }: Context): RelatedRows {
  return (test) => {
    const rows = eb.selectFrom('experiments').select(eb.lit(1).as('one'))
      .whereRef('experiments.id', '=', 'runs.experiment_id');
    return eb.exists(test ? rows.where((inner) => test(inner.ref('experiments.name'))) : rows);
  };
}

/**
 * Adds ORDER BY for `orderBy` to a query over `runs`, then `runs.created_at desc, runs.id desc` so
 * equal sort keys keep a stable order across pages. Runs without a value sort last in both
 * directions. Metrics, tags and properties are left-joined under aliases `order_<n>`, so select with
 * `selectAll('runs')`, not `selectAll()`, or their columns join the result.
 */
export function compileOrderBy<O>(
  query: SelectQueryBuilder<Database, 'runs', O>,
  orderBy: readonly OrderTerm[],
  options: CompileOptions = {},
): SelectQueryBuilder<Database, 'runs', O> {
  const now = options.now ?? Date.now();
  let ordered = query;
  orderBy.forEach((term, index) => {
    ordered = orderByTerm(ordered, term, `order_${index}`, now);
  });
  return ordered.orderBy('runs.created_at', 'desc').orderBy('runs.id', 'desc');
}

function orderByTerm<O>(query: SelectQueryBuilder<Database, 'runs', O>, term: OrderTerm, alias: string, now: number) {
  const { field, direction } = term;
  if (field.kind === 'attribute') {
    const value = (eb: RunsExpressionBuilder) => attributeValue(eb, field.name, now);
    // `(x is null)` first keeps missing values last either way on both databases, whose default
    // null placement differs and flips with the direction.
    return query.orderBy((eb) => sql`(${value(eb)} is null)`).orderBy(value, direction);
  }
  const joined = joinSortKey(query, field, alias);
  const value = sql.ref(`${alias}.${field.kind === 'metric' ? 'latest_number' : 'value'}`);
  return joined.orderBy(sql`(${value} is null)`).orderBy(value, direction);
}

/** Left-joins the metric series, tag or property row that holds a run's sort key, under `alias`. */
function joinSortKey<O>(
  query: SelectQueryBuilder<Database, 'runs', O>,
  field: Exclude<Field, { kind: 'attribute' }>,
  alias: string,
): SelectQueryBuilder<Database, 'runs', O> {
  const table = { metric: 'metric_series', tag: 'run_tags', property: 'run_properties' }[field.kind];
  const [keyColumn, key] = field.kind === 'metric' ? ['name', field.name] : ['key', field.key];
  // Kysely types joins by alias at compile time; these aliases are made at run time, so the join is
  // written loosely and the query keeps its `runs`-only type (the caller selects `runs` columns only).
  const loose = query as unknown as SelectQueryBuilder<Record<string, Record<string, unknown>>, 'runs', O>;
  const joined = loose.leftJoin(`${table} as ${alias}`, (join) =>
    join.onRef(`${alias}.run_id`, '=', 'runs.id').on(`${alias}.${keyColumn}`, '=', key),
  );
  return joined as unknown as SelectQueryBuilder<Database, 'runs', O>;
}
