/**
 * The typed syntax tree of the run filter language. Values are already checked against their
 * field and normalized by the parser (times are epoch milliseconds, statuses are canonical), so the
 * compiler never has to reject anything.
 */

/** Run attributes a filter or order-by may name; `name`/`run_id` are parsed to these canonical names. */
export type Attribute =
  | 'status'
  | 'display_name'
  | 'experiment'
  | 'number'
  | 'created'
  | 'started'
  | 'ended'
  | 'duration'
  | 'id'
  | 'parent'
  | 'compute';

/** What a filter compares: the latest value of a metric, a tag, a property or a run attribute. */
export type Field =
  | { kind: 'metric'; name: string }
  | { kind: 'tag'; key: string }
  | { kind: 'property'; key: string }
  | { kind: 'attribute'; name: Attribute };

export type ComparisonOperator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * A checked right-hand value. Booleans only reach tags and properties (matched as the text
 * `true`/`false`, ignoring case); numbers on text fields have become their text as written.
 */
export type Value = string | number | boolean;

export interface Comparison {
  kind: 'compare';
  field: Field;
  op: ComparisonOperator;
  value: Value;
}

export interface InList {
  kind: 'in';
  field: Field;
  values: Value[];
}

/** SQL LIKE, case-insensitive on every database; `\` escapes `%` and `_`. */
export interface Like {
  kind: 'like';
  field: Field;
  pattern: string;
}

/** The field is present: a tag, property or metric is set, or an attribute is not null. */
export interface Exists {
  kind: 'exists';
  field: Field;
}

/** The field has no value: absent, or present with a null value. */
export interface IsNull {
  kind: 'isNull';
  field: Field;
}

export interface And {
  kind: 'and';
  operands: Filter[];
}

export interface Or {
  kind: 'or';
  operands: Filter[];
}

export interface Not {
  kind: 'not';
  operand: Filter;
}

export type Predicate = Comparison | InList | Like | Exists | IsNull;

export type Filter = And | Or | Not | Predicate;

export type SortDirection = 'asc' | 'desc';

export interface OrderTerm {
  field: Field;
  direction: SortDirection;
}
