import { Dexie } from 'dexie';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { agreement } from '../../../core/agreement';
import { planMerge, resolveAll, type ConflictResolution, type MergePlan } from '../../../core/merge';
import { stampEdit, type Analyst, type Annotation, type Article } from '../../../core/model';
import { emptyProject, readProjectFile, writeProjectFile, type ProjectDocument } from '../../../core/project';
import { putMeta, GlossDB } from '../../../renderer/src/db/db';
import { applyMergeToStore, readProjectDocument, replaceStore } from '../../../renderer/src/db/project-data';
import { ALICE, BOB, makeAnnotation, makeArticle } from '../core/project/make-project';
import { runCommand } from '../cli/run-cli';

/**
 * Every merge scenario runs through both paths that users have: the app's (the store in
 * fake-indexeddb: the file's records read into a profile, the preview planned, applied with
 * applyMergeToStore, and the profile read back as a project) and the command line's
 * (`gloss merge a b --out c`). Both must give the same records. The clock is fixed, so that the
 * stamps a merge writes (a kept version, a sync) are the same on both paths.
 */

const NOW = '2026-12-01T12:00:00.000Z';
const TEXT =
  'The ministry said exports rose by 12 percent in May. Officials denied a fuel shortage. Analysts expect the corridor to stay open through the winter.';
const at = (q: string): [number, number] => {
  const start = TEXT.indexOf(q);
  return [start, start + q.length];
};
const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const T = (day: number, hour = 9) =>
  `2026-11-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

let dir = '';
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gloss-scenarios-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(NOW));
});
afterEach(() => {
  vi.useRealTimers();
});

/** What a merge result holds, in a form both paths can be compared by. */
function records(doc: ProjectDocument) {
  const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    articles: byId(doc.articles.map(({ original: _o, importedAt: _i, ...a }) => ({ ...a, id: a.id }))),
    annotations: byId(doc.annotations),
    sourceGrades: [...doc.sourceGrades].sort((a, b) => (a.source < b.source ? -1 : 1)),
    tags: [...doc.tags].sort((a, b) => (a.name < b.name ? -1 : 1)),
    sets: doc.sets.map((s) => [s.id, s.name, s.type]).sort(),
    syncs: doc.envelope.syncs ?? [],
  };
}

/** The app's path: mine in a profile, their file previewed and merged into it, read back. */
async function throughApp(
  mine: ProjectDocument,
  theirs: ProjectDocument,
  resolution: ConflictResolution,
): Promise<{ plan: MergePlan; result: ProjectDocument }> {
  const db = new GlossDB(`gloss-scenario-${++n}-${Math.random()}`);
  try {
    await putMeta(db, 'analyst', mine.envelope.analyst);
    await replaceStore(db, mine);
    const stored = await readProjectDocument(db, mine.envelope.analyst, mine.envelope.savedAt);
    const plan = planMerge(stored, theirs);
    await applyMergeToStore(db, stored, theirs, plan, resolveAll(plan, resolution));
    return { plan, result: await readProjectDocument(db, mine.envelope.analyst, NOW) };
  } finally {
    db.close();
    await Dexie.delete(db.name);
  }
}

/** The command line's path: `gloss merge mine theirs --out merged --conflicts <resolution>`. */
async function throughCli(
  mine: ProjectDocument,
  theirs: ProjectDocument,
  resolution: ConflictResolution,
): Promise<ProjectDocument> {
  const k = ++n;
  const [a, b, out] = ['mine', 'theirs', 'merged'].map((x) => join(dir, `${k}-${x}.gloss`)) as [
    string,
    string,
    string,
  ];
  await writeFile(a, await writeProjectFile(mine));
  await writeFile(b, await writeProjectFile(theirs));
  const run = await runCommand('merge', [a, b, '--out', out, '--conflicts', resolution]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return readProjectFile(await readFile(out));
}

/** Runs one merge through both paths, checks they agree, and returns the plan and the result. */
async function both(mine: ProjectDocument, theirs: ProjectDocument, resolution: ConflictResolution = 'both') {
  const app = await throughApp(mine, theirs, resolution);
  const cli = await throughCli(mine, theirs, resolution);
  expect(records(app.result)).toEqual(records(cli));
  // Whatever a merge leaves can always be saved again.
  await expect(writeProjectFile(app.result)).resolves.toBeInstanceOf(Uint8Array);
  return { plan: app.plan, merged: cli };
}

async function base(owner: Analyst, savedAt: string, article?: Article): Promise<ProjectDocument> {
  const doc = emptyProject(`${owner.name}'s project`, owner, savedAt);
  doc.articles.push(article ?? (await makeArticle('art', TEXT)));
  return doc;
}

