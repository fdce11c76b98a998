import type { Page } from '@playwright/test';

/**
 * Every record of the named object stores of the page's library, straight from IndexedDB (no app
 * code in between), in key order; binary fields become `{ bytes: number[] }` so that dumps compare
 * with `toEqual`.
 */
export async function dumpStores<N extends string>(
  page: Page,
  names: readonly N[],
): Promise<Record<N, unknown[]>> {
  return page.evaluate(
    (names) =>
      new Promise<Record<string, unknown[]>>((resolve, reject) => {
        const open = indexedDB.open('gloss');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const idb = open.result;
          const tx = idb.transaction([...names], 'readonly');
          const out: Record<string, unknown[]> = {};
          const plain = (v: unknown): unknown =>
            v instanceof Uint8Array
              ? { bytes: Array.from(v) }
              : Array.isArray(v)
                ? v.map(plain)
                : v && typeof v === 'object'
                  ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
                  : v;
          for (const n of names) {
            const req = tx.objectStore(n).getAll();
            req.onsuccess = () => (out[n] = req.result.map(plain));
          }
          tx.oncomplete = () => {
            idb.close();
            resolve(out);
          };
        };
      }),
    [...names],
  ) as Promise<Record<N, unknown[]>>;
}

/** The value of one `meta` setting of the page's library, straight from IndexedDB. */
export async function readMeta(page: Page, key: string): Promise<unknown> {
  return page.evaluate(
    (key) =>
      new Promise<unknown>((resolve, reject) => {
        const open = indexedDB.open('gloss');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const idb = open.result;
          const req = idb.transaction('meta', 'readonly').objectStore('meta').get(key);
          req.onsuccess = () => {
            idb.close();
            resolve((req.result as { value: unknown } | undefined)?.value);
          };
        };
      }),
    key,
  );
}

/** How many records the named object store of the page's library holds, straight from IndexedDB. */
export async function countStore(page: Page, name: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('gloss');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(name).objectStore(name).count();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result);
          };
          req.onerror = () => reject(req.error);
        };
      }),
    name,
  );
}
