/**
 * 250 runs with many ties (ten per creation time, five tag values, thirteen metric values) and
 * missing values, and the order a search must return them in, computed here independently of SQL.
 */
export interface PagingRun {
  id: string;
  name: string;
  createdAt: number;
  bucket: string | undefined;
  /** undefined: no metric; null: a latest value that is not a number. */
  score: number | null | undefined;
}

export const pagingBase = Date.parse('2024-06-01T00:00:00Z');

/** The runs, by index. */
export const pagingRuns: PagingRun[] = Array.from({ length: 250 }, (_, i) => ({
  id: `p${String(i).padStart(3, '0')}`,
  name: `n${String(i % 20).padStart(2, '0')}`,
  createdAt: pagingBase + Math.floor(i / 10) * 1000,
  bucket: i % 7 === 0 ? undefined : `b${i % 5}`,
  score: i % 4 === 0 ? undefined : i % 11 === 0 ? null : (i % 13) / 10,
}));

type Key = (run: PagingRun) => string | number | null | undefined;
const keys: Record<string, Key> = {
  'tags.bucket': (run) => run.bucket,
  'metrics.score': (run) => run.score,
  name: (run) => run.name,
  created: (run) => run.createdAt,
};

/** The ids in the order `orderBy` (terms of `keys`, `asc`/`desc`) gives: missing values last, then newest first, then id descending. */
export function expectedOrder(runs: PagingRun[], orderBy: string): string[] {
  const terms = orderBy === '' ? [] : orderBy.split(',').map((term) => {
    const [field, direction] = term.trim().split(/\s+/);
    return { key: keys[field!]!, sign: direction === 'desc' ? -1 : 1 };
  });
  const compare = (a: PagingRun, b: PagingRun): number => {
    for (const { key, sign } of terms) {
      const [x, y] = [key(a) ?? null, key(b) ?? null];
      if (x === y) continue;
      if (x === null || y === null) return x === null ? 1 : -1;
      return (x < y ? -1 : 1) * sign;
    }
    return b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1);
  };
  return [...runs].sort(compare).map((run) => run.id);
}
