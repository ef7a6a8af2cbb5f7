/** Schemas shared by several concepts. */
import { z } from 'zod';
import { nameSchema } from './names.js';

/** Epoch milliseconds. */
export const Time = z.number().describe('epoch milliseconds');

/**
 * A number on the wire. JSON has no NaN or ±Infinity, so those travel as the strings
 * "NaN", "Infinity" and "-Infinity" and are stored and returned as such.
 */
export const WireNumber = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])]);
export type WireNumber = z.infer<typeof WireNumber>;

/** A metric cell: a number (see WireNumber), a string, a boolean or null. */
export const Cell = z.union([z.number(), z.string().max(4096), z.boolean(), z.null()]);
export type Cell = z.infer<typeof Cell>;

/** Turns a wire cell into its value: the strings "NaN", "Infinity", "-Infinity" become numbers. */
export function cellFromWire(cell: Cell): number | string | boolean | null {
  if (cell === 'NaN') return Number.NaN;
  if (cell === 'Infinity') return Number.POSITIVE_INFINITY;
  if (cell === '-Infinity') return Number.NEGATIVE_INFINITY;
  return cell;
}

/** Turns a value into its wire form: non-finite numbers become strings. */
export function cellToWire(value: number | string | boolean | null): Cell {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  return value;
}

export const WorkspaceParams = z.object({ workspace: nameSchema('workspace') });

/** Cursor pagination: `cursor` from the previous page's `nextCursor`. */
export const PageQuery = z.object({
  top: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(2048).optional(),
});

/** A page of items and the cursor of the next page (absent on the last page). */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional() });
}

export const StringMap = z.record(z.string(), z.string().nullable());
