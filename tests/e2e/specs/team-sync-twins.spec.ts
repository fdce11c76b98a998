import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import type { Article } from '../../../core/model';
import { toDocument } from '../../../core/sync';
import { ALICE, BOB, makeAnnotation, makeArticle } from '../../unit/core/project/make-project';
import { allDocs, putRaw } from '../../unit/cli/sync/couch';
import { expect, test, type GlossApp } from '../harness/fixtures';
import { annotationItems, selectText } from '../harness/reader';
import {
  editor,
  importArticle,
  item,
  openArticle,
  selectAnnotation,
  setNote,
  setNoteVisible,
  syncDialog,
  syncIndicator,
  teamServer,
  upToDate,
  withAnalysts,
} from '../harness/team-sync';

/*
 * Twins end to end: two analysts import the same corpus article separately (two article ids,
 * one text) and annotate it, then connect to the same team database. Sync settles the twins onto
 * one article — the earlier import, on both sides — with both analysts' annotations on it, and
 * the server keeps one live article document. And the undo a colleague's removal makes
 * impossible: it changes nothing and says so in words (the store's message with ids only on
 * request). Two real profiles, a real PouchDB Server, no mocks, no sleeps: every wait is on the
 * indicator or on what the library shows.
 */

const CLAIM = 'Trump responded that “it’s possible.”';
const FIGURE = 'over 80,000 killed-in-action';
const TEXT =
  'The ministry said exports rose by 12 percent in May. Officials denied a fuel shortage. Analysts expect the corridor to stay open.';

test.skip(({ host }) => host !== 'chromium', 'two profiles side by side need the browser host');
test.describe.configure({ timeout: 180_000 });

const hub = teamServer({ users: { ana: 'ana-pw', bo: 'bo-pw' }, readers: { rita: 'rita-pw' } });

const articles = (app: GlossApp) => app.page.getByRole('listbox', { name: 'Articles' }).getByRole('option');

/** Imports the corpus article and marks `quote` with `key` (c: claim, f: figure). */
async function importAndMark(app: GlossApp, quote: string, key: string): Promise<void> {
  await importArticle(app);
  await selectText(app.page, quote);
  await app.page.keyboard.press(key);
  await expect(annotationItems(app)).toHaveCount(1);
}

/** Imports the article, makes a claim and one more annotation (`quote`, `key`), then joins the team database. */
async function twoMarksJoined(app: GlossApp, dbName: string, user: string, quote: string, key: string) {
  await importAndMark(app, CLAIM, 'c');
  await selectText(app.page, quote);
  await app.page.keyboard.press(key);
  await expect(annotationItems(app)).toHaveCount(2);
  await hub.join(app, dbName, user);
}

