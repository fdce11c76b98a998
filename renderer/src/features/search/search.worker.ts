import type MiniSearch from 'minisearch';
import { GlossDB } from '../../db/db';
import {
  QUERY_OPTIONS,
  buildIndex,
  loadStoredIndex,
  refreshDocs,
  storeIndex,
  type SearchDoc,
  type SearchField,
} from '../../db/search-index';
import { quoteSelector } from '../../../../core/model';
import type { SearchHit, SearchReply, SearchRequest } from './protocol';
import { makeSnippet } from './snippet';

/**
 * The search worker: keeps the MiniSearch index of the whole library off the main thread,
 * loads it from the database at start (building it only when missing or outdated), applies
 * changes as the app reports them, and stores it again a little after the last change.
 */
const reply = (message: SearchReply) => self.postMessage(message);
const SAVE_DELAY_MS = 1000;

let db: GlossDB | null = null;
let ready: Promise<MiniSearch<SearchDoc>> | null = null;
let titles = new Map<string, string>();
let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Changes are applied one batch at a time, in order. */
let changes: Promise<void> = Promise.resolve();

async function open(name: string): Promise<MiniSearch<SearchDoc>> {
  db = new GlossDB(name);
  reply({ type: 'status', state: 'loading' });
  const metas = await db.articles.toArray();
  titles = new Map(metas.map((m) => [m.id, m.title || m.fileName]));
  let index = await loadStoredIndex(db);
  if (!index) {
    reply({ type: 'status', state: 'building', done: 0, total: 0 });
    index = await buildIndex(db, (done, total) => reply({ type: 'status', state: 'building', done, total }));
    await storeIndex(db, index);
  }
  reply({ type: 'status', state: 'ready' });
  return index;
}

function scheduleSave(index: MiniSearch<SearchDoc>): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    if (db) void storeIndex(db, index);
  }, SAVE_DELAY_MS);
}

const FIELD_ORDER: Record<SearchDoc['type'], SearchField[]> = {
  article: ['text', 'title'],
  annotation: ['quote', 'note', 'tags'],
};

async function search(
  index: MiniSearch<SearchDoc>,
  query: string,
  limit: number,
): Promise<{ hits: SearchHit[]; total: number }> {
  const results = index.search(query, QUERY_OPTIONS);
  const top = results.slice(0, limit);
  const articleIds = top.filter((r) => r.type === 'article').map((r) => r.articleId as string);
  const annotationIds = top.filter((r) => r.type === 'annotation').map((r) => (r.id as string).slice(2));
  const [bodies, annotations] = await Promise.all([
    db!.bodies.bulkGet(articleIds),
    db!.annotations.bulkGet(annotationIds),
  ]);
  const bodyOf = new Map(bodies.filter((b) => !!b).map((b) => [b.id, b]));
  const annotationOf = new Map(annotations.filter((a) => !!a).map((a) => [a.id, a]));
  const hits: SearchHit[] = [];
  for (const r of top) {
    const type = r.type as SearchDoc['type'];
    const articleId = r.articleId as string;
    const annotationId = type === 'annotation' ? (r.id as string).slice(2) : null;
    const matched = new Set(Object.values(r.match).flat() as SearchField[]);
    const field = FIELD_ORDER[type].find((f) => matched.has(f)) ?? FIELD_ORDER[type][0]!;
    let source: string;
    if (type === 'article')
      source = field === 'title' ? (titles.get(articleId) ?? '') : (bodyOf.get(articleId)?.text ?? '');
    else {
      const a = annotationOf.get(annotationId!);
      if (!a) continue; // deleted since the index last heard
      source = field === 'quote' ? quoteSelector(a).exact : field === 'note' ? a.note : a.tags.join(' ');
    }
    const snippet = makeSnippet(source, r.terms);
    hits.push({
      id: r.id as string,
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
  return { hits, total: results.length };
}

self.addEventListener('message', (event: MessageEvent<SearchRequest>) => {
  const request = event.data;
  if (request.type === 'open') {
    ready = open(request.dbName);
    ready.catch((err: unknown) =>
      reply({ type: 'status', state: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
  } else if (request.type === 'search' && ready) {
    void ready
      .then(async (index) => {
        await changes;
        const t0 = performance.now();
        const { hits, total } = await search(index, request.query, request.limit);
        reply({
          type: 'results',
          seq: request.seq,
          query: request.query,
          hits,
          total,
          ms: performance.now() - t0,
        });
      })
      .catch((err: unknown) =>
        reply({ type: 'status', state: 'error', message: err instanceof Error ? err.message : String(err) }),
      );
  } else if (request.type === 'changed' && ready) {
    changes = changes
      .then(async () => {
        const index = await ready!;
        const metas = await db!.articles.bulkGet(request.articles);
        request.articles.forEach((id, i) => {
          const m = metas[i];
          if (m) titles.set(id, m.title || m.fileName);
          else titles.delete(id);
        });
        await refreshDocs(db!, index, request.articles, request.annotations);
        scheduleSave(index);
      })
      .catch((err: unknown) =>
        reply({ type: 'status', state: 'error', message: err instanceof Error ? err.message : String(err) }),
      );
  }
});
