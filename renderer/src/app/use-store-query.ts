import { useEffect, useState, type DependencyList } from 'react';
import { db } from '../db';
import { onStoreChange, touches, type FeedTable } from '../db/changes';

/**
 * The result of a read of the store, kept current from the store's change feed: read when the
 * component mounts and when `deps` change, and read again after any committed change (this
 * window's or another's) to one of `tables`. `undefined` until the first read finishes. A slower
 * read never overwrites a newer one.
 */
export function useStoreQuery<T>(
  query: () => Promise<T> | T,
  deps: DependencyList,
  tables: readonly FeedTable[],
): T | undefined {
  const [state, setState] = useState<{ deps: DependencyList; value: T } | undefined>(undefined);
  useEffect(() => {
    let latest = 0;
    let stopped = false;
    const run = () => {
      const mine = ++latest;
      Promise.resolve()
        .then(query)
        .then(
          (value) => {
            if (!stopped && mine === latest) setState({ deps, value });
          },
          (err: unknown) => console.error('A store read failed:', err),
        );
    };
    run();
    const stop = onStoreChange(db, (change) => {
      if (touches(change, tables)) run();
    });
    return () => {
      stopped = true;
      stop();
    };
    // The query is re-made on every render; `deps` say when it reads something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tables.join(',')]);
  // A result read for other deps is not shown for these (as useLiveQuery does, until re-read).
  return state && sameDeps(state.deps, deps) ? state.value : undefined;
}

function sameDeps(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}
