import { describe, expect, it } from 'vitest';
import type { Field, Filter } from './ast.js';
import { parseFilter, parseOrderBy } from './parse.js';
import { parseIsoTime } from './values.js';

const metric = (name: string): Field => ({ kind: 'metric', name });
const tag = (key: string): Field => ({ kind: 'tag', key });
const attribute = (name: Extract<Field, { kind: 'attribute' }>['name']): Field => ({ kind: 'attribute', name });
const status = (value: string): Filter => ({ kind: 'compare', field: attribute('status'), op: '=', value });

describe('parseFilter: no filter', () => {
  it.each(['', '   ', '\n\t'])('gives undefined for %j', (input) => {
    expect(parseFilter(input)).toBeUndefined();
  });
});

describe('parseFilter: fields', () => {
  it.each<[string, Field]>([
    ['metrics.mse', metric('mse')],
    ['METRICS.Mse', metric('Mse')],
    ['metrics.val-loss.avg_2', metric('val-loss.avg_2')],
    ['metrics.`val loss`', metric('val loss')],
    ['metrics.`a\\`b`', metric('a`b')],
    ['tags.model', tag('model')],
    ['properties.dataset', { kind: 'property', key: 'dataset' }],
    ['props.dataset', { kind: 'property', key: 'dataset' }],
    ['name', attribute('display_name')],
    ['display_name', attribute('display_name')],
    ['run_id', attribute('id')],
    ['id', attribute('id')],
    ['Experiment', attribute('experiment')],
    ['parent', attribute('parent')],
    ['compute', attribute('compute')],
  ])('reads %s', (text, field) => {
    expect(parseFilter(`${text} exists`)).toEqual({ kind: 'exists', field });
  });
});

describe('parseFilter: comparisons and values', () => {
  it.each(['=', '!=', '<', '<=', '>', '>='] as const)('reads metrics.mse %s 3', (op) => {
    expect(parseFilter(`metrics.mse ${op} 3`)).toEqual({ kind: 'compare', field: metric('mse'), op, value: 3 });
  });

  it('reads <> as !=, and needs no spaces', () => {
    expect(parseFilter('metrics.mse<>3')).toEqual({ kind: 'compare', field: metric('mse'), op: '!=', value: 3 });
    expect(parseFilter('metrics.x>-3')).toEqual({ kind: 'compare', field: metric('x'), op: '>', value: -3 });
  });

  it.each([
    ['-12', -12], ['0.5', 0.5], ['.5', 0.5], ['3.', 3], ['1e3', 1000], ['-2.5E-2', -0.025], ['1e+2', 100],
  ])('reads the number %s', (text, value) => {
    expect(parseFilter(`metrics.x < ${text}`)).toMatchObject({ value });
  });

  it.each([
    ["'ridge'", 'ridge'],
    ['"ridge"', 'ridge'],
    ["'it\\'s'", "it's"],
    ['"say \\"hi\\""', 'say "hi"'],
    ["'a\\\\b'", 'a\\b'],
    ["'tab\\there'", 'tab\there'],
    ["'two\\nlines'", 'two\nlines'],
    ['"it\'s"', "it's"],
    ["''", ''],
    ["'héllo wörld'", 'héllo wörld'],
  ])('reads the string %s', (text, value) => {
    expect(parseFilter(`tags.model = ${text}`)).toMatchObject({ value });
  });

  it('reads booleans on tags and numbers on text fields as text as written', () => {
    expect(parseFilter('tags.flag = TRUE')).toMatchObject({ value: true });
    expect(parseFilter('tags.flag != false')).toMatchObject({ op: '!=', value: false });
    expect(parseFilter('tags.lr = 0.10')).toMatchObject({ value: '0.10' });
    expect(parseFilter('properties.seed in (1, 2)')).toMatchObject({ values: ['1', '2'] });
  });

  it('normalizes statuses to their v1 spelling', () => {
    expect(parseFilter("status = 'failed'")).toEqual(status('Failed'));
    expect(parseFilter("status in ('RUNNING', 'CancelRequested')")).toMatchObject({ values: ['Running', 'CancelRequested'] });
  });

  it('reads times as epoch milliseconds, from ISO-8601 text or a number', () => {
    const ms = Date.UTC(2024, 4, 1, 10, 0, 0);
    expect(parseFilter("created > '2024-05-01T10:00:00Z'")).toMatchObject({ value: ms });
    expect(parseFilter(`started <= ${ms}`)).toMatchObject({ value: ms });
    expect(parseFilter("ended < '2024-05-01T12:00:00+02:00'")).toMatchObject({ value: ms });
  });

  it('reads duration and number as numbers', () => {
    expect(parseFilter('duration > 2.5')).toMatchObject({ field: attribute('duration'), value: 2.5 });
    expect(parseFilter('number = 7')).toMatchObject({ field: attribute('number'), value: 7 });
  });
});

