/**
 * The recursive-descent parser of run filters and order-by lists:
 *
 *   filter    := or
 *   or        := and ('or' and)*
 *   and       := not ('and' not)*
 *   not       := 'not' not | '(' or ')' | predicate
 *   predicate := field ( op value | ['not'] 'in' '(' value (',' value)* ')' | ['not'] 'like' string
 *                      | ['not'] 'exists' | 'is' ['not'] 'null' )
 *   orderBy   := field ['asc' | 'desc'] (',' field ['asc' | 'desc'])*
 *
 * Keywords ignore case. Values are type-checked against their field as they are read.
 */
import type { ComparisonOperator, Field, Filter, OrderTerm, Predicate } from './ast.js';
import { Cursor, isKeyword } from './cursor.js';
import { describeToken } from './errors.js';
import { fieldIdentity, resolveField } from './fields.js';
import type { Token } from './tokenize.js';
import { type CheckedOperator, type Literal, checkOperator, checkValue } from './values.js';

/** A field as parsed, with its token for messages. */
interface FieldAt {
  field: Field;
  token: Token;
}

const reserved = ['and', 'or', 'in', 'like', 'exists', 'is', 'null', 'true', 'false'];
const operatorHint = '; use =, !=, <, <=, >, >=, in, like, exists or is null';

/** Parses a filter expression into its AST; an empty or blank filter gives undefined, meaning no filter. */
export function parseFilter(input: string): Filter | undefined {
  const cursor = new Cursor(input);
  if (cursor.peek().kind === 'end') return undefined;
  const filter = parseOr(cursor);
  if (cursor.peek().kind === ')') cursor.fail(`unmatched ')' at position ${cursor.peek().position}`, cursor.peek());
  if (cursor.peek().kind !== 'end') cursor.expected("'and', 'or' or the end of the filter");
  return filter;
}

function parseOr(cursor: Cursor): Filter {
  const operands = [parseAnd(cursor)];
  while (cursor.atKeyword(['or'])) {
    cursor.next();
    operands.push(parseAnd(cursor));
  }
  return operands.length === 1 ? operands[0]! : { kind: 'or', operands };
}

function parseAnd(cursor: Cursor): Filter {
  const operands = [parseNot(cursor)];
  while (cursor.atKeyword(['and'])) {
    cursor.next();
    operands.push(parseNot(cursor));
  }
  return operands.length === 1 ? operands[0]! : { kind: 'and', operands };
}

function parseNot(cursor: Cursor): Filter {
  if (cursor.atKeyword(['not'])) {
    cursor.next();
    return { kind: 'not', operand: parseNot(cursor) };
  }
  if (cursor.peek().kind === '(') return parseGroup(cursor);
  const token = cursor.peek();
  if (token.kind !== 'word' || isKeyword(token, reserved)) cursor.expected("a field, 'not' or '('");
  return parsePredicate(cursor, { field: resolveField(token, cursor.input), token: cursor.next() });
}

function parseGroup(cursor: Cursor): Filter {
  const open = cursor.next();
  const filter = parseOr(cursor);
  const close = cursor.next();
  if (close.kind === ')') return filter;
  const found = describeToken(close.text);
  const message = `expected ')' at position ${close.position} to close the '(' at position ${open.position}, found ${found}`;
  return cursor.fail(message, close);
}

function parsePredicate(cursor: Cursor, at: FieldAt): Filter {
  const token = cursor.peek();
  if (token.kind === 'operator') return parseComparison(cursor, at);
  if (isKeyword(token, ['in'])) return parseIn(cursor, at);
  if (isKeyword(token, ['like'])) return parseLike(cursor, at);
  if (isKeyword(token, ['is'])) return parseIsNull(cursor, at);
  if (isKeyword(token, ['exists'])) {
    cursor.next();
    return { kind: 'exists', field: at.field };
  }
  if (isKeyword(token, ['not'])) return parseNegatedPredicate(cursor, at);
  return cursor.expected(`a comparison operator after '${at.token.text}'`, token, operatorHint);
}

/** `field not in (…)`, `field not like …`, `field not exists`. */
function parseNegatedPredicate(cursor: Cursor, at: FieldAt): Filter {
  const not = cursor.next();
  if (!cursor.atKeyword(['in', 'like', 'exists'])) cursor.expected(`'in', 'like' or 'exists' after '${not.text}'`);
  return { kind: 'not', operand: parsePredicate(cursor, at) };
}

