import { onStoreChange, type StoreChange } from '../../db/changes';
import { GlossDB } from '../../db/db';
import {
  buildIndex,
  refreshDocs,
  storeIndex,
  wordMatcher,
  COUNT_CAP,
  type LibraryIndex,
  type SearchDoc,
  type SearchField,
} from '../../db/search-index';
import { quoteSelector, type Annotation } from '../../../../core/model';
import type { SearchHit, SearchReply, SearchRequest } from './protocol';
import { ChangesHeard } from './changes-heard';
import { SearchSession } from './search-session';
import { firstMatch, makeSnippet } from './snippet';

/**
 * The search worker: keeps the FlexSearch index of the whole library off the main thread. It is
 * opened at start-up but loads the index only for the first query (`SearchSession`: the stored
 * copy and the changes noted since the start, or a build when the copy is missing or outdated);
 * then applies changes as the app reports them, stores it again a little after the last change,
 * and rebuilds it in the background when replaced documents have made it wasteful.
 */
const reply = (message: SearchReply) => self.postMessage(message);
const SAVE_DELAY_MS = 2000;

let db: GlossDB | null = null;
let session: SearchSession | null = null;
/** Set while a background rebuild runs: the records changed meanwhile, applied to it after. */
let rebuilding: { articles: Set<string>; annotations: Set<string> } | null = null;
let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Changes are applied one batch at a time, in order. */
let changes: Promise<void> = Promise.resolve();

function scheduleSave(index: LibraryIndex): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    if (db) void storeIndex(db, index);
  }, SAVE_DELAY_MS);
}

/** Builds a fresh index from the database while the current one keeps answering; then swaps. */
function rebuildInBackground(): void {
  if (rebuilding || !db) return;
  const changed = { articles: new Set<string>(), annotations: new Set<string>() };
  rebuilding = changed;
  void buildIndex(db)
    .then(async (index) => {
      // Changes reported while it was built, until none come in while they are applied.
      while (changed.articles.size || changed.annotations.size) {
        const articles = [...changed.articles];
        const annotations = [...changed.annotations];
        changed.articles.clear();
        changed.annotations.clear();
        await refreshDocs(db!, index, articles, annotations);
      }
      session?.replace(index);
      scheduleSave(index);
    })
    .catch(() => {}) // the current index keeps answering; the next change tries again
    .finally(() => {
      rebuilding = null;
    });
}

const FIELD_ORDER: Record<SearchDoc['type'], SearchField[]> = {
  article: ['text', 'title'],
  annotation: ['quote', 'note', 'tags'],
};

async function search(
  index: LibraryIndex,
  query: string,
  limit: number,
): Promise<{ hits: SearchHit[]; total: number; indexMs: number }> {
  const t0 = performance.now();
  const { hits: top, total } = index.search(query, limit);
  const indexMs = performance.now() - t0;
  const matches = wordMatcher(query);
  const titles = session!.titles;
  const articleIds = top.filter((r) => r.type === 'article').map((r) => r.articleId);
  const annotationIds = top.filter((r) => r.type === 'annotation').map((r) => r.id.slice(2));
  const [bodies, annotations] = await Promise.all([
    db!.bodies.bulkGet(articleIds),
    db!.annotations.bulkGet(annotationIds),
  ]);
  const bodyOf = new Map(bodies.filter((b) => !!b).map((b) => [b.id, b]));
  const annotationOf = new Map(annotations.filter((a) => !!a).map((a) => [a.id, a]));
  const hits: SearchHit[] = [];
  for (const r of top) {
    const { type, articleId } = r;
    const annotationId = type === 'annotation' ? r.id.slice(2) : null;
    const sources: Partial<Record<SearchField, string>> = {};
    if (type === 'article') {
      sources.text = bodyOf.get(articleId)?.text ?? '';
      sources.title = titles.get(articleId) ?? '';
    } else {
      const a = annotationOf.get(annotationId!);
      if (!a) continue; // deleted since the index last heard
      sources.quote = quoteSelector(a).exact;
      sources.note = a.note;
      sources.tags = a.tags.join(' ');
    }
    // The excerpt comes from the first field, in the order shown, that holds a match.
    const field =
      FIELD_ORDER[type].find((f) => firstMatch(sources[f] ?? '', matches)) ?? FIELD_ORDER[type][0]!;
    const snippet = makeSnippet(sources[field] ?? '', matches);
    hits.push({
      id: r.id,
      type,
      articleId,
      annotationId,
      articleTitle: titles.get(articleId) ?? '',
      field,
      snippet: snippet?.text ?? '',
      marks: snippet?.marks ?? [],
      start: type === 'article' && field === 'text' && snippet ? snippet.start : null,
      end: type === 'article' && field === 'text' && snippet ? snippet.end : null,
      score: r.score,
    });
  }
  return { hits, total, indexMs };
}

