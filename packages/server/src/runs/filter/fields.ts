/**
 * The fields a filter or order-by may name, and how their values are typed. Field prefixes and
 * attribute names ignore case; tag, property and metric keys do not.
 */
import type { Attribute, Field } from './ast.js';
import { FilterError } from './errors.js';
import type { Token } from './tokenize.js';

/** How a field's values are typed: `time` values are epoch milliseconds, `status` is text from a fixed set. */
export type FieldType = 'number' | 'time' | 'text' | 'status';

type WordToken = Extract<Token, { kind: 'word' }>;
type KeyedKind = Exclude<Field['kind'], 'attribute'>;

// Maps, not object literals, so a field named `constructor` or `__proto__` finds nothing.
const prefixes = new Map<string, KeyedKind>([['metrics', 'metric'], ['tags', 'tag'], ['properties', 'property'], ['props', 'property']]);
const keyNames: Record<KeyedKind, string> = { metric: 'metric name', tag: 'tag key', property: 'property key' };

const attributes = new Map<string, Attribute>([
  ['status', 'status'], ['name', 'display_name'], ['display_name', 'display_name'], ['experiment', 'experiment'],
  ['number', 'number'], ['created', 'created'], ['started', 'started'], ['ended', 'ended'], ['duration', 'duration'],
  ['run_id', 'id'], ['id', 'id'], ['parent', 'parent'], ['compute', 'compute'],
]);

const attributeTypes: Record<Attribute, FieldType> = {
  status: 'status', display_name: 'text', experiment: 'text', number: 'number', created: 'time',
  started: 'time', ended: 'time', duration: 'number', id: 'text', parent: 'text', compute: 'text',
};

/** Every field a user may name, for error messages. */
export const knownFields =
  'metrics.<name>, tags.<key>, properties.<key> (or props.<key>), ' + [...attributes.keys()].join(', ');

/** The field a word token names; throws FilterError listing the known fields when it names none. */
export function resolveField(token: WordToken, input: string): Field {
  const head = token.head.toLowerCase();
  const keyed = prefixes.get(head);
  if (keyed !== undefined) return keyedField(keyed, token, input);
  const attribute = attributes.get(head);
  if (attribute !== undefined && token.key === undefined) return { kind: 'attribute', name: attribute };
  const message = `unknown field '${token.text}' at position ${token.position}; known fields are ${knownFields}`;
  throw new FilterError(message, token.position, token.text, input);
}

function keyedField(kind: KeyedKind, token: WordToken, input: string): Field {
  const key = token.key;
  if (key === undefined || key === '') {
    const message = `expected a ${keyNames[kind]} after '${token.head}.' at position ${token.position}, as in '${token.head}.<name>'`;
    throw new FilterError(message, token.position, token.text, input);
  }
  if (kind === 'metric') return { kind, name: key };
  return { kind, key };
}

/** How values of `field` are typed and compared. */
export function fieldType(field: Field): FieldType {
  if (field.kind === 'metric') return 'number';
  if (field.kind === 'attribute') return attributeTypes[field.name];
  return 'text';
}

/** A stable identity for a field, to spot a field named twice in one order-by. */
export function fieldIdentity(field: Field): string {
  if (field.kind === 'metric') return `metric:${field.name}`;
  if (field.kind === 'attribute') return `attribute:${field.name}`;
  return `${field.kind}:${field.key}`;
}
