/** The replies every question-and-answer worker sends besides its answers. */
type BaseReply = { type: 'changed' } | { type: 'error'; seq: number | null; message: string };

type Waiting = { resolve(value: never): void; reject(err: Error): void };

/**
 * The page's side of a worker asked questions by sequence number (the library list's and the
 * table's): `ask` posts a request with a fresh `seq` and resolves with the value `answer` takes
 * out of the reply bearing it; an error reply with that `seq` rejects it; an error with no `seq`
 * (the worker itself failed) and `changed` tell the `onChanged` listeners. `name` words the
 * errors ("The table is closed.").
 */
export abstract class WorkerClient<
  Request extends { type: string },
  Reply extends { type: string; seq?: number | null },
> {
  private worker: Worker | null = null;
  private seq = 0;
  private readonly waiting = new Map<number, Waiting>();
  private readonly changedListeners = new Set<() => void>();
  /** The worker's own failure, when it reported one. */
  error: string | null = null;

  constructor(private readonly name: string) {}

  /** The value a reply to a question carries. */
  protected abstract answer(reply: Reply): unknown;

  get started(): boolean {
    return this.worker !== null;
  }

  /** Takes `worker` on (once) and posts it `first`; false when a worker was already started. */
  protected start(make: () => Worker, first: Request): boolean {
    if (this.worker) return false;
    this.error = null;
    this.worker = make();
    this.worker.addEventListener('message', (event: MessageEvent<Reply | BaseReply>) =>
      this.receive(event.data),
    );
    this.post(first);
    return true;
  }

  protected post(request: Request): void {
    if (!this.worker) throw new Error(`${this.name} is closed.`);
    this.worker.postMessage(request);
  }

  /** Handles a reply; a subclass may take its own kinds first and hand the rest on here. */
  protected receive(reply: Reply | BaseReply): void {
    const base = reply as BaseReply;
    if (base.type === 'changed' || (base.type === 'error' && base.seq === null)) {
      if (base.type === 'error') this.error = base.message;
      for (const listener of this.changedListeners) listener();
      return;
    }
    const seq = (reply as { seq?: number | null }).seq!;
    const waiting = this.waiting.get(seq);
    this.waiting.delete(seq);
    if (!waiting) return;
    if (base.type === 'error') waiting.reject(new Error(base.message));
    else waiting.resolve(this.answer(reply as Reply) as never);
  }

  protected ask<T>(make: (seq: number) => Request): Promise<T> {
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      if (!this.worker) {
        reject(new Error(`${this.name} is closed.`));
        return;
      }
      this.waiting.set(seq, { resolve: resolve as (value: never) => void, reject });
      this.post(make(seq));
    });
  }

  onChanged(listener: () => void): () => void {
    this.changedListeners.add(listener);
    return () => void this.changedListeners.delete(listener);
  }

  /** Ends the worker; questions still waiting are rejected. */
  protected stop(): void {
    this.worker?.terminate();
    this.worker = null;
    for (const w of this.waiting.values()) w.reject(new Error(`${this.name} was closed.`));
    this.waiting.clear();
  }
}