const grade = (source: string, reliability: 'B' | 'C', by: Analyst, updatedAt: string) => ({
  source,
  reliability,
  note: '',
  updatedAt,
  updatedBy: by,
});

describe('one merge, the same through the app and the command line', () => {
  it('a source graded differently on both sides is a conflict that names whose grade is whose', async () => {
    const mine = await base(ALICE, T(10));
    const theirs = await base(BOB, T(11));
    mine.sourceGrades.push(grade('Institute for the Study of War', 'B', ALICE, T(10)));
    theirs.sourceGrades.push(grade('Institute for the Study of War', 'C', BOB, T(11)));
    const kept = await both(mine, theirs, 'mine');
    expect(kept.plan.sourceGrades.conflicts.map((c) => [c.mine.updatedBy.id, c.theirs.updatedBy.id])).toEqual(
      [['alice', 'bob']],
    );
    expect(kept.plan.sourceGrades.updated).toEqual([]);
    expect(kept.merged.sourceGrades).toMatchObject([{ reliability: 'B', updatedBy: ALICE, updatedAt: NOW }]);
    const taken = await both(mine, theirs, 'theirs');
    expect(taken.merged.sourceGrades).toMatchObject([{ reliability: 'C', updatedBy: BOB }]);
  });

  it('a colleague’s correction of an article’s details is taken, and shown in the preview', async () => {
    const mine = await base(ALICE, T(10));
    const theirs = await base(BOB, T(11));
    theirs.articles[0] = {
      ...theirs.articles[0]!,
      source: 'Reuters',
      title: 'Putin says Russia will press on',
      detailsUpdated: { by: BOB, at: T(11, 8) },
    };
    const { plan, merged } = await both(mine, theirs);
    expect(
      plan.articleDetails.updated.map((u) => [u.articleId, u.theirs.source, u.theirsStamp?.by.id]),
    ).toEqual([['art', 'Reuters', 'bob']]);
    expect(merged.articles[0]).toMatchObject({ source: 'Reuters', detailsUpdated: { by: BOB } });
  });

  it('details edited on both sides are a conflict; keeping mine stamps my decision', async () => {
    const mine = await base(ALICE, T(10));
    mine.articles[0] = { ...mine.articles[0]!, source: 'TASS', detailsUpdated: { by: ALICE, at: T(10, 8) } };
    const theirs = await base(BOB, T(11));
    theirs.articles[0] = {
      ...theirs.articles[0]!,
      source: 'Reuters',
      detailsUpdated: { by: BOB, at: T(11, 8) },
    };
    const { plan, merged } = await both(mine, theirs, 'mine');
    expect(plan.articleDetails.conflicts.map((c) => [c.mine.source, c.theirs.source])).toEqual([
      ['TASS', 'Reuters'],
    ]);
    expect(merged.articles[0]).toMatchObject({ source: 'TASS', detailsUpdated: { by: ALICE, at: NOW } });
    const taken = await both(mine, theirs, 'theirs');
    expect(taken.merged.articles[0]).toMatchObject({ source: 'Reuters', detailsUpdated: { by: BOB } });
  });

  it('keeping a colleague’s re-grading keeps me as creator and them as the one who graded', async () => {
    const mine = await base(ALICE, T(10));
    const claim = makeAnnotation(
      ID(1),
      mine.articles[0]!,
      ...at('Officials denied a fuel shortage.'),
      ALICE,
      {
        credibility: 2,
        createdAt: T(9),
        updatedAt: T(9),
      },
    );
    mine.annotations.push(stampEdit(claim, { ...claim, note: 'Mine: check the ministry' }, ALICE, T(10, 8)));
    const theirs = await base(BOB, T(11));
    theirs.annotations.push(
      stampEdit(claim, { ...claim, credibility: 4, note: 'Bob: doubtful, one source.' }, BOB, T(11, 8)),
    );
    const { plan, merged } = await both(mine, theirs, 'theirs');
    expect(plan.conflicts.map((c) => [c.mine.updatedBy.id, c.theirs.updatedBy.id])).toEqual([
      ['alice', 'bob'],
    ]);
    const kept = merged.annotations[0]!;
    expect(kept.author).toEqual(ALICE);
    expect(kept.updatedBy).toEqual(BOB);
    expect(kept.provenance.credibility?.by).toEqual(BOB);
    expect(kept.provenance.note?.by).toEqual(BOB);
    expect(kept.provenance.kind).toBeUndefined(); // the kind is still Alice's own judgement

    // `gloss export --format json` of the merged file carries it, to be checked from outside.
    const file = join(dir, 'provenance.gloss');
    await writeFile(file, await writeProjectFile(merged));
    const exported = await runCommand('export', [file, '--format', 'json']);
    expect(exported.code).toBe(0);
    const json = JSON.parse(exported.stdout) as { annotations: Annotation[] };
    expect(json.annotations[0]).toMatchObject({
      author: ALICE,
      updatedBy: BOB,
      provenance: { credibility: { by: BOB, at: T(11, 8) }, note: { by: BOB, at: T(11, 8) } },
    });

    // Agreement never counts Bob's credibility as Alice's: against Bob's own annotation of the
    // same passage, Alice has no credibility judgement left on it.
    const bobs = await base(BOB, T(12));
    bobs.annotations.push(
      makeAnnotation(ID(2), bobs.articles[0]!, ...at('Officials denied a fuel shortage.'), BOB, {
        credibility: 4,
      }),
    );
    const report = agreement(merged, bobs, { analystA: ALICE.id, analystB: BOB.id });
    expect(report.spans.matched).toBe(1);
    expect(report.credibility.n).toBe(0);
    expect(report.kind.n).toBe(1); // the kind is Alice's own, so it is compared
  });

  it('new, updated, deleted and conflicting annotations, each resolution, and merging twice changes nothing', async () => {
    const article = await makeArticle('art', TEXT);
    const shared = [
      makeAnnotation(ID(1), article, ...at('exports rose by 12 percent'), ALICE, { kind: 'figure' }),
      makeAnnotation(ID(2), article, ...at('Officials denied a fuel shortage.'), ALICE),
      makeAnnotation(ID(3), article, ...at('Analysts expect the corridor'), ALICE),
    ];
    // Bob opened Alice's file of the 10th and worked on it; Alice kept working too.
    const mine = await base(ALICE, T(12), article);
    const theirs = await base(BOB, T(12, 10), article);
    theirs.envelope.syncs = [{ analyst: ALICE, savedAt: T(10) }];
    mine.annotations.push(
      shared[0]!,
      shared[1]!,
      stampEdit(shared[2]!, { ...shared[2]!, stance: 'opinion' }, ALICE, T(11)),
    );
    theirs.annotations.push(
      stampEdit(shared[0]!, { ...shared[0]!, credibility: 1 }, BOB, T(11)),
      { ...shared[1]!, deletedAt: T(11), updatedAt: T(11), updatedBy: BOB },
      stampEdit(shared[2]!, { ...shared[2]!, kind: 'assessment' }, BOB, T(11)),
      makeAnnotation(ID(4), article, ...at('through the winter'), BOB, {
        createdAt: T(11),
        updatedAt: T(11),
      }),
    );
    for (const resolution of ['mine', 'theirs', 'both'] as const) {
      const { plan, merged } = await both(mine, theirs, resolution);
      expect(plan.updated.map((u) => u.theirs.id)).toEqual([ID(1)]);
      expect(plan.deleted.map((u) => u.theirs.id)).toEqual([ID(2)]);
      expect(plan.conflicts.map((c) => c.id)).toEqual([ID(3)]);
      expect(plan.newAnnotations.map((g) => [g.author.id, g.annotations.length])).toEqual([['bob', 1]]);
      expect(merged.envelope.syncs).toEqual([{ analyst: BOB, savedAt: T(12, 10) }]);
      // Merging the same file again changes nothing, on either path.
      const again = await both(merged, theirs, resolution);
      expect(again.plan.conflicts).toEqual([]);
      expect(records(again.merged)).toEqual(records(merged));
    }
  });

  it('settling a conflict as mine on both sides never leaves the two libraries silently apart', async () => {
    const article = await makeArticle('art', TEXT);
    const shared = makeAnnotation(ID(1), article, ...at('Officials denied a fuel shortage.'), ALICE);
    const alice = await base(ALICE, T(10, 12), article);
    const bob = await base(BOB, T(10, 13), article);
    alice.annotations.push(stampEdit(shared, { ...shared, kind: 'assessment' }, ALICE, T(10, 11)));
    bob.annotations.push(stampEdit(shared, { ...shared, stance: 'opinion' }, BOB, T(10, 11)));
    // Each merges the other's file and keeps their own version.
    const aliceNext = (await both(alice, bob, 'mine')).merged;
    const bobNext = (await both(bob, alice, 'mine')).merged;
    aliceNext.envelope.savedAt = NOW;
    bobNext.envelope.savedAt = NOW;
    // When they next exchange, the difference shows again instead of each keeping their own.
    const round = await both(aliceNext, bobNext, 'theirs');
    expect(round.plan.conflicts.map((c) => c.id)).toEqual([ID(1)]);
    expect(round.merged.annotations[0]!.stance).toBe('opinion');
  });

  it('a partial file records no exchange, and a set whose name is taken is renamed', async () => {
    const mine = await base(ALICE, T(10));
    mine.sets.push({
      id: 'set-mine',
      type: 'static',
      name: 'Casualty figures',
      annotationIds: [],
      createdAt: T(9),
    });
    const theirs = await base(BOB, T(11));
    const figure = makeAnnotation(ID(5), theirs.articles[0]!, ...at('exports rose by 12 percent'), BOB);
    theirs.annotations.push(figure);
    theirs.sets.push({
      id: 'set-theirs',
      type: 'static',
      name: 'Casualty figures',
      annotationIds: [figure.id],
      createdAt: T(11),
    });
    Object.assign(theirs.envelope, { partial: { set: { id: 'set-theirs', name: 'Casualty figures' } } });
    const { plan, merged } = await both(mine, theirs);
    expect(plan.partial).toBe(true);
    expect(plan.sets.renamed).toEqual([
      { id: 'set-theirs', from: 'Casualty figures', to: 'Casualty figures (2)' },
    ]);
    expect(merged.sets.map((s) => s.name).sort()).toEqual(['Casualty figures', 'Casualty figures (2)']);
    expect(merged.envelope.syncs ?? []).toEqual([]);
    expect(merged.annotations.map((a) => a.id)).toEqual([ID(5)]);
  });

  it('a file saved a little in the future (a clock running ahead) merges, and merging it again changes nothing', async () => {
    const article = await makeArticle('art', TEXT);
    const shared = makeAnnotation(ID(1), article, ...at('Officials denied a fuel shortage.'), ALICE);
    const mine = await base(ALICE, T(10), article);
    mine.annotations.push(stampEdit(shared, { ...shared, note: 'mine' }, ALICE, T(10, 8)));
    const ahead = '2026-12-01T15:00:00.000Z'; // three hours after this computer's clock
    const theirs = await base(BOB, ahead, article);
    theirs.annotations.push(stampEdit(shared, { ...shared, note: 'theirs' }, BOB, ahead));
    const { merged } = await both(mine, theirs, 'mine');
    // My kept version is stamped after their save, so merging the file again keeps it.
    expect(merged.annotations[0]).toMatchObject({ note: 'mine', updatedAt: '2026-12-01T15:00:00.001Z' });
    expect(merged.envelope.syncs).toEqual([{ analyst: BOB, savedAt: ahead }]);
    const again = await both(merged, theirs, 'theirs');
    expect(again.plan.conflicts).toEqual([]);
    expect(records(again.merged)).toEqual(records(merged));
  });

  it('refuses, on both paths, a file saved more than a day after this computer’s clock', async () => {
    const mine = await base(ALICE, T(10));
    const theirs = await base(BOB, '2999-12-31T23:59:59.999Z');
    await expect(throughApp(mine, theirs, 'both')).rejects.toThrow(/later than this computer's clock/);
    const a = join(dir, 'future-mine.gloss');
    const b = join(dir, 'future-theirs.gloss');
    await writeFile(a, await writeProjectFile(mine));
    await writeFile(b, await writeProjectFile(theirs));
    const run = await runCommand('merge', [a, b, '--out', join(dir, 'future-out.gloss')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/later than this computer's clock .*check the date and time/);
  });

  it('refuses, on both paths, a file saved in year 9999 or on a day that does not exist', async () => {
    const mine = await base(ALICE, T(10));
    const theirs = await base(BOB, T(11));
    for (const savedAt of ['9999-12-31T23:59:59.999Z', '2025-02-30T10:00:00.000Z']) {
      const bytes = await writeProjectFile(theirs);
      // Written with a valid date, then the manifest's date replaced (no writer would write it).
      const { readZip, writeZip } = await import('../../../core/project/zip');
      const { DEFAULT_PROJECT_LIMITS } = await import('../../../core/project');
      const files = readZip(bytes, DEFAULT_PROJECT_LIMITS);
      const manifest = JSON.parse(new TextDecoder().decode(files.get('manifest.json')!)) as Record<
        string,
        unknown
      >;
      files.set('manifest.json', new TextEncoder().encode(JSON.stringify({ ...manifest, savedAt })));
      const crafted = writeZip(files, new Date(T(11)));
      await expect(readProjectFile(crafted)).rejects.toThrow(
        /savedAt: (the year 9999 lies outside|2025-02 has no day 30)/,
      );
      const a = join(dir, 'date-mine.gloss');
      const b = join(dir, 'date-theirs.gloss');
      await writeFile(a, await writeProjectFile(mine));
      await writeFile(b, crafted);
      const run = await runCommand('merge', [a, b, '--out', join(dir, 'date-out.gloss')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/savedAt/);
    }
  });

  it('re-anchors a colleague’s annotations on a re-extracted copy of the same article, in either order', async () => {
    const mineArticle = await makeArticle('art', TEXT);
    const theirText = `Breaking. ${TEXT} Share this article.`;
    const theirArticle = await makeArticle('their-art', theirText, { url: mineArticle.url });
    const mine = await base(ALICE, T(10), mineArticle);
    const theirs = await base(BOB, T(11), theirArticle);
    const q = 'Officials denied a fuel shortage.';
    const start = theirText.indexOf(q);
    theirs.annotations.push(makeAnnotation(ID(7), theirArticle, start, start + q.length, BOB));
    const { plan, merged } = await both(mine, theirs);
    expect(plan.articles).toMatchObject([{ kind: 'reanchored', theirsId: 'their-art', mineId: 'art' }]);
    const placed = merged.annotations[0]!;
    expect(placed.articleId).toBe('art');
    const position = placed.selectors.find((s) => s.type === 'TextPositionSelector')!;
    expect(TEXT.slice(position.start, position.end)).toBe(q);
    // The other way round: my article is new to them, with my annotation on it.
    const back = await both(theirs, merged);
    expect(back.plan.articles.map((m) => m.kind)).toEqual(['reanchored']);
  });
});
