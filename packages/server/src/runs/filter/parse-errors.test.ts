import { InputError } from '@cairn/api';
import { describe, expect, it } from 'vitest';
import { FilterError } from './errors.js';
import { parseFilter, parseOrderBy } from './parse.js';

/** The FilterError `parse` throws for `input`; fails the test when it throws nothing or something else. */
function errorOf(input: string, parse: (input: string) => unknown = parseFilter): FilterError {
  try {
    parse(input);
  } catch (error) {
    if (error instanceof FilterError) return error;
    throw error;
  }
  throw new Error(`'${input}' parsed without error`);
}

describe('FilterError', () => {
  it('names what was expected, where, and what was found, with a caret line', () => {
    const error = errorOf('metrics.mse foo');
    expect(error.message).toBe(
      "expected a comparison operator after 'metrics.mse' at position 12, found 'foo'; use =, !=, <, <=, >, >=, in, like, exists or is null",
    );
    expect(error).toMatchObject({ position: 12, token: 'foo', code: 'INVALID_FILTER', name: 'FilterError' });
    expect(error.pointer).toBe('metrics.mse foo\n            ^^^');
  });

  it('is an INVALID_FILTER input error whose body carries the position, token and pointer', () => {
    const error = errorOf("status = 'Done'");
    expect(error).toBeInstanceOf(InputError);
    expect(error.status).toBe(400);
    expect(error.toBody()).toEqual({
      error: {
        code: 'INVALID_FILTER',
        message: error.message,
        details: { position: 9, token: "'Done'", pointer: "status = 'Done'\n         ^^^^^^" },
      },
    });
  });

  it('points at the line holding the token in a multi-line filter', () => {
    const error = errorOf("status = 'Failed'\n  and metrics.mse < 'x'");
    expect(error.position).toBe(38);
    expect(error.pointer).toBe("  and metrics.mse < 'x'\n                    ^^^");
  });

  it('points one caret past the end when the input ran out', () => {
    const error = errorOf('metrics.mse <');
    expect(error.message).toBe("expected a value after '<' at position 13, found end of input");
    expect(error).toMatchObject({ position: 13, token: '' });
    expect(error.pointer).toBe('metrics.mse <\n             ^');
  });
});

describe('parseFilter errors', () => {
  it.each([
    // tokens
    ['status # 1', 7, '#', "unexpected character '#' at position 7"],
    ["tags.model = 'ridge", 13, "'ridge", "unterminated '-quoted text starting at position 13"],
    ['tags.model = "ridge\\"', 13, '"ridge\\"', 'unterminated "-quoted text starting at position 13'],
    ['metrics.`val loss = 3', 8, '`val loss = 3', 'unterminated `-quoted text starting at position 8'],
    ["tags.model = 'a\\qb'", 15, '\\q', "unknown escape '\\q' at position 15"],
    ['metrics.mse = 1.2.3', 14, '1.2.3', "malformed number '1.2.3' at position 14"],
    ['metrics.mse = 12abc', 14, '12abc', "malformed number '12abc' at position 14"],
    ['metrics.mse = 1e999', 14, '1e999', "number '1e999' at position 14 is out of range"],
    ['metrics.mse == 3', 12, '==', "unknown operator '==' at position 12; use '=' to test equality"],
    ['metrics.mse ! 3', 12, '!', "unexpected character '!' at position 12"],
    // fields
    ['foo.bar = 1', 0, 'foo.bar', "unknown field 'foo.bar' at position 0; known fields are metrics.<name>, tags.<key>, properties.<key> (or props.<key>), status, name"],
    ['metric.mse < 1', 0, 'metric.mse', "unknown field 'metric.mse' at position 0; known fields are metrics.<name>"],
    ["status.x = 'a'", 0, 'status.x', "unknown field 'status.x' at position 0"],
    ['constructor = 1', 0, 'constructor', "unknown field 'constructor' at position 0"],
    ['metrics. = 1', 0, 'metrics.', "expected a metric name after 'metrics.' at position 0, as in 'metrics.<name>'"],
    ["tags = 'a'", 0, 'tags', "expected a tag key after 'tags.' at position 0"],
    ['props.`` exists', 0, 'props.``', "expected a property key after 'props.' at position 0"],
    // structure
    ["and status = 'Failed'", 0, 'and', "expected a field, 'not' or '(' at position 0, found 'and'"],
    ["status = 'Failed' and", 21, '', "expected a field, 'not' or '(' at position 21, found end of input"],
    ["status = 'Failed' or or", 21, 'or', "expected a field, 'not' or '(' at position 21, found 'or'"],
    ['not', 3, '', "expected a field, 'not' or '(' at position 3, found end of input"],
    ['()', 1, ')', "expected a field, 'not' or '(' at position 1, found ')'"],
    ["(status = 'Failed'", 18, '', "expected ')' at position 18 to close the '(' at position 0, found end of input"],
    ["((status = 'Failed')", 20, '', "expected ')' at position 20 to close the '(' at position 0, found end of input"],
    ["status = 'Failed')", 17, ')', "unmatched ')' at position 17"],
    ["status = 'Failed' tags.a = 'b'", 18, 'tags.a', "expected 'and', 'or' or the end of the filter at position 18, found 'tags.a'"],
    ['metrics.mse', 11, '', "expected a comparison operator after 'metrics.mse' at position 11, found end of input"],
    ["tags.a not = 'b'", 11, '=', "expected 'in', 'like' or 'exists' after 'not' at position 11, found '='"],
    ['tags.a is 3', 10, '3', "expected 'null' or 'not null' after 'is' at position 10, found '3'"],
    ['tags.a is not', 13, '', "expected 'null' or 'not null' after 'is' at position 13, found end of input"],
    // values
    ['tags.model = ridge', 13, 'ridge', "expected a value after '=' at position 13, found 'ridge'; quote text values, as in 'ridge'"],
    ['tags.model = (', 13, '(', "expected a value after '=' at position 13, found '('"],
    ['metrics.mse < null', 14, 'null', "expected a value after '<' (null compares only with = and !=) at position 14, found 'null'"],
    ["tags.a in 'x'", 10, "'x'", "expected '(' after 'in' at position 10, found 'x'"],
    ['tags.a in ()', 11, ')', "expected a value after '(' at position 11, found ')'"],
    ["tags.a in ('x',)", 15, ')', "expected a value after ',' at position 15, found ')'"],
    ["tags.a in ('x' 'y')", 15, "'y'", "expected ',' or ')' in the list after 'in' at position 15, found 'y'"],
    ["tags.a in ('x'", 14, '', "expected ',' or ')' in the list after 'in' at position 14, found end of input"],
    ['tags.a in (null)', 11, 'null', "expected a value after '(' at position 11, found 'null'"],
    ['tags.a like 3', 12, '3', "expected a quoted pattern after 'like' at position 12, found '3'"],
  ])('%j fails at %i', (input, position, token, message) => {
    const error = errorOf(input);
    expect(error.message).toContain(message);
    expect(error.position).toBe(position);
    expect(error.token).toBe(token);
  });
});