test('the same article imported by two analysts ends as one article with both analysts’ annotations', async () => {
  const { couch } = hub;
  const dbName = await hub.newDatabase('gloss-e2e-twins', ['ana', 'bo']);
  await withAnalysts(['Ana Analyst', 'Bo Reviewer'], async ([ana, bo]) => {
    // Ana imports first, so hers is the article every side keeps.
    await importAndMark(ana, CLAIM, 'c');
    await importAndMark(bo, FIGURE, 'f');

    await hub.join(ana, dbName, 'ana');
    await hub.join(bo, dbName, 'bo');

    // Both libraries: one article, holding Ana's claim and Bo's figure; nothing refused. Bo was
    // reading his own copy, which gave way: his reader followed to the article kept, untouched.
    for (const app of [ana, bo]) {
      await expect(articles(app)).toHaveCount(1);
      await expect(articles(app).first()).toHaveAttribute('aria-selected', 'true');
      await expect(app.page.getByRole('textbox', { name: 'Article text' })).toContainText('Marco Rubio');
      await expect(annotationItems(app)).toHaveCount(2, { timeout: 30_000 });
      await upToDate(app);
      await expect(syncIndicator(app)).not.toContainText('refused');
    }
    // Each analyst's authorship kept on the other side.
    await expect(item(ana, 'killed-in-action')).toContainText('by Bo Reviewer');
    await selectAnnotation(bo, 'it’s possible');
    await expect(editor(bo)).toContainText('Created by Ana Analyst');
    // Bo's last import's review names the article kept, not his copy that gave way.
    await bo.page.getByRole('button', { name: 'Review import (1)' }).click();
    await expect(bo.page.getByRole('dialog')).toContainText('Trump acknowledges Russia');
    await bo.page.keyboard.press('Escape');
    // What Bo sees: the one article, both analysts' annotations, up to date.
    await bo.page.screenshot({ path: join('reports', 'screenshots', 'chromium-team-sync-twins.png') });

    // The server: one live article document (Ana's), two annotations on it, no conflicts.
    await expect
      .poll(async () => {
        const docs = await allDocs(couch, dbName);
        return {
          articles: docs.filter((d) => d._id.startsWith('article:')).length,
          on: [
            ...new Set(
              docs
                .filter((d) => d._id.startsWith('annotation:'))
                .map((d) => (d['record'] as { articleId: string }).articleId),
            ),
          ].length,
          conflicts: docs.filter((d) => d._conflicts?.length).length,
        };
      })
      .toEqual({ articles: 1, on: 1, conflicts: 0 });
    const docs = await allDocs(couch, dbName);
    const kept = docs.find((d) => d._id.startsWith('article:'))!;
    expect(docs.filter((d) => d._id.startsWith('annotation:'))).toHaveLength(2);
    expect(kept['by']).toBe('ana');

    const keptId = (kept['record'] as { id: string }).id;
    // Bo undoes his figure (made on his copy, before it gave way): it goes from the article kept,
    // here, on the server and at Ana's; redo brings it back there (its step still names his copy).
    await bo.page.locator('body').click({ position: { x: 5, y: 5 } });
    await bo.page.keyboard.press('Control+z');
    await expect(bo.page.getByText('Undone: Create figure')).toBeVisible();
    await expect(annotationItems(bo)).toHaveCount(1);
    await expect(item(bo, 'killed-in-action')).toHaveCount(0);
    await expect(item(ana, 'killed-in-action')).toHaveCount(0, { timeout: 30_000 });
    await expect(annotationItems(ana)).toHaveCount(1);
    await bo.page.keyboard.press('Control+Shift+z');
    await expect(bo.page.getByText('Redone: Create figure')).toBeVisible();
    await expect(item(bo, 'killed-in-action')).toHaveCount(1);
    await expect(item(ana, 'killed-in-action')).toContainText('by Bo Reviewer', { timeout: 30_000 });
    for (const app of [ana, bo]) {
      await expect(articles(app)).toHaveCount(1);
      await upToDate(app);
      await expect(syncIndicator(app)).not.toContainText('refused');
    }
    await expect
      .poll(async () =>
        (await allDocs(couch, dbName))
          .filter((d) => d._id.startsWith('annotation:'))
          .map((d) => (d['record'] as { articleId: string }).articleId),
      )
      .toEqual([keptId, keptId]);
    expect((await allDocs(couch, dbName)).filter((d) => d._conflicts?.length)).toEqual([]);
  });
});

test('a read-only analyst sees the twins as one article with every annotation; its settlement is listed as not accepted', async () => {
  const { couch } = hub;
  const name = await hub.newDatabase('gloss-e2e-twins-ro', ['rita']);
  // Two writers' twins, not settled yet: the same text under two ids, one annotation on each.
  const first = await makeArticle('art-first', TEXT, { importedAt: '2026-05-01T09:00:00.000Z' });
  const second = await makeArticle('art-second', TEXT, { importedAt: '2026-05-02T09:00:00.000Z' });
  const on = (article: typeof first, quote: string, id: string, who: typeof ALICE) => {
    const start = TEXT.indexOf(quote);
    return makeAnnotation(id, article, start, start + quote.length, who);
  };
  const records = [
    { kind: 'article' as const, record: first },
    { kind: 'article' as const, record: second },
    {
      kind: 'annotation' as const,
      record: on(first, 'exports rose', '00000000-0000-4000-8000-0000000000e1', ALICE),
    },
    {
      kind: 'annotation' as const,
      record: on(second, 'fuel shortage', '00000000-0000-4000-8000-0000000000e2', BOB),
    },
  ];
  for (const r of records) await putRaw(couch, name, { ...toDocument(r, 'admin') });

  await withAnalysts(['Rita Reader'], async ([rita]) => {
    await hub.connect(rita, name, 'rita');
    // The sync ends (the refused settlement is sent once, not again and again).
    await upToDate(rita);
    const notAccepted = syncDialog(rita).getByRole('region', { name: 'Changes the server refused' });
    await expect(notAccepted).toContainText('article:art-second');
    await expect(notAccepted).toContainText('read-only');
    await rita.page.keyboard.press('Escape');
    await expect(articles(rita)).toHaveCount(1);
    await articles(rita).first().click();
    await expect(annotationItems(rita)).toHaveCount(2);
    await expect(item(rita, 'fuel shortage')).toContainText('by Bob Reviewer');
    // The server is as it was: a writer settles it.
    expect((await allDocs(couch, name)).map((d) => d._id).sort()).toEqual([
      'annotation:00000000-0000-4000-8000-0000000000e1',
      'annotation:00000000-0000-4000-8000-0000000000e2',
      'article:art-first',
      'article:art-second',
    ]);
  });
});

