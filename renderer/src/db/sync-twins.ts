import {
  keptByText,
  moveOntoTwins,
  moveSetsOntoTwins,
  planTwins,
  rememberTwinMoves,
  settleRemovedTwins,
} from '../../../core/merge';
import type { Annotation, Article } from '../../../core/model';
import type { SyncRecord } from '../../../core/sync';
import { getMeta, putMeta, type GlossDB } from './db';
import { joinArticle } from './project-data';
import { toProjectSet } from './sets';

/** One record of a sync page: its document id and what the sync brings (null: removed). */
export interface PageWork {
  id: string;
  kind: SyncRecord['kind'];
  next: SyncRecord | null;
}

/** What settling the twins of one page does to it and to the store. */
export interface TwinSettlement {
  /** The page's records to take in instead of what the sync brought (moved annotations, the article kept). */
  replace: Map<string, SyncRecord>;
  /** Page articles not taken in: twins that give way (their annotations move onto the article kept). */
  drop: Set<string>;
  /** Store records to write besides the page's: annotations moved, an article kept that was here already. */
  puts: SyncRecord[];
  /** Store articles that give way to a twin, to remove. */
  removeArticles: string[];
  /** Document ids this settling changed here, to send with the next sync. */
  settled: string[];
  /** The articles that gave way here, each with the article kept for its text. */
  moved: [string, string][];
}

const docOf = (kind: string, id: string): string => `${kind}:${id}`;

/**
 * Settles twins — the same text imported separately, arriving from the team server — by core/merge's
 * rule ({@link planTwins}, the file merge's match by text): among a page's articles and the
 * store's articles with the same text, one is kept (the same one on every side), the others
 * give way — not taken in, or removed from the store — and every annotation on them, in the
 * page or in the store, is moved onto the article kept (ids, authors and provenance kept). The
 * moves are remembered (`meta.twins`), so annotations that arrive later on a twin that gave way
 * move too. The imported original stays with the text: an article kept takes a removed twin's
 * `original` when it has none, also one removed earlier whose annotations waited for it; saved
 * sets that name a twin name the article kept. An article removed whose twin is not here yet
 * keeps the annotations on it waiting (`meta.twinsAwaiting`, with its title; its original in
 * `meta.twinsAwaitingOriginals`). Runs inside the caller's transaction (tables: articles,
 * bodies, annotations, sets, meta); writes only those `meta` keys itself.
 */