describe('parseFilter type errors', () => {
  it.each([
    ["metrics.mse < 'abc'", 14, "'abc'", "'metrics.mse' is numeric; expected a number at position 14, found 'abc'"],
    ['metrics.mse = true', 14, 'true', "'metrics.mse' is numeric; expected a number at position 14, found true"],
    ["metrics.mse in (1, '2')", 19, "'2'", "'metrics.mse' is numeric; expected a number at position 19, found '2'"],
    ["metrics.mse like '1%'", 12, 'like', "'metrics.mse' is numeric; expected one of =, !=, <, <=, >, >=, in or exists at position 12, found 'like'"],
    ["duration > '3'", 11, "'3'", "'duration' is numeric; expected a number at position 11, found '3'"],
    ["number = 'two'", 9, "'two'", "'number' is numeric; expected a number at position 9, found 'two'"],
    ["created > 'yesterday'", 10, "'yesterday'", "'created' is a time; expected an ISO-8601 datetime in quotes, such as '2024-05-01T12:00:00Z', at position 10, found 'yesterday'"],
    ["ended < '2024-02-30'", 8, "'2024-02-30'", "'ended' is a time; expected an ISO-8601 datetime"],
    ["started like '2024%'", 8, 'like', "'started' is a time; expected one of"],
    ["status = 'Done'", 9, "'Done'", "expected a run status (NotStarted, Starting, Provisioning, Queued, Preparing, Running, CancelRequested, NotResponding, Finalizing, Completed, Failed, Canceled) at position 9, found 'Done'"],
    ['status = 3', 9, '3', 'expected a run status ('],
    ["status in ('Failed', 'Broken')", 21, "'Broken'", 'expected a run status ('],
    ["status > 'Failed'", 7, '>', "'status' is a status; expected one of =, !=, in or like at position 7, found '>'"],
    ['tags.epochs > 5', 14, '5', "'tags.epochs' is text and sorts as text; expected a quoted string at position 14, found 5"],
    ['tags.flag < true', 12, 'true', "'tags.flag' is text and sorts as text; expected a quoted string"],
    ['tags.flag in (true)', 14, 'true', 'expected a quoted string at position 14, found true; true and false compare only with = or != on tags and properties'],
    ['name = true', 7, 'true', 'expected a quoted string at position 7, found true'],
  ])('%j fails at %i', (input, position, token, message) => {
    const error = errorOf(input);
    expect(error.message).toContain(message);
    expect(error.position).toBe(position);
    expect(error.token).toBe(token);
  });
});

describe('parseOrderBy errors', () => {
  it.each([
    ['metrics.mse desc desc', 17, 'desc', "expected 'asc', 'desc', ',' or the end of the order-by at position 17, found 'desc'"],
    ['metrics.mse up', 12, 'up', "expected 'asc', 'desc', ',' or the end of the order-by at position 12, found 'up'"],
    ['created,', 8, '', 'expected a field to order by at position 8, found end of input'],
    [', created', 0, ',', "expected a field to order by at position 0, found ','"],
    ['desc', 0, 'desc', "expected a field to order by at position 0, found 'desc'"],
    ["'created'", 0, "'created'", "expected a field to order by at position 0, found 'created'"],
    ['metrix.mse', 0, 'metrix.mse', "unknown field 'metrix.mse' at position 0; known fields are metrics.<name>"],
    ['created, CREATED desc', 9, 'CREATED', "'CREATED' at position 9 is already in the order-by"],
    ['name, display_name', 6, 'display_name', "'display_name' at position 6 is already in the order-by"],
    ['metrics.a, metrics.`a`', 11, 'metrics.`a`', "'metrics.`a`' at position 11 is already in the order-by"],
  ])('%j fails at %i', (input, position, token, message) => {
    const error = errorOf(input, parseOrderBy);
    expect(error.message).toContain(message);
    expect(error.position).toBe(position);
    expect(error.token).toBe(token);
  });
});