test('annotations waiting for their article’s twin are shown in Team Sync until the twin arrives', async () => {
  const { couch } = hub;
  const dbName = await hub.newDatabase('gloss-e2e-twins-wait', ['ana', 'bo']);
  await withAnalysts(['Bo Reviewer'], async ([bo]) => {
    await twoMarksJoined(bo, dbName, 'bo', FIGURE, 'f');
    await expect(syncIndicator(bo)).not.toContainText('waiting');

    // A colleague's Gloss settled Bo's copy onto hers (the same text, imported earlier) and sent
    // the deletion before her copy: Bo's live sync removes his article; his two annotations wait.
    const doc = (await allDocs(couch, dbName)).find((d) => d._id.startsWith('article:'))!;
    await putRaw(couch, dbName, { _id: doc._id, _rev: doc._rev, _deleted: true });
    await expect(articles(bo)).toHaveCount(0, { timeout: 30_000 });
    await upToDate(bo);
    await expect(syncIndicator(bo)).toContainText('2 waiting');
    // The empty library says they are not lost.
    await expect(bo.page.getByRole('note').filter({ hasText: 'Your library is empty' })).toContainText(
      '2 annotations of yours wait for their article to arrive through Team Sync',
    );
    await syncIndicator(bo).click();
    const waiting = syncDialog(bo).getByRole('region', { name: 'Waiting for their article' });
    await expect(waiting).toContainText(
      '2 annotations wait for their article (“Trump acknowledges Russia may have territorial ambitions beyond Ukraine”) to arrive from the server.',
    );
    await expect(waiting).toContainText('When it arrives, these annotations move onto it by themselves');
    await bo.page.screenshot({
      path: join('reports', 'screenshots', 'chromium-team-sync-twins-waiting.png'),
    });
    await bo.page.keyboard.press('Escape');

    // While they wait they can be edited: both made opinion at once in the table.
    await bo.page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Table' }).click();
    const grid = bo.page.getByRole('grid', { name: 'Annotations' });
    const rows = grid.getByRole('rowgroup', { name: 'Annotation rows' }).getByRole('row');
    await expect(rows).toHaveCount(2);
    // Their article's cell says why it is empty.
    await expect(rows.filter({ hasText: 'Waiting for its article' })).toHaveCount(2);
    await rows.nth(0).click();
    await rows.nth(1).click({ modifiers: ['Shift'] });
    await bo.page.getByLabel('Set stance of selected').selectOption('opinion');
    await expect(bo.page.getByRole('status').filter({ hasText: 'Set stance' })).toContainText(
      '2 of 2 annotations changed',
    );
    await expect(rows.filter({ hasText: 'opinion' })).toHaveCount(2);
    await bo.page.screenshot({
      path: join('reports', 'screenshots', 'chromium-team-sync-twins-waiting-edited.png'),
    });
    await bo.page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'Reader' }).click();
    await syncIndicator(bo).click();

    // Her copy arrives: the annotations move onto it, and the line goes.
    const theirs = {
      ...(doc['record'] as Article),
      id: 'art-ana',
      importedAt: '2025-06-26T08:00:00.000Z',
    };
    await putRaw(couch, dbName, { ...toDocument({ kind: 'article', record: theirs }, 'ana') });
    await expect(waiting).toHaveCount(0, { timeout: 30_000 });
    await expect(syncIndicator(bo)).not.toContainText('waiting');
    await bo.page.keyboard.press('Escape');
    await expect(articles(bo)).toHaveCount(1);
    await articles(bo).first().click();
    await expect(annotationItems(bo)).toHaveCount(2);
    await expect
      .poll(async () =>
        (await allDocs(couch, dbName))
          .filter((d) => d._id.startsWith('annotation:'))
          .map((d) => {
            const { articleId, stance } = d['record'] as { articleId: string; stance: string };
            return `${articleId} ${stance}`;
          }),
      )
      .toEqual(['art-ana opinion', 'art-ana opinion']);
  });
});

