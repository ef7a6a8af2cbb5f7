/**
 * The behaviour of compiled filters and order-bys, as a suite run against each database backend:
 * SQLite in `compile.test.ts`, PostgreSQL in `compile.pg.test.ts`. Same fixtures, same answers.
 */
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../db/schema.js';
import { compileFilter, compileOrderBy } from '../compile.js';
import { parseFilter, parseOrderBy } from '../parse.js';
import { now, seedRuns } from './fixtures.js';

/** A database holding the filter's tables (empty), and how to dispose of it. */
export interface TestDatabase {
  db: Kysely<Database>;
  close(): Promise<void>;
}

/** Defines the compile tests on the database `open` gives, seeded with the fixtures. */
export function describeCompileContract(backend: string, open: () => Promise<TestDatabase>): void {
  describe(`compiled filters on ${backend}`, () => {
    let database: TestDatabase;
    const db = () => database.db;

    beforeAll(async () => {
      database = await open();
      await seedRuns(database.db);
    });

    afterAll(async () => {
      await database?.close();
    });

    /** The ids of the runs `filter` selects, sorted. */
    async function select(filter: string): Promise<string[]> {
      const ast = parseFilter(filter);
      if (ast === undefined) throw new Error(`'${filter}' parsed to no filter`);
      const query = db().selectFrom('runs').select('runs.id').where(compileFilter(ast, { now }));
      return (await query.orderBy('runs.id').execute()).map((row) => row.id);
    }

    /** The ids of the runs in the order `orderBy` lists them, optionally filtered and limited. */
    async function order(orderBy: string, filter = '', limit = 100): Promise<string[]> {
      let query = db().selectFrom('runs').selectAll('runs');
      const ast = parseFilter(filter);
      if (ast !== undefined) query = query.where(compileFilter(ast, { now }));
      const rows = await compileOrderBy(query, parseOrderBy(orderBy), { now }).limit(limit).execute();
      return rows.map((row) => row.id);
    }

  describe('compileFilter on metrics', () => {
    it.each([
      ['metrics.mse < 3000', ['r1', 'r3']],
      ['metrics.mse >= 2500', ['r1', 'r2', 'r3']],
      ['metrics.mse = 4000', ['r2']],
      ['metrics.mse <= 4e3 and metrics.mse > 2500.5', ['r2']],
      ['metrics.mse in (2500, 4000)', ['r1', 'r2', 'r3']],
      ['metrics.`val loss` <= 0.2', ['r3']],
      ['metrics.delta < 0', ['r2']],
      ['metrics.delta > -1e-2', ['r1']],
      ['metrics.acc > 0.85', ['r1']],
    ])('%s', async (filter, expected) => {
      expect(await select(filter)).toEqual(expected);
    });

    it('matches no comparison for a run whose latest value is not a number, nor one lacking the metric', async () => {
      expect(await select('metrics.mse > -1e300')).toEqual(['r1', 'r2', 'r3']);
      expect(await select('metrics.mse != 2500')).toEqual(['r2']);
    });

    it('lets runs lacking the metric match a negated comparison, as documented', async () => {
      expect(await select('not metrics.mse < 3000')).toEqual(['r2', 'r4', 'r5']);
    });

    it('tells present, absent and null metrics apart', async () => {
      expect(await select('metrics.mse exists')).toEqual(['r1', 'r2', 'r3', 'r4']);
      expect(await select('metrics.mse not exists')).toEqual(['r5']);
      expect(await select('metrics.mse is null')).toEqual(['r4', 'r5']);
      expect(await select('metrics.mse is not null')).toEqual(['r1', 'r2', 'r3']);
    });
  });

  describe('compileFilter on tags and properties', () => {
    it.each([
      ["tags.model = 'ridge'", ['r1', 'r2']],
      ["tags.model != 'ridge'", ['r3', 'r4']],
      ["not tags.model = 'ridge'", ['r3', 'r4', 'r5']],
      ["tags.model in ('lasso', 'forest_v2')", ['r3', 'r4']],
      ["tags.model not in ('ridge')", ['r3', 'r4', 'r5']],
      ["tags.model < 'm'", ['r3', 'r4']],
      ['tags.epochs = 10', ['r3']],
      ["tags.`odd key` = 'x'", ['r3']],
      ['tags.flag = true', ['r1']],
      ['tags.flag = FALSE', ['r2']],
      ['tags.flag != true', ['r2']],
      ["properties.dataset = 'iris'", ['r1']],
      ["props.dataset like 'iris%'", ['r1', 'r4']],
    ])('%s', async (filter, expected) => {
      expect(await select(filter)).toEqual(expected);
    });

    it('matches like patterns ignoring case, with _ and % as wildcards', async () => {
      expect(await select("tags.model like 'RID%'")).toEqual(['r1', 'r2']);
      expect(await select("tags.model like 'forest_v_'")).toEqual(['r4']);
      expect(await select("tags.model like '%_%'")).toEqual(['r1', 'r2', 'r3', 'r4']);
    });

    it('matches escaped % and _ literally', async () => {
      expect(await select("tags.model like '%\\_%'")).toEqual(['r4']);
      expect(await select("tags.pct like '50\\%'")).toEqual(['r4']);
      expect(await select("tags.model like 'ridge\\%'")).toEqual([]);
    });

    it('tells a tag set without a value from a missing tag', async () => {
      expect(await select('tags.note exists')).toEqual(['r2']);
      expect(await select('tags.note is null')).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
      expect(await select('tags.model = null')).toEqual(['r5']);
      expect(await select('tags.model != null')).toEqual(['r1', 'r2', 'r3', 'r4']);
    });
  });

  describe('compileFilter on attributes', () => {
    it.each([
      ["status = 'failed'", ['r2']],
      ["status in ('Running', 'Queued')", ['r3', 'r4']],
      ["status != 'Completed'", ['r2', 'r3', 'r4', 'r5']],
      ["status like 'not%'", ['r5']],
      ["name = 'lasso'", ['r3']],
      ["display_name like '%forest%'", ['r4', 'r5']],
      ["experiment = 'classification'", ['r4', 'r5']],
      ["experiment != 'regression'", ['r4', 'r5']],
      ["experiment like 'reg%'", ['r1', 'r2', 'r3']],
      ['number = 2', ['r2', 'r5']],
      ['number >= 2.5', ['r3']],
      ["run_id = 'r2'", ['r2']],
      ["id in ('r1', 'r3')", ['r1', 'r3']],
      ["compute = 'gpu'", ['r2', 'r4']],
      ["parent = 'r4'", ['r5']],
      ["not parent = 'r4'", ['r1', 'r2', 'r3', 'r4']],
      ['parent is null', ['r1', 'r2', 'r3', 'r4']],
      ['parent exists', ['r5']],
    ])('%s', async (filter, expected) => {
      expect(await select(filter)).toEqual(expected);
    });

    it.each([
      ["created >= '2024-05-01T02:00:00Z'", ['r3', 'r4', 'r5']],
      // 03:00 at +02:00 is 01:00Z, when r2 was created.
      ["created < '2024-05-01T03:00:00+02:00'", ['r1']],
      ["created <= '2024-05-01T03:00:00+02:00'", ['r1', 'r2']],
      ["created > '2024-05-01 00:30'", ['r2', 'r3', 'r4', 'r5']],
      ["created = '2024-05-01'", ['r1']],
      ["started < '2024-05-01T02:00:00Z'", ['r1', 'r2']],
      ['started is null', ['r4', 'r5']],
      ['ended = null', ['r3', 'r4', 'r5']],
      ["not ended < '2030-01-01'", ['r3', 'r4', 'r5']],
    ])('%s', async (filter, expected) => {
      expect(await select(filter)).toEqual(expected);
    });

    it.each([
      ['duration > 5', ['r1', 'r3']],
      ['duration < 5', ['r2']],
      ['duration = 1.5', ['r2']],
      ['duration = 100', ['r3']],
      ['not duration > 5', ['r2', 'r4', 'r5']],
    ])('%s (runs still going last until now)', async (filter, expected) => {
      expect(await select(filter)).toEqual(expected);
    });
  });

  describe('compileFilter combining', () => {
    it.each([
      ["metrics.mse < 3000 and (tags.model = 'ridge' or status = 'Failed')", ['r1']],
      ["metrics.mse < 5000 and (tags.model = 'ridge' or status = 'Failed')", ['r1', 'r2']],
      // and binds tighter than or: Queued or (ridge and cpu), not (Queued or ridge) and cpu.
      ["status = 'Queued' or tags.model = 'ridge' and compute = 'cpu'", ['r1', 'r4']],
      ["(status = 'Queued' or tags.model = 'ridge') and compute = 'cpu'", ['r1']],
      // not binds tighter than and.
      ["not status = 'Failed' and compute = 'gpu'", ['r4']],
      ["not (status = 'Failed' and compute = 'gpu')", ['r1', 'r3', 'r4', 'r5']],
      ["not not tags.model = 'lasso'", ['r3']],
    ])('%s', async (filter, expected) => {
      expect(await select(filter)).toEqual(expected);
    });
  });

  describe('compileOrderBy', () => {
    it('orders by the tie-breaker alone when no order is given: newest first, then id descending', async () => {
      expect(await order('')).toEqual(['r5', 'r4', 'r3', 'r2', 'r1']);
    });

    it('orders by a metric ascending, ties newest first, runs without a number last', async () => {
      // r1 and r3 tie on mse; r4's latest mse is not a number and r5 has none.
      expect(await order('metrics.mse')).toEqual(['r3', 'r1', 'r2', 'r5', 'r4']);
      expect(await order('metrics.mse asc')).toEqual(['r3', 'r1', 'r2', 'r5', 'r4']);
    });

    it('keeps runs without the metric last when descending too', async () => {
      expect(await order('metrics.mse DESC')).toEqual(['r2', 'r3', 'r1', 'r5', 'r4']);
    });

    it('joins each metric under its own alias', async () => {
      expect(await order('metrics.acc desc, metrics.mse')).toEqual(['r1', 'r2', 'r3', 'r5', 'r4']);
      expect(await order('metrics.`val loss`, metrics.delta desc')).toEqual(['r3', 'r1', 'r2', 'r5', 'r4']);
    });

    it('returns each run once and only run columns', async () => {
      const rows = await compileOrderBy(db().selectFrom('runs').selectAll('runs'), parseOrderBy('metrics.mse, tags.model')).execute();
      expect(rows).toHaveLength(5);
      expect(Object.keys(rows[0] ?? {})).not.toContain('latest_number');
    });

    it.each([
      ['tags.model', ['r4', 'r3', 'r2', 'r1', 'r5']],
      ['tags.model desc', ['r2', 'r1', 'r3', 'r4', 'r5']],
      ['properties.dataset', ['r2', 'r1', 'r4', 'r5', 'r3']],
      ['created', ['r1', 'r2', 'r3', 'r5', 'r4']],
      ['started desc', ['r3', 'r2', 'r1', 'r5', 'r4']],
      ['ended', ['r1', 'r2', 'r5', 'r4', 'r3']],
      ['duration desc', ['r3', 'r1', 'r2', 'r5', 'r4']],
      ['experiment, number desc', ['r5', 'r4', 'r3', 'r2', 'r1']],
      ['name', ['r5', 'r4', 'r3', 'r1', 'r2']],
      ['status', ['r1', 'r2', 'r5', 'r4', 'r3']],
      ['parent, compute desc', ['r5', 'r4', 'r2', 'r3', 'r1']],
    ])('%s', async (orderBy, expected) => {
      expect(await order(orderBy)).toEqual(expected);
    });

    it('applies after the filter and before the limit', async () => {
      expect(await order('metrics.mse desc', 'metrics.mse < 5000', 2)).toEqual(['r2', 'r3']);
    });
  });
  });
}