describe('parseFilter: in, like, exists, null', () => {
  it('reads in lists and not in', () => {
    const inList: Filter = { kind: 'in', field: tag('model'), values: ['a', 'b'] };
    expect(parseFilter("tags.model in ('a', 'b')")).toEqual(inList);
    expect(parseFilter("tags.model NOT IN ('a','b')")).toEqual({ kind: 'not', operand: inList });
    expect(parseFilter('metrics.x in (1)')).toEqual({ kind: 'in', field: metric('x'), values: [1] });
  });

  it('reads like and not like, keeping \\% and \\_ escaped for SQL', () => {
    expect(parseFilter("tags.model like 'pre%'")).toEqual({ kind: 'like', field: tag('model'), pattern: 'pre%' });
    expect(parseFilter("name not like '50\\%\\_'")).toEqual({
      kind: 'not', operand: { kind: 'like', field: attribute('display_name'), pattern: '50\\%\\_' },
    });
  });

  it('reads exists, not exists and is [not] null', () => {
    expect(parseFilter('tags.model exists')).toEqual({ kind: 'exists', field: tag('model') });
    expect(parseFilter('tags.model not exists')).toEqual({ kind: 'not', operand: { kind: 'exists', field: tag('model') } });
    expect(parseFilter('not tags.model exists')).toEqual({ kind: 'not', operand: { kind: 'exists', field: tag('model') } });
    expect(parseFilter('ended is null')).toEqual({ kind: 'isNull', field: attribute('ended') });
    expect(parseFilter('ended IS NOT NULL')).toEqual({ kind: 'not', operand: { kind: 'isNull', field: attribute('ended') } });
  });

  it('reads = null and != null as is null and is not null', () => {
    expect(parseFilter('parent = null')).toEqual({ kind: 'isNull', field: attribute('parent') });
    expect(parseFilter('parent != null')).toEqual({ kind: 'not', operand: { kind: 'isNull', field: attribute('parent') } });
  });
});

describe('parseFilter: precedence', () => {
  const a = status('Failed');
  const b = status('Running');
  const c = status('Queued');

  it('binds and tighter than or', () => {
    expect(parseFilter("status = 'Failed' or status = 'Running' and status = 'Queued'")).toEqual({
      kind: 'or', operands: [a, { kind: 'and', operands: [b, c] }],
    });
    expect(parseFilter("status = 'Failed' and status = 'Running' or status = 'Queued'")).toEqual({
      kind: 'or', operands: [{ kind: 'and', operands: [a, b] }, c],
    });
  });

  it('binds not tighter than and', () => {
    expect(parseFilter("not status = 'Failed' and status = 'Running'")).toEqual({
      kind: 'and', operands: [{ kind: 'not', operand: a }, b],
    });
  });

  it('lets parentheses override, and flattens chains', () => {
    expect(parseFilter("(status = 'Failed' or status = 'Running') and status = 'Queued'")).toEqual({
      kind: 'and', operands: [{ kind: 'or', operands: [a, b] }, c],
    });
    expect(parseFilter("status = 'Failed' OR status = 'Running' Or status = 'Queued'")).toEqual({ kind: 'or', operands: [a, b, c] });
    expect(parseFilter("not (not (status = 'Failed'))")).toEqual({ kind: 'not', operand: { kind: 'not', operand: a } });
  });

  it('parses the example from the CLI help', () => {
    expect(parseFilter("metrics.mse < 3000 and (tags.model = 'ridge' or status = 'Failed')")).toEqual({
      kind: 'and',
      operands: [
        { kind: 'compare', field: metric('mse'), op: '<', value: 3000 },
        { kind: 'or', operands: [{ kind: 'compare', field: tag('model'), op: '=', value: 'ridge' }, a] },
      ],
    });
  });
});

describe('parseOrderBy', () => {
  it('reads fields with optional directions, ascending by default (metrics too)', () => {
    expect(parseOrderBy('metrics.mse desc, created')).toEqual([
      { field: metric('mse'), direction: 'desc' },
      { field: attribute('created'), direction: 'asc' },
    ]);
    expect(parseOrderBy('metrics.`val loss`')).toEqual([{ field: metric('val loss'), direction: 'asc' }]);
    expect(parseOrderBy('tags.model ASC,name DESC')).toEqual([
      { field: tag('model'), direction: 'asc' },
      { field: attribute('display_name'), direction: 'desc' },
    ]);
  });

  it('gives no terms for an empty order-by', () => {
    expect(parseOrderBy('  ')).toEqual([]);
  });
});

describe('parseIsoTime', () => {
  it.each([
    ['2024-05-01', Date.UTC(2024, 4, 1)],
    ['2024-05-01T10:20', Date.UTC(2024, 4, 1, 10, 20)],
    ['2024-05-01 10:20:30', Date.UTC(2024, 4, 1, 10, 20, 30)],
    ['2024-05-01T10:20:30.5Z', Date.UTC(2024, 4, 1, 10, 20, 30, 500)],
    ['2024-05-01T10:20:30.123456z', Date.UTC(2024, 4, 1, 10, 20, 30, 123)],
    ['2024-05-01T10:20:30-0530', Date.UTC(2024, 4, 1, 15, 50, 30)],
    ['2024-02-29T00:00:00+01:00', Date.UTC(2024, 1, 28, 23)],
  ])('reads %s', (text, ms) => {
    expect(parseIsoTime(text)).toBe(ms);
  });

  it.each(['2023-02-29', '2024-13-01', '2024-05-01T24:00', '2024-05-01T10:60', '2024-5-1', 'yesterday', '2024-05-01T10:00+25:00', '2024-05-01Z'])(
    'rejects %s',
    (text) => {
      expect(parseIsoTime(text)).toBeUndefined();
    },
  );
});