/** Ana's claim, both analysts joined; Bo writes a note on it (his last step) and Ana sees it. */
async function boNotesAnasClaim(ana: GlossApp, bo: GlossApp, dbName: string): Promise<void> {
  await importAndMark(ana, CLAIM, 'c');
  await hub.join(ana, dbName, 'ana');
  await hub.join(bo, dbName, 'bo');
  await openArticle(bo);
  await setNote(bo, 'it’s possible', 'Check the transcript.');
  await setNoteVisible(ana, 'it’s possible', 'Check the transcript.');
}

/** Ctrl+Z away from any field; the refusal notice it brings. */
async function undoRefused(app: GlossApp): Promise<Locator> {
  await app.page.locator('body').click({ position: { x: 5, y: 5 } });
  await app.page.keyboard.press('Control+z');
  return app.page.getByRole('alert').filter({ hasText: 'Could not undo' });
}

/** Skip this step on a refused undo of “Edit note”, and the word that it was skipped. */
async function skipEditNote(app: GlossApp, notice: Locator): Promise<void> {
  await notice.getByRole('button', { name: 'Skip this step' }).click();
  await expect(app.page.getByText('Skipped “Edit note”; Undo now takes the next step.')).toBeVisible();
}

test('an undo whose article a colleague removed since changes nothing and says so in words', async () => {
  const { couch } = hub;
  const dbName = await hub.newDatabase('gloss-e2e-undo-gone', ['ana', 'bo']);
  await withAnalysts(['Ana Analyst', 'Bo Reviewer'], async ([ana, bo]) => {
    // Bo writes a note on Ana's claim (his last step); Ana sees it, then deletes the article.
    await boNotesAnasClaim(ana, bo, dbName);
    await articles(ana).first().click();
    await ana.page.keyboard.press('Delete');
    await ana.page
      .getByRole('dialog', { name: 'Delete 1 article and 1 annotation?' })
      .getByRole('button', { name: 'Delete', exact: true })
      .click();
    await expect(articles(bo)).toHaveCount(0, { timeout: 30_000 });

    // Bo presses Ctrl+Z: the store refuses (the annotation's article is gone); the notice says so
    // in words, with the store's message only as the technical detail, and nothing changes.
    const notice = await undoRefused(bo);
    await expect(notice).toContainText(
      'Could not undo “Edit note”: its article is no longer in the library. Nothing was changed.',
    );
    await expect(notice).toContainText(
      'It was removed since: by a colleague, through Team Sync, or deleted for good. Skip this step to undo the ones before it; otherwise it stays in the history until the article comes back.',
    );
    // The store's message, with ids, only when asked for.
    const technical = notice.getByText('its article', { exact: false }).last();
    await expect(technical).toBeHidden();
    await bo.page.screenshot({ path: join('reports', 'screenshots', 'chromium-team-sync-undo-refused.png') });
    await notice.getByText('Technical detail').click();
    await expect(technical).toBeVisible();
    await expect(technical).toHaveText(
      /^This annotation \([0-9a-f-]+\) was not saved: its article [0-9a-f-]+ is not in the library\.$/,
    );
    // Skip this step: the step leaves Bo's history (it was his only one), nothing else changes.
    await skipEditNote(bo, notice);
    await bo.page.keyboard.press('Control+z');
    await expect(bo.page.getByText('Nothing to undo')).toBeVisible();
    await expect(articles(bo)).toHaveCount(0);
    await upToDate(bo);
    const docs = await allDocs(couch, dbName);
    expect(docs.filter((d) => d._id.startsWith('article:') || d._id.startsWith('annotation:'))).toEqual([]);
  });
});

