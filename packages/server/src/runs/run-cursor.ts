/**
 * Opaque page cursors: base64url JSON of the last row's sort keys, the search they belong to and
 * the `now` the first page was computed with (so durations of unfinished runs sort the same on
 * every page).
 */
import { createHash } from 'node:crypto';
import { InputError } from '@cairn/api';
import type { SortKey } from './run-store.js';

export interface CursorPosition {
  now: number;
  keys: SortKey[];
}

// JSON has no NaN or ±Infinity; a metric's latest value can be one of them in PostgreSQL.
type WireKey = string | number | null | { x: 'NaN' | 'Infinity' | '-Infinity' };

/** A fingerprint of what a search selects and how it sorts; a cursor only continues the same search. */
export function searchScope(parts: readonly (string | undefined)[]): string {
  return createHash('sha256').update(JSON.stringify(parts.map((part) => part ?? null))).digest('base64url').slice(0, 16);
}

/** The cursor of the page that starts after the row with `keys`. */
export function encodeCursor(scope: string, position: CursorPosition): string {
  const wire = { v: 1, s: scope, n: position.now, k: position.keys.map(toWire) };
  return Buffer.from(JSON.stringify(wire)).toString('base64url');
}

/** The position a cursor holds; INVALID_INPUT when it is malformed or belongs to another search. */
export function decodeCursor(cursor: string, scope: string, keyCount: number): CursorPosition {
  let wire: { v?: unknown; s?: unknown; n?: unknown; k?: unknown };
  try {
    wire = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('it is not a cursor this server made');
  }
  if (wire?.v !== 1 || typeof wire.n !== 'number' || !Array.isArray(wire.k) || wire.k.length !== keyCount || !wire.k.every(isWireKey)) {
    throw badCursor('it is not a cursor this server made');
  }
  if (wire.s !== scope) throw badCursor('it belongs to a search with another experiment, filter, order-by or children setting');
  return { now: wire.n, keys: (wire.k as WireKey[]).map(fromWire) };
}

function badCursor(why: string): InputError {
  return new InputError('INVALID_INPUT', `invalid cursor: ${why}; pass the nextCursor of the previous page with the same query, or no cursor to start over`);
}

function toWire(key: SortKey): WireKey {
  if (typeof key === 'number' && !Number.isFinite(key)) return { x: Number.isNaN(key) ? 'NaN' : key > 0 ? 'Infinity' : '-Infinity' };
  return key;
}

function fromWire(key: WireKey): SortKey {
  return key !== null && typeof key === 'object' ? Number(key.x) : key;
}

function isWireKey(key: unknown): key is WireKey {
  if (key === null || typeof key === 'string' || typeof key === 'number') return true;
  const x = (key as { x?: unknown } | undefined)?.x;
  return typeof key === 'object' && (x === 'NaN' || x === 'Infinity' || x === '-Infinity');
}