/** The store's changes this worker has heard (a search waits for the window's last one). */
const heard = new ChangesHeard();

/** Indexes again the articles and annotations a committed change wrote. */
function changed(change: StoreChange): void {
  try {
    indexChange(change);
  } finally {
    heard.hear(change.stamp);
  }
}

function indexChange(change: StoreChange): void {
  if (!session) return;
  const articles = [...new Set([...(change.keys.articles ?? []), ...(change.keys.bodies ?? [])])];
  const annotations = change.keys.annotations ?? [];
  if (articles.length === 0 && annotations.length === 0) return;
  // Before the index is loaded, noted: the load applies them (see `SearchSession.note`).
  if (session.note(articles, annotations)) return;
  // Noted at once, so that an index being rebuilt also hears of it.
  if (rebuilding) {
    for (const id of articles) rebuilding.articles.add(id);
    for (const id of annotations) rebuilding.annotations.add(id);
  }
  // The records as the change wrote them: indexed without reading them back (a team sync's page).
  const written = change.annotations && new Map(change.annotations.map((w) => [w.id, w.value]));
  // A large change (an opened project: 10,000 articles, 100,000 annotations) in slices, in order.
  for (let i = 0; i < articles.length; i += SLICE) refresh(articles.slice(i, i + SLICE), [], null);
  for (let i = 0; i < annotations.length; i += SLICE) refresh([], annotations.slice(i, i + SLICE), written);
}

/** Records read and indexed at a time when a change is large. */
const SLICE = 5000;

function refresh(
  articles: string[],
  annotations: string[],
  written: ReadonlyMap<string, Annotation | null> | null,
): void {
  changes = changes
    .then(async () => {
      const index = await session!.index();
      const metas = await db!.articles.bulkGet(articles);
      articles.forEach((id, i) => {
        const m = metas[i];
        if (m) session!.titles.set(id, m.title || m.fileName);
        else session!.titles.delete(id);
      });
      await refreshDocs(db!, index, articles, annotations, written ?? undefined);
      if (index.wasteful) rebuildInBackground();
      scheduleSave(index);
    })
    .catch((err: unknown) =>
      reply({ type: 'status', state: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
}

self.addEventListener('message', (event: MessageEvent<SearchRequest>) => {
  const request = event.data;
  if (request.type === 'open') {
    db = new GlossDB(request.dbName);
    // Told of every committed change by the store's feed itself, from the window and every
    // worker alike (the records a change carried come with it): nothing goes through the window.
    onStoreChange(db, changed);
    session = new SearchSession(db, reply);
  } else if (request.type === 'search' && session) {
    void session
      .index()
      .then(async (index) => {
        await heard.waitFor(request.after);
        await changes;
        const t0 = performance.now();
        const { hits, total, indexMs } = await search(index, request.query, request.limit);
        reply({
          type: 'results',
          seq: request.seq,
          query: request.query,
          hits,
          total,
          capped: total >= COUNT_CAP,
          ms: performance.now() - t0,
          indexMs,
        });
      })
      .catch((err: unknown) =>
        reply({ type: 'status', state: 'error', message: err instanceof Error ? err.message : String(err) }),
      );
  }
});