function parseComparison(cursor: Cursor, at: FieldAt): Filter {
  const opToken = cursor.next();
  const op: ComparisonOperator = opToken.text === '<>' ? '!=' : (opToken.text as ComparisonOperator);
  if (cursor.atKeyword(['null'])) return compareWithNull(cursor, at, opToken);
  const context = { field: at.field, fieldText: at.token.text, op, input: cursor.input };
  checkOperator(context, opToken.position, opToken.text);
  const value = checkValue(context, parseLiteral(cursor, opToken));
  return { kind: 'compare', field: at.field, op, value };
}

/** `= null` and `!= null` mean `is null` and `is not null`; nothing else compares with null. */
function compareWithNull(cursor: Cursor, at: FieldAt, opToken: Token): Filter {
  const nullToken = cursor.next();
  const isNull: Predicate = { kind: 'isNull', field: at.field };
  if (opToken.text === '=') return isNull;
  if (opToken.text === '!=' || opToken.text === '<>') return { kind: 'not', operand: isNull };
  return cursor.expected(`a value after '${opToken.text}' (null compares only with = and !=)`, nullToken);
}

function parseIn(cursor: Cursor, at: FieldAt): Filter {
  const inToken = cursor.next();
  if (cursor.peek().kind !== '(') cursor.expected(`'(' after '${inToken.text}'`);
  let previous = cursor.next();
  const context = { field: at.field, fieldText: at.token.text, op: 'in' as CheckedOperator, input: cursor.input };
  const values = [];
  for (;;) {
    values.push(checkValue(context, parseLiteral(cursor, previous)));
    previous = cursor.next();
    if (previous.kind === ')') return { kind: 'in', field: at.field, values };
    if (previous.kind !== ',') cursor.expected(`',' or ')' in the list after '${inToken.text}'`, previous);
  }
}

function parseLike(cursor: Cursor, at: FieldAt): Filter {
  const likeToken = cursor.next();
  const context = { field: at.field, fieldText: at.token.text, op: 'like' as CheckedOperator, input: cursor.input };
  checkOperator(context, likeToken.position, likeToken.text);
  const pattern = cursor.peek();
  if (pattern.kind !== 'string') cursor.expected(`a quoted pattern after '${likeToken.text}'`);
  cursor.next();
  return { kind: 'like', field: at.field, pattern: pattern.value };
}

function parseIsNull(cursor: Cursor, at: FieldAt): Filter {
  const isToken = cursor.next();
  const negated = cursor.atKeyword(['not']);
  if (negated) cursor.next();
  if (!cursor.atKeyword(['null'])) cursor.expected(`'null' or 'not null' after '${isToken.text}'`);
  cursor.next();
  const isNull: Predicate = { kind: 'isNull', field: at.field };
  return negated ? { kind: 'not', operand: isNull } : isNull;
}

/** A number, quoted string, `true` or `false`; `after` names the token it follows in messages. */
function parseLiteral(cursor: Cursor, after: Token): Literal {
  const token = cursor.next();
  const { text, position } = token;
  if (token.kind === 'number') return { kind: 'number', value: token.value, text, position };
  if (token.kind === 'string') return { kind: 'string', value: token.value, text, position };
  if (isKeyword(token, ['true', 'false'])) return { kind: 'boolean', value: text.toLowerCase() === 'true', text, position };
  const hint = token.kind === 'word' ? `; quote text values, as in '${text}'` : '';
  return cursor.expected(`a value after '${after.text}'`, token, hint);
}

/**
 * Parses an order-by list such as `metrics.mse desc, created`. Every term sorts ascending unless
 * followed by `desc`, metrics included; an empty list gives []. Naming a field twice is an error.
 */
export function parseOrderBy(input: string): OrderTerm[] {
  const cursor = new Cursor(input);
  const terms: OrderTerm[] = [];
  if (cursor.peek().kind === 'end') return terms;
  for (;;) {
    terms.push(parseOrderTerm(cursor, terms));
    const token = cursor.next();
    if (token.kind === 'end') return terms;
    if (token.kind !== ',') cursor.expected("'asc', 'desc', ',' or the end of the order-by", token);
  }
}

function parseOrderTerm(cursor: Cursor, earlier: OrderTerm[]): OrderTerm {
  const token = cursor.peek();
  if (token.kind !== 'word' || isKeyword(token, ['asc', 'desc'])) cursor.expected('a field to order by');
  const field = resolveField(token, cursor.input);
  if (earlier.some((term) => fieldIdentity(term.field) === fieldIdentity(field))) {
    cursor.fail(`'${token.text}' at position ${token.position} is already in the order-by`, token);
  }
  cursor.next();
  if (!cursor.atKeyword(['asc', 'desc'])) return { field, direction: 'asc' };
  return { field, direction: cursor.next().text.toLowerCase() === 'desc' ? 'desc' : 'asc' };
}