export async function settleTwins(
  db: GlossDB,
  work: readonly PageWork[],
  currents: readonly unknown[],
): Promise<TwinSettlement> {
  const out: TwinSettlement = {
    replace: new Map(),
    drop: new Set(),
    puts: [],
    removeArticles: [],
    settled: [],
    moved: [],
  };
  const earlier = new Map(await getMeta(db, 'twins'));
  const incoming = new Map<string, Article>();
  const leaving = new Set<string>();
  const held = new Map<string, Article>();
  for (const [i, w] of work.entries()) {
    if (w.kind !== 'article') continue;
    const key = w.id.slice(w.id.indexOf(':') + 1);
    if (w.next?.kind === 'article') incoming.set(key, w.next.record);
    else leaving.add(key);
    if (currents[i] !== undefined) held.set(key, currents[i] as Article);
  }
  const hashes = [...new Set([...incoming.values()].map((a) => a.contentHash))];
  const holders = hashes.length
    ? (await db.articles.where('contentHash').anyOf(hashes).toArray()).filter(
        (h) => !incoming.has(h.id) && !leaving.has(h.id),
      )
    : [];
  const bodies = await db.bodies.bulkGet(holders.map((h) => h.id));
  for (const [i, h] of holders.entries()) held.set(h.id, joinArticle(h, bodies[i]));

  const plan = planTwins([...incoming.values(), ...holders.map((h) => held.get(h.id)!)]);
  // An article the page removes (a colleague's sync settled it onto its twin) takes the same way
  // here, with the annotations on it that have not gone up yet.
  const keeper = keptByText([...incoming.values(), ...holders], plan);
  const awaitingBefore = (await getMeta(db, 'twinsAwaiting')) ?? [];
  const awaiting = new Map(awaitingBefore.map(([id, hash]) => [id, hash]));
  const titles = new Map(awaitingBefore.flatMap(([id, , title]) => (title ? [[id, title] as const] : [])));
  const originalsBefore = (await getMeta(db, 'twinsAwaitingOriginals')) ?? [];
  const waitingOriginals = new Map(originalsBefore);
  const removed = [...leaving].flatMap((id) => {
    const contentHash = held.get(id)?.contentHash;
    return contentHash ? [{ id, contentHash }] : [];
  });
  // Articles removed earlier whose twin arrives now wait no longer.
  const left = settleRemovedTwins(removed, awaiting, keeper);
  plan.matches.push(...left.matches);
  const unheld = left.arrived;
  const arrivedOriginals = new Map(
    unheld.flatMap((id) => (waitingOriginals.has(id) ? [[id, waitingOriginals.get(id)!] as const] : [])),
  );
  for (const id of unheld) {
    awaiting.delete(id);
    waitingOriginals.delete(id);
  }
  // Its twin may come in a later page: the annotations here wait for it, with the article's
  // title (to name it meanwhile) and its imported original (for the twin, when it comes).
  for (const a of left.unmatched) {
    if ((await db.annotations.where('articleId').equals(a.id).count()) === 0) continue;
    const gone = held.get(a.id)!;
    awaiting.set(a.id, a.contentHash);
    titles.set(a.id, gone.title);
    if (gone.original) waitingOriginals.set(a.id, gone.original);
  }
  const originalOf = (id: string) => held.get(id)?.original ?? arrivedOriginals.get(id);
  // An article taken in now is live: nothing moves off it any longer.
  const moves = rememberTwinMoves(earlier, plan.matches, incoming.keys());

  const storeLosers: string[] = [...unheld];
  for (const m of plan.matches) {
    out.moved.push([m.theirsId, m.mineId]);
    if (incoming.has(m.theirsId)) out.drop.add(docOf('article', m.theirsId));
    if (held.has(m.theirsId)) {
      storeLosers.push(m.theirsId);
      if (!leaving.has(m.theirsId)) out.removeArticles.push(m.theirsId);
    }
    if (!leaving.has(m.theirsId) && !unheld.includes(m.theirsId))
      out.settled.push(docOf('article', m.theirsId));
  }
  // The article kept: with a twin's edited details (the merge's rule), and the original of a
  // twin removed here when it has none of its own.
  const keptIds = new Set(plan.matches.map((m) => m.mineId));
  const changedDetails = new Map(plan.kept.map((a) => [a.id, a]));
  for (const id of keptIds) {
    const base = changedDetails.get(id) ?? held.get(id) ?? incoming.get(id)!;
    const fromTwin = held.get(id)?.original
      ? undefined
      : plan.matches.filter((m) => m.mineId === id).find((m) => originalOf(m.theirsId));
    if (!changedDetails.has(id) && !fromTwin) continue;
    const original = fromTwin ? originalOf(fromTwin.theirsId) : undefined;
    const record: Article = original ? { ...base, original } : base;
    const doc = docOf('article', id);
    if (incoming.has(id)) out.replace.set(doc, { kind: 'article', record });
    else out.puts.push({ kind: 'article', record });
    if (changedDetails.has(id)) out.settled.push(doc);
  }

  // Annotations on twins that gave way: the page's, and the store's not in the page.
  if (moves.size) {
    const pageAnnotations = work.flatMap((w) => (w.next?.kind === 'annotation' ? [w.next.record] : []));
    for (const a of moveOntoTwins(pageAnnotations, moves)) {
      const doc = docOf('annotation', a.id);
      out.replace.set(doc, { kind: 'annotation', record: a });
      out.settled.push(doc);
    }
    const inPage = new Set(work.map((w) => w.id));
    const stored: Annotation[] = storeLosers.length
      ? (await db.annotations.where('articleId').anyOf(storeLosers).toArray()).filter(
          (a) => !inPage.has(docOf('annotation', a.id)),
        )
      : [];
    for (const a of moveOntoTwins(stored, moves)) {
      out.puts.push({ kind: 'annotation', record: a });
      out.settled.push(docOf('annotation', a.id));
    }
  }
  // Saved sets that name a twin that gave way: the page's, and, when this page settled twins, the store's.
  if (moves.size) {
    const pageSets = work.flatMap((w) => (w.next?.kind === 'set' ? [w.next.record] : []));
    for (const record of moveSetsOntoTwins(pageSets, moves)) {
      const doc = docOf('set', record.id);
      out.replace.set(doc, { kind: 'set', record });
      out.settled.push(doc);
    }
  }
  if (plan.matches.length) {
    const inPage = new Set(work.map((w) => w.id));
    const stored = (await db.sets.toArray()).filter((x) => !inPage.has(docOf('set', x.id))).map(toProjectSet);
    for (const record of moveSetsOntoTwins(stored, moves)) {
      out.puts.push({ kind: 'set', record });
      out.settled.push(docOf('set', record.id));
    }
  }
  if (!sameMoves(earlier, moves)) await putMeta(db, 'twins', [...moves]);
  if (!sameMoves(new Map(awaitingBefore.map(([id, hash]) => [id, hash])), awaiting)) {
    await putMeta(
      db,
      'twinsAwaiting',
      [...awaiting].map(([id, hash]): [string, string, string?] => {
        const title = titles.get(id);
        return title === undefined ? [id, hash] : [id, hash, title];
      }),
    );
  }
  if (
    originalsBefore.length !== waitingOriginals.size ||
    originalsBefore.some(([id]) => !waitingOriginals.has(id))
  )
    await putMeta(db, 'twinsAwaitingOriginals', [...waitingOriginals]);
  return out;
}

function sameMoves(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