test('an undo whose passage a colleague’s shorter text no longer holds changes nothing and offers Skip this step', async () => {
  const { couch } = hub;
  const dbName = await hub.newDatabase('gloss-e2e-undo-short', ['bo']);
  const LAST = 'Russian forces recently advanced in Vovchansk and near Pokrovsk';
  await withAnalysts(['Bo Reviewer'], async ([bo]) => {
    await twoMarksJoined(bo, dbName, 'bo', LAST, 'c');
    // Bo writes a note on the claim in the article's last paragraph (his last step).
    await setNote(bo, 'advanced in Vovchansk', 'Check against the map.');
    await upToDate(bo);

    // Another version of the article arrives through Team Sync: its text ends before that paragraph.
    const doc = (await allDocs(couch, dbName)).find((d) => d._id.startsWith('article:'))!;
    const record = doc['record'] as Article;
    const cut = record.blocks.at(-1)!.start;
    const text = record.text.slice(0, cut);
    const shorter: Article = {
      ...record,
      text,
      contentHash: createHash('sha256').update(text).digest('hex'),
      blocks: record.blocks.filter((b) => b.end <= cut),
      removed: record.removed.filter((r) => r.at <= cut),
      ...(record.footnotes ? { footnotes: record.footnotes.filter((f) => f.end <= cut) } : {}),
    };
    await putRaw(couch, dbName, { ...doc, record: shorter });
    // Taken in: the claim's passage is no longer in the text (the list marks it orphaned).
    await expect(item(bo, 'Vovchansk')).toContainText('orphaned', { timeout: 30_000 });
    await upToDate(bo);
    // The reader, open on the article all along, shows the text that came in.
    const reader = bo.page.getByRole('textbox', { name: 'Article text' });
    await expect(reader).not.toContainText(LAST);
    await expect(reader).toContainText(text.slice(-60).trim());
    // The suggestion outlines follow the text the orphan warning pushed down: none is left above it.
    await expect
      .poll(() =>
        bo.page.evaluate(() => {
          const top = document.querySelector('.reader-text')!.getBoundingClientRect().top;
          const boxes = [...document.querySelectorAll('.sg-box')].map((b) => b.getBoundingClientRect().top);
          return boxes.length > 0 && boxes.every((t) => t >= top - 1);
        }),
      )
      .toBe(true);

    // Ctrl+Z: refused in words, nothing changed, and a way forward.
    const notice = await undoRefused(bo);
    await expect(notice).toContainText(
      'Could not undo “Edit note”: the passage it puts back is no longer in its article’s text. Nothing was changed.',
    );
    await expect(notice).toContainText(
      '“Trump acknowledges Russia may have territorial ambitions beyond Ukraine” is shorter now than when the step was made',
    );
    await bo.page.screenshot({
      path: join('reports', 'screenshots', 'chromium-undo-refused-outside-text.png'),
    });
    await skipEditNote(bo, notice);
    // Undo goes on: the claim's creation is undone (it goes, here and on the server).
    await bo.page.keyboard.press('Control+z');
    await expect(bo.page.getByText('Undone: Create claim')).toBeVisible();
    await expect(annotationItems(bo)).toHaveCount(1);
    await upToDate(bo);
    await expect
      .poll(async () => (await allDocs(couch, dbName)).filter((d) => d._id.startsWith('annotation:')).length)
      .toBe(1);
  });
});

test('an undo that would throw away a colleague’s later change is refused in words, with Skip this step', async () => {
  const dbName = await hub.newDatabase('gloss-e2e-undo-theirs', ['ana', 'bo']);
  await withAnalysts(['Ana Analyst', 'Bo Reviewer'], async ([ana, bo]) => {
    // Bo writes a note on Ana's claim (his last step); then Ana makes the claim an opinion.
    await boNotesAnasClaim(ana, bo, dbName);
    await ana.page.keyboard.press('Escape');
    await selectAnnotation(ana, 'it’s possible');
    await ana.page.keyboard.press('o');
    // The stance badge (the open editor's stance list also says “Opinion”).
    const opinion = (app: GlossApp) => item(app, 'it’s possible').locator('.badge.stance-opinion');
    await expect(opinion(ana)).toBeVisible();
    await expect(opinion(bo)).toBeVisible({ timeout: 30_000 });
    await upToDate(bo);

    // Bo's Ctrl+Z would put his earlier state back whole, Ana's stance with it: refused, in words.
    const notice = await undoRefused(bo);
    await expect(notice).toContainText(
      'Could not undo “Edit note”: Ana Analyst changed its annotation since. Nothing was changed.',
    );
    await expect(notice).toContainText('the annotation stays as Ana Analyst left it');
    await bo.page.screenshot({ path: join('reports', 'screenshots', 'chromium-undo-refused-theirs.png') });
    await skipEditNote(bo, notice);
    await expect(opinion(bo)).toBeVisible();
    await expect(editor(bo).getByLabel('Note')).toHaveValue('Check the transcript.');
    await expect(opinion(ana)).toBeVisible();
  });
});
