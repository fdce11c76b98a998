import { describe, expect, it } from 'vitest';
import { anchor } from '../../../../core/anchoring';
import {
  applyMerge,
  copyId,
  MergeError,
  planMerge,
  resolveAll,
  textSimilarity,
  type ConflictResolution,
} from '../../../../core/merge';
import { quoteSelector, type Annotation } from '../../../../core/model';
import {
  emptyProject,
  readProjectFile,
  writeProjectFile,
  type ProjectDocument,
} from '../../../../core/project';
import { ALICE, BOB, makeAnnotation, makeArticle, makeProject } from '../project/make-project';

const T0 = '2025-07-01T10:00:00.000Z';
const T1 = '2025-07-02T09:00:00.000Z'; // Alice shares her file
const T2 = '2025-07-02T15:00:00.000Z'; // edits on both sides
const T3 = '2025-07-03T09:00:00.000Z'; // Bob shares his file back

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const TEXT =
  'The ministry said on Tuesday that grain exports rose by 12 percent in May. Officials in Odesa denied any shortage of fuel, according to local reports. Analysts who watch the region expect the corridor to stay open through the summer, although insurers have raised premiums.';

/** What a save through a file does: write and read back. */
const roundTrip = async (doc: ProjectDocument): Promise<ProjectDocument> =>
  readProjectFile(await writeProjectFile(doc));

const edit = (a: Annotation, at: string, change: Partial<Annotation>): Annotation => ({
  ...a,
  ...change,
  updatedAt: at,
});

/**
 * Alice shares a project at T1; Bob merges it into his empty project, then (by T3) adds one
 * annotation, edits a1, deletes a2 and edits a3, and adds one on a new article of his own.
 * Alice meanwhile edits a3 and a4 (after T1). Returns both sides as they are saved.
 */
async function scenario() {
  const article = await makeArticle('article-1', TEXT);
  let alice = emptyProject('Alice’s project', ALICE, T1);
  alice.articles.push(article);
  const [a1, a2, a3, a4] = [
    [4, 30],
    [75, 113],
    [148, 200],
    [202, 240],
  ].map(([s, e], i) => makeAnnotation(ID(i + 1), article, s!, e!, ALICE, { createdAt: T0, updatedAt: T0 }));
  alice.annotations.push(a1!, a2!, a3!, a4!);
  alice.tags.push({ name: 'economy', color: '#3b82f6' });
  alice.sourceGrades.push({
    source: 'Example Wire',
    reliability: 'B',
    note: '',
    updatedAt: T0,
    updatedBy: ALICE,
  });
  alice = await roundTrip(alice);

  const bobEmpty = emptyProject('Bob’s copy', BOB, T1);
  const first = planMerge(bobEmpty, alice);
  let bob = applyMerge(bobEmpty, alice, first);
  const own = await makeArticle('article-bob', 'A separate report that only Bob imported, about ports.');
  bob.articles.push(own);
  bob.annotations = bob.annotations.map((a) =>
    a.id === ID(1)
      ? edit(a, T2, { note: 'Bob: checked against customs data', credibility: 1 })
      : a.id === ID(2)
        ? { ...a, deletedAt: T2 }
        : a.id === ID(3)
          ? edit(a, T2, { kind: 'assessment', note: 'Bob thinks this is a judgement' })
          : a,
  );
  bob.annotations.push(
    makeAnnotation(ID(10), article, 120, 146, BOB, { createdAt: T2, updatedAt: T2 }),
    makeAnnotation(ID(11), own, 2, 17, BOB, { createdAt: T2, updatedAt: T2 }),
  );
  bob.tags.push({ name: 'ports', color: '#ef4444' });
  bob.sourceGrades = [
    { source: 'Example Wire', reliability: 'C', note: 'Bob downgraded', updatedAt: T2, updatedBy: BOB },
  ];
  bob.envelope = { ...bob.envelope, savedAt: T3 };
  bob = await roundTrip(bob);

  alice.annotations = alice.annotations.map((a) =>
    a.id === ID(3)
      ? edit(a, T2, { stance: 'opinion', note: 'Alice: opinion, surely' })
      : a.id === ID(4)
        ? edit(a, T2, { tags: ['economy'] })
        : a,
  );
  return { alice, bob };
}

