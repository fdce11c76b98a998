/**
 * Writes `rows` with `write` a slice at a time, each slice awaited before the next. IndexedDB
 * clones every record on the calling thread when it is put, so one `bulkAdd` of 100,000
 * annotations held the window for seconds; in slices, each slice is one short task, and the
 * next starts from the success event of the one before, so the transaction stays open while the
 * window gets its turns in between.
 */
export async function writeInSlices<T>(
  rows: readonly T[],
  size: number,
  write: (slice: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}
