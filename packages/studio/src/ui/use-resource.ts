/** Loading data for a component: the latest answer or error, reloaded on demand or every few seconds while visible. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { poll } from './poll.js';

/** What a component sees of data it loads. */
export interface Resource<T> {
  data: T | undefined;
  /** The last load's error; earlier data stays shown beside it. */
  error: unknown;
  reload(): Promise<void>;
}

/** Options: `every` ms to refresh while the page is visible, and only while `live(data)` says it may change. */
export interface ResourceOptions<T> {
  every?: number;
  live?: (data: T) => boolean;
  /** Keep showing the last data while a load for new `deps` runs (a finer series for a zoom). */
  keep?: boolean;
}

/** Loads `load()` when `deps` change (answers of an older load are dropped) and refreshes it as asked. */
export function useResource<T>(load: () => Promise<T>, deps: unknown[], options: ResourceOptions<T> = {}): Resource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown }>({ data: undefined, error: undefined });
  const latest = useRef({ load, options, data: undefined as T | undefined, generation: 0 });
  latest.current.load = load;
  latest.current.options = options;
  const reload = useCallback(async () => {
    const mine = latest.current.generation;
    try {
      const data = await latest.current.load();
      if (mine !== latest.current.generation) return;
      latest.current.data = data;
      setState({ data, error: undefined });
    } catch (error) {
      if (mine === latest.current.generation) setState((s) => ({ data: s.data, error }));
    }
  }, []);
  useEffect(() => {
    latest.current.generation++;
    if (!latest.current.options.keep) {
      latest.current.data = undefined;
      setState({ data: undefined, error: undefined });
    }
    void reload();
    const { every } = latest.current.options;
    if (!every) return;
    return poll(async () => {
      const { data, options: o } = latest.current;
      if (data === undefined || !o.live || o.live(data)) await reload();
    }, every);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return { ...state, reload };
}