describe('planMerge and applyMerge', () => {
  it('previews new, updated, deleted and conflicting annotations, by colleague', async () => {
    const { alice, bob } = await scenario();
    const plan = planMerge(alice, bob);
    expect(plan.theirs).toEqual({ analyst: BOB, savedAt: T3 });
    expect(plan.newArticles.map((a) => a.id)).toEqual(['article-bob']);
    expect(plan.articles).toEqual([
      { kind: 'same', theirsId: 'article-1', mineId: 'article-1' },
      { kind: 'new', theirsId: 'article-bob', id: 'article-bob' },
    ]);
    expect(plan.newAnnotations.map((g) => [g.author.id, g.annotations.map((a) => a.id)])).toEqual([
      ['bob', [ID(10), ID(11)]],
    ]);
    expect(plan.updated.map((u) => u.theirs.id)).toEqual([ID(1)]);
    expect(plan.deleted.map((u) => u.theirs.id)).toEqual([ID(2)]);
    expect(plan.conflicts.map((c) => [c.id, c.mine.note, c.theirs.note])).toEqual([
      [ID(3), 'Alice: opinion, surely', 'Bob thinks this is a judgement'],
    ]);
    // a4: only Alice changed it since sharing, so hers stays.
    expect(plan.keptMine).toBe(1);
    expect(plan.unchanged).toBe(0);
    expect(plan.sourceGrades.updated.map((g) => [g.theirs.reliability, g.theirs.updatedBy.id])).toEqual([
      ['C', 'bob'],
    ]);
    expect(plan.tags.added.map((t) => t.name)).toEqual(['ports']);
  });

  it.each<[ConflictResolution, (a: Annotation[]) => void]>([
    [
      'mine',
      (list) => {
        expect(list.find((a) => a.id === ID(3))?.note).toBe('Alice: opinion, surely');
        expect(list).toHaveLength(6);
      },
    ],
    [
      'theirs',
      (list) => {
        expect(list.find((a) => a.id === ID(3))?.note).toBe('Bob thinks this is a judgement');
        expect(list).toHaveLength(6);
      },
    ],
    [
      'both',
      (list) => {
        expect(list.find((a) => a.id === ID(3))?.note).toBe('Alice: opinion, surely');
        const copy = list.find((a) => a.note === 'Bob thinks this is a judgement');
        expect(copy?.id).not.toBe(ID(3));
        expect(copy?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(copy?.author).toEqual(ALICE); // the annotation is Alice's; Bob only edited it
        expect(list).toHaveLength(7);
      },
    ],
  ])('applies the plan with conflicts resolved as %s; authorship kept', async (resolution, check) => {
    const { alice, bob } = await scenario();
    const before = structuredClone(alice);
    const plan = planMerge(alice, bob);
    const merged = await roundTrip(applyMerge(alice, bob, plan, resolveAll(plan, resolution)));
    expect(alice).toStrictEqual(before); // the inputs are not changed
    const byId = new Map(merged.annotations.map((a) => [a.id, a]));
    expect(byId.get(ID(1))).toMatchObject({ note: 'Bob: checked against customs data', author: ALICE });
    expect(byId.get(ID(2))?.deletedAt).toBe(T2);
    expect(byId.get(ID(4))?.tags).toEqual(['economy']);
    expect(byId.get(ID(10))?.author).toEqual(BOB);
    expect(byId.get(ID(11))?.articleId).toBe('article-bob');
    expect(merged.articles.map((a) => a.id)).toEqual(['article-1', 'article-bob']);
    expect(merged.sourceGrades).toEqual([bob.sourceGrades[0]]);
    expect(merged.envelope.analyst).toEqual(ALICE);
    expect(merged.envelope.syncs).toEqual([{ analyst: BOB, savedAt: T3 }]);
    check(merged.annotations);

    // Merging the same file again changes nothing, whatever was chosen the first time.
    const again = planMerge(merged, bob);
    expect(again.conflicts).toEqual([]);
    expect(again.newAnnotations).toEqual([]);
    expect(again.newArticles).toEqual([]);
    expect(applyMerge(merged, bob, again)).toStrictEqual(merged);
  });

  it.each<ConflictResolution>(['mine', 'both', 'theirs'])(
    'keeps a first-exchange conflict settled as %s when the same file is merged again',
    async (resolution) => {
      // No sync records on either side yet: both edits count as changed.
      const article = await makeArticle('article-1', TEXT);
      const base = makeAnnotation(ID(40), article, 4, 30, ALICE, { createdAt: T0, updatedAt: T0 });
      const mine = emptyProject('m', ALICE, T1);
      mine.articles.push(article);
      mine.annotations.push(edit(base, T1, { note: 'mine' }));
      const theirs = emptyProject('t', BOB, T3);
      theirs.articles.push(article);
      theirs.annotations.push(edit(base, T2, { note: 'theirs' }));
      const plan = planMerge(mine, theirs);
      expect(plan.conflicts.map((c) => c.id)).toEqual([ID(40)]);
      const merged = await roundTrip(applyMerge(mine, theirs, plan, resolveAll(plan, resolution)));
      const again = planMerge(merged, theirs);
      expect(again.updated).toEqual([]);
      expect(again.conflicts).toEqual([]);
      expect(applyMerge(merged, theirs, again)).toStrictEqual(merged);
    },
  );

  it('refuses to apply a plan whose conflicts are not all resolved', async () => {
    const { alice, bob } = await scenario();
    const plan = planMerge(alice, bob);
    expect(() => applyMerge(alice, bob, plan)).toThrow(MergeError);
    expect(() => applyMerge(alice, bob, plan, { [ID(3)]: 'maybe' as 'mine' })).toThrow(
      /changed on both sides/,
    );
  });

  it('brings Alice’s later edits to Bob without conflicts once both have synced', async () => {
    const { alice, bob } = await scenario();
    const plan = planMerge(alice, bob);
    let merged = applyMerge(alice, bob, plan, resolveAll(plan, 'theirs'));
    merged = await roundTrip({
      ...merged,
      envelope: { ...merged.envelope, savedAt: '2025-07-04T09:00:00.000Z' },
    });
    // Bob merges Alice's merged file: he gets her a4 edit; nothing he changed comes back as a conflict.
    const back = planMerge(bob, merged);
    expect(back.conflicts).toEqual([]);
    expect(back.updated.map((u) => u.theirs.id)).toEqual([ID(4)]);
    const bobNow = applyMerge(bob, merged, back);
    expect(bobNow.annotations.find((a) => a.id === ID(3))?.note).toBe('Bob thinks this is a judgement');
    expect(bobNow.annotations.find((a) => a.id === ID(4))?.tags).toEqual(['economy']);
  });

  it('keeps a deletion made on both sides without asking', async () => {
    const { alice, bob } = await scenario();
    alice.annotations = alice.annotations.map((a) => (a.id === ID(2) ? { ...a, deletedAt: T2 } : a));
    const plan = planMerge(alice, bob);
    expect(plan.deleted).toEqual([]);
    expect(plan.conflicts.map((c) => c.id)).toEqual([ID(3)]);
  });

  it('treats a deletion on one side and an edit on the other as a conflict', async () => {
    const { alice, bob } = await scenario();
    alice.annotations = alice.annotations.map((a) =>
      a.id === ID(2) ? edit(a, T2, { note: 'still true' }) : a,
    );
    const plan = planMerge(alice, bob);
    expect(plan.conflicts.map((c) => c.id).sort()).toEqual([ID(2), ID(3)]);
    const merged = applyMerge(alice, bob, plan, { [ID(2)]: 'theirs', [ID(3)]: 'mine' });
    expect(merged.annotations.find((a) => a.id === ID(2))?.deletedAt).toBe(T2);
  });

  it('gives a clashing article id of theirs a new id and moves its annotations with it', async () => {
    const mine = emptyProject('m', ALICE, T1);
    mine.articles.push(await makeArticle('same-id', 'Alice’s article text.', { url: 'https://a.example/1' }));
    const theirs = emptyProject('t', BOB, T3);
    const other = await makeArticle('same-id', 'A wholly different article by Bob.', {
      url: 'https://b.example/2',
    });
    theirs.articles.push(other);
    theirs.annotations.push(makeAnnotation(ID(20), other, 2, 15, BOB));
    const plan = planMerge(mine, theirs);
    const newId = plan.newArticles[0]!.id;
    expect(newId).not.toBe('same-id');
    const merged = await roundTrip(applyMerge(mine, theirs, plan));
    expect(merged.annotations[0]!.articleId).toBe(newId);
    expect(applyMerge(merged, theirs, planMerge(merged, theirs))).toStrictEqual(merged);
  });
});

describe('articles whose text differs slightly', () => {
  // Bob re-extracted the same web page: a dropped caption, different line wrapping, one word fixed.
  const REEXTRACTED = TEXT.replace('Officials in Odesa', 'Officials  in\nOdesa')
    .replace('rose by 12 percent', 'rose by twelve percent')
    .concat('\n\nPhoto: a grain terminal.');

  async function pair() {
    const url = 'https://news.example/grain';
    const mineArticle = await makeArticle('a-mine', TEXT, { url });
    const theirArticle = await makeArticle('a-theirs', REEXTRACTED, { url: `${url}/#top` });
    const mine = emptyProject('m', ALICE, T1);
    mine.articles.push(mineArticle);
    const theirs = emptyProject('t', BOB, T3);
    theirs.articles.push(theirArticle);
    const quotes = [
      'denied any shortage of fuel',
      'expect the corridor to stay open',
      'Photo: a grain terminal',
    ];
    for (const [i, q] of quotes.entries()) {
      const start = REEXTRACTED.indexOf(q);
      theirs.annotations.push(makeAnnotation(ID(30 + i), theirArticle, start, start + q.length, BOB));
    }
    return { mine, theirs };
  }

  it('matches the article by URL and text similarity and re-anchors the annotations', async () => {
    const { mine, theirs } = await pair();
    expect(textSimilarity(TEXT, REEXTRACTED)).toBeGreaterThan(0.6);
    const plan = planMerge(mine, theirs);
    expect(plan.articles).toEqual([
      expect.objectContaining({ kind: 'reanchored', theirsId: 'a-theirs', mineId: 'a-mine' }),
    ]);
    expect(plan.newArticles).toEqual([]);
    // The caption is not in my text: that annotation is reported, and kept (as an orphan).
    expect(plan.orphaned).toEqual([{ annotationId: ID(32), articleId: 'a-mine' }]);
    const merged = await roundTrip(applyMerge(mine, theirs, plan));
    expect(merged.articles).toHaveLength(1);
    for (const a of merged.annotations.slice(0, 2)) {
      expect(a.articleId).toBe('a-mine');
      const found = anchor(TEXT, a.selectors);
      expect(found.status).toBe('exact');
      expect(TEXT.slice(found.start, found.end)).toBe(quoteSelector(a).exact);
    }
    expect(quoteSelector(merged.annotations[0]!).exact).toBe('denied any shortage of fuel');
    expect(applyMerge(merged, theirs, planMerge(merged, theirs))).toStrictEqual(merged);
  });

  it('does not treat a different article at the same URL as the same one', async () => {
    const { mine, theirs } = await pair();
    const other = await makeArticle(
      'a-other',
      'Completely unrelated text about football results and weather.',
      {
        url: mine.articles[0]!.url,
      },
    );
    const t2 = { ...theirs, articles: [other], annotations: [] };
    expect(planMerge(mine, t2).articles[0]!.kind).toBe('new');
  });

  it('does not report a shared annotation as changed when only its re-anchored context differs', async () => {
    const { mine, theirs } = await pair();
    const merged = applyMerge(mine, theirs, planMerge(mine, theirs));
    // Bob merges Alice's result back onto his own text: his annotations come back unchanged.
    const back = planMerge(theirs, { ...merged, envelope: { ...merged.envelope, savedAt: '2025-07-05' } });
    expect(back.updated).toEqual([]);
    expect(back.conflicts).toEqual([]);
    expect(back.unchanged).toBe(3);
  });
});

describe('merge at scale', () => {
  it('merges two generated projects sharing articles, idempotently', async () => {
    const mine = await makeProject({ articles: 20, annotations: 300, seed: 1 });
    const theirs = await makeProject({ articles: 20, annotations: 300, seed: 1, analyst: BOB });
    // Same seed: same articles, same annotation ids; Bob's differ only by author, so every one
    // is a conflict (neither side has synced); a different seed gives new annotations instead.
    const plan = planMerge(mine, theirs);
    expect(plan.conflicts).toHaveLength(300);
    const other = await makeProject({ articles: 20, annotations: 300, seed: 2, analyst: BOB });
    const p2 = planMerge(mine, other);
    expect(p2.newArticles).toHaveLength(20);
    expect(p2.newAnnotations[0]!.annotations).toHaveLength(300);
    const merged = applyMerge(mine, other, p2);
    expect(merged.annotations).toHaveLength(600);
    expect(copyId(other.annotations[0]!)).toBe(copyId(other.annotations[0]!));
    expect(applyMerge(merged, other, planMerge(merged, other))).toStrictEqual(merged);
  });
});
