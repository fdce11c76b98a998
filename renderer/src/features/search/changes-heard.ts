/**
 * The store's changes a context has heard lately, by their stamps (`StoreChange.stamp`), and
 * waits for one not heard yet. The search worker hears the feed over its own channel, while the
 * window's search requests come by another: a search asked right after an edit can arrive first,
 * and waits for the edit so that its results hold it — at most `waitMs`, should that change never
 * come (a channel closed meanwhile): then the search answers with what it has.
 */
export class ChangesHeard {
  private readonly heard = new Set<string>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(
    private readonly kept = 2000,
    private readonly waitMs = 2000,
  ) {}

  /** Notes a change heard (after queueing whatever it asks of this context). */
  hear(stamp: string | undefined): void {
    if (!stamp) return;
    this.heard.add(stamp);
    if (this.heard.size > this.kept) this.heard.delete(this.heard.values().next().value!);
    for (const done of this.waiting.get(stamp) ?? []) done();
  }

  /** Resolves once the change `stamp` (null: none) has been heard, or after `waitMs`. */
  waitFor(stamp: string | null): Promise<void> {
    if (!stamp || this.heard.has(stamp)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        const rest = (this.waiting.get(stamp) ?? []).filter((d) => d !== done);
        if (rest.length) this.waiting.set(stamp, rest);
        else this.waiting.delete(stamp);
        resolve();
      };
      const timer = setTimeout(done, this.waitMs);
      this.waiting.set(stamp, [...(this.waiting.get(stamp) ?? []), done]);
    });
  }
}
