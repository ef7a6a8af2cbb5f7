/**
 * Type-checks right-hand values against their field at parse time, so a bad filter fails with a
 * message pointing at the value instead of matching nothing or failing in SQL.
 */
import { runStatuses } from '@cairn/api';
import type { Field, Value } from './ast.js';
import { FilterError } from './errors.js';
import { fieldType } from './fields.js';

/** A literal as written: where it is and what it holds, before it is checked against its field. */
export type Literal =
  | { kind: 'number'; value: number; text: string; position: number }
  | { kind: 'string'; value: string; text: string; position: number }
  | { kind: 'boolean'; value: boolean; text: string; position: number };

/** The operator a value is checked for; `in` checks each listed value. `like` patterns are only checked by `checkOperator`. */
export type CheckedOperator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'like';

/** Where a value sits: the field, the field as written, the operator, and the whole input. */
export interface ValueContext {
  field: Field;
  fieldText: string;
  op: CheckedOperator;
  input: string;
}

const ordering = new Set<CheckedOperator>(['<', '<=', '>', '>=']);

/** Throws FilterError when `op` cannot apply to the field at all (ordering statuses, `like` on numbers or times). */
export function checkOperator(context: ValueContext, opPosition: number, opText: string): void {
  const type = fieldType(context.field);
  const orderingStatus = type === 'status' && ordering.has(context.op);
  const likeNonText = context.op === 'like' && (type === 'number' || type === 'time');
  if (!orderingStatus && !likeNonText) return;
  const allowed = orderingStatus ? "=, !=, in or like" : '=, !=, <, <=, >, >=, in or exists';
  const message = `'${context.fieldText}' is ${type === 'status' ? 'a status' : describeType(type)}; ` +
    `expected one of ${allowed} at position ${opPosition}, found '${opText}'`;
  throw new FilterError(message, opPosition, opText, context.input);
}

/** The checked, normalized value of `literal` for the field in `context`; throws FilterError when it does not fit. */
export function checkValue(context: ValueContext, literal: Literal): Value {
  switch (fieldType(context.field)) {
    case 'number':
      return checkNumber(context, literal);
    case 'time':
      return checkTime(context, literal);
    case 'status':
      return checkStatus(context, literal);
    case 'text':
      return checkText(context, literal);
  }
}

function describeType(type: 'number' | 'time' | 'text'): string {
  return { number: 'numeric', time: 'a time', text: 'text' }[type];
}

/** Throws `<reason>expected <what> at position <p>, found <value><hint>`, pointing at the literal. */
function fail(context: ValueContext, literal: Literal, what: string, reason = '', hint = ''): never {
  const message = `${reason}expected ${what} at position ${literal.position}, found ${literal.text}${hint}`;
  throw new FilterError(message, literal.position, literal.text, context.input);
}

function checkNumber(context: ValueContext, literal: Literal): number {
  if (literal.kind === 'number') return literal.value;
  return fail(context, literal, 'a number', `'${context.fieldText}' is numeric; `);
}

function checkTime(context: ValueContext, literal: Literal): number {
  if (literal.kind === 'number') return literal.value;
  const ms = literal.kind === 'string' ? parseIsoTime(literal.value) : undefined;
  if (ms !== undefined) return ms;
  const example = "an ISO-8601 datetime in quotes, such as '2024-05-01T12:00:00Z',";
  return fail(context, literal, example, `'${context.fieldText}' is a time; `);
}

function checkStatus(context: ValueContext, literal: Literal): string {
  const wanted = literal.kind === 'string' ? literal.value.toLowerCase() : undefined;
  const status = runStatuses.find((candidate) => candidate.toLowerCase() === wanted);
  if (status !== undefined) return status;
  return fail(context, literal, `a run status (${runStatuses.join(', ')})`);
}

function checkText(context: ValueContext, literal: Literal): Value {
  if (literal.kind === 'string') return literal.value;
  if (ordering.has(context.op)) return fail(context, literal, 'a quoted string', `'${context.fieldText}' is text and sorts as text; `);
  if (literal.kind === 'number') return literal.text;
  const keyed = context.field.kind === 'tag' || context.field.kind === 'property';
  if (keyed && context.op !== 'in') return literal.value;
  return fail(context, literal, 'a quoted string', '', '; true and false compare only with = or != on tags and properties');
}

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** Epoch milliseconds of an ISO-8601 date or datetime, or undefined if it is not one; no offset means UTC. */
export function parseIsoTime(text: string): number | undefined {
  const match = isoPattern.exec(text.trim());
  if (match === null) return undefined;
  const parts = match.slice(1, 7).map((part) => Number(part ?? 0));
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  const fraction = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
  const offset = parseOffset(match[8]);
  if (offset === undefined || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as written; an impossible day rolls over and is caught below.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, fraction);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.getTime() - offset;
}

/** The offset in milliseconds of `Z`, `+02:00` or `-0530`; none means UTC. */
function parseOffset(text: string | undefined): number | undefined {
  if (text === undefined || text.toUpperCase() === 'Z') return 0;
  const digits = text.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return undefined;
  return (text.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}
