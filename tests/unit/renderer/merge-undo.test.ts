import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BRIDGE_METHODS, MENU_COMMANDS } from '../../../core/bridge/channels';
import { buildBridge } from '../../../core/bridge/build';
import type { ExportInput } from '../../../core/exporters';
import { resolveAll } from '../../../core/merge';
import type { Annotation } from '../../../core/model';
import { createHandlers, dispatchInvoke, type HandlerDeps } from '../../../main/ipc/handlers';
import { db } from '../../../renderer/src/db';
import { addArticles } from '../../../renderer/src/db/articles';
import { updateAnnotations } from '../../../renderer/src/db/annotations';
import { GlossDB, getMeta, putMeta } from '../../../renderer/src/db/db';
import { importFiles } from '../../../renderer/src/features/import/import-files';
import {
  mergeBackupsByName,
  mergeWithBackup,
  undoMerge,
  undoableMerge,
} from '../../../renderer/src/features/project/merge-undo';
import { inProjectWorker } from '../../../renderer/src/features/project/project-worker';
import { teamSyncFor } from '../main/secret-box';
import { storeAnnotations } from './records';

/**
 * Merging a colleague's file backs the library up first and can be undone, through the real
 * main-process handlers (backups written to a temporary folder) reached over the bridge built
 * from the one table, as the app reaches them: no stand-in for the backup code.
 */
const root = resolve(import.meta.dirname, '../../..');
const ME = { id: 'analyst-bob', name: 'Bob Reviewer' };
const dataset = (): ExportInput =>
  JSON.parse(readFileSync(resolve(root, 'tests/fixtures/export/dataset.json'), 'utf8')) as ExportInput;
const crafted = () => ({
  name: 'crafted-future-tombstone.json',
  bytes: new Uint8Array(
    readFileSync(resolve(root, 'tests/fixtures/export-bad/crafted-future-tombstone.json')),
  ),
});

let backupsDir: string;
let workDir: string;
const deps = (): HandlerDeps => ({
  showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
  showSaveDialog: async () => ({ canceled: true }),
  appInfo: () => ({ name: 'Gloss', version: '0.1.0', platform: 'linux', host: 'electron', versions: {} }),
  backupsDir,
  takeOpenedPaths: () => [],
  readyToQuit: () => undefined,
  teamSync: teamSyncFor(),
});

beforeAll(() => {
  const handlers = createHandlers(
    new Proxy({} as HandlerDeps, { get: (_t, key: keyof HandlerDeps) => deps()[key] }),
  );
  const gloss = buildBridge(
    BRIDGE_METHODS,
    MENU_COMMANDS,
    (channel, arg) => dispatchInvoke(handlers, channel, arg, true),
    () => () => undefined,
  );
  (globalThis as { window?: unknown }).window = { gloss };
});
afterAll(() => {
  delete (globalThis as { window?: unknown }).window;
});

beforeEach(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'gloss-merge-undo-'));
  backupsDir = join(workDir, 'backups');
  await db.open();
  await Promise.all(db.tables.map((t) => t.clear()));
  await putMeta(db, 'analyst', ME);
  await putMeta(db, 'project', { name: 'Ukraine desk', syncs: [] });
});
afterEach(() => rmSync(workDir, { recursive: true, force: true }));

/** Everything a library holds, comparable across a round trip (order-free). */
async function snapshot() {
  const sorted = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, b) => (key(a) < key(b) ? -1 : 1));
  return {
    articles: sorted(await db.articles.toArray(), (a) => a.id),
    bodies: sorted(await db.bodies.toArray(), (b) => b.id),
    annotations: sorted(await db.annotations.toArray(), (a) => a.id),
    sourceGrades: sorted(await db.sourceGrades.toArray(), (g) => g.source),
    tags: sorted(await db.tags.toArray(), (t) => t.name),
    sets: sorted(await db.sets.toArray(), (s) => s.id),
    project: (await getMeta(db, 'project')) ?? null,
  };
}

async function libraryOfDataset(): Promise<Annotation[]> {
  const d = dataset();
  await addArticles(db, d.articles);
  await storeAnnotations(db, d.annotations);
  await db.sourceGrades.bulkAdd(d.sourceGrades);
  return d.annotations;
}

/** Import Articles… of the crafted export, then the merge preview with “Keep theirs for all”. */
async function mergeCrafted() {
  const read = await importFiles(db, [crafted()]);
  const theirs = read.exports![0]!.doc;
  // The preview's plan, made in the project worker (here: on this thread) against the library.
  const { plan, expected } = await inProjectWorker({
    type: 'plan',
    dbName: db.name,
    analyst: ME,
    theirs: { doc: theirs },
  });
  expect(plan.conflicts.length).toBeGreaterThanOrEqual(2);
  return mergeWithBackup(
    'crafted-future-tombstone.json',
    { doc: theirs },
    expected,
    resolveAll(plan, 'theirs'),
  );
}

describe('a merge backs the library up first and can be undone completely', () => {
  it('undoes a crafted file that rewrote one annotation and deleted another', async () => {
    const stored = await libraryOfDataset();
    const [first, second, third] = [stored[0]!, stored[1]!, stored[2]!];
    // A step taken before the merge: undoing the merge brings back the library it belongs to.
    await updateAnnotations(db, [third.id], { note: 'Before the merge' }, 'Edit note');
    const before = await snapshot();

    const outcome = await mergeCrafted();
    expect(outcome.undoable).toBe(true);
    // The backup was written before the merge, and holds the library as it was.
    const backups = readdirSync(backupsDir);
    expect(backups).toHaveLength(1);
    expect(outcome.backup?.backup).toBe(backups[0]);
    // The merge did what the file asked: a rewritten note, a deletion.
    expect((await db.annotations.get(first.id))?.note).toBe('Rewritten by a crafted export.');
    expect((await db.annotations.get(second.id))?.deletedAt).not.toBeNull();
    expect(await snapshot()).not.toEqual(before);
    expect(await undoableMerge()).toMatchObject({ fileName: 'crafted-future-tombstone.json' });

    const undone = await undoMerge();
    expect(undone).toMatchObject({ fileName: 'crafted-future-tombstone.json' });
    expect(undone!.changes).toBeGreaterThanOrEqual(2);
    // Every record as it was, the tombstone gone, the note back; nothing left to undo.
    expect(await snapshot()).toEqual(before);
    expect(await undoableMerge()).toBeNull();
    expect((await db.history.toArray()).map((h) => h.label)).toEqual(['Edit note']);
    // The merged library was itself backed up first (the undo can be undone from the list).
    expect(readdirSync(backupsDir), readdirSync(backupsDir).join(' ')).toHaveLength(2);
  });

  it('survives a reload: the undo record is in the store, and the backups list names the backup', async () => {
    await libraryOfDataset();
    const outcome = await mergeCrafted();
    // Another connection to the same database, as a reloaded window opens it.
    const reopened = new GlossDB(db.name);
    try {
      expect(await getMeta(reopened, 'mergeUndo')).toMatchObject({
        backup: outcome.backup!.backup,
        fileName: 'crafted-future-tombstone.json',
      });
    } finally {
      reopened.close();
    }
    expect((await mergeBackupsByName()).get(outcome.backup!.backup!)).toMatchObject({
      fileName: 'crafted-future-tombstone.json',
    });
  });

  it('Edit › Undo takes back edits made after the merge first, then the merge', async () => {
    const stored = await libraryOfDataset();
    // A step undone before the merge cannot be redone over the merged records afterwards.
    const { redo, undo } = await import('../../../renderer/src/db/annotations');
    await updateAnnotations(db, [stored[3]!.id], { note: 'Undone before the merge' }, 'Edit note');
    await undo(db);
    await mergeCrafted();
    expect(await redo(db)).toBeNull();
    const third = stored[2]!;
    await updateAnnotations(db, [third.id], { note: 'After the merge' }, 'Edit note');
    expect(await undoableMerge()).toBeNull();
    // The edit is the newest step; once it is undone the merge is.
    await undo(db);
    expect(await undoableMerge()).not.toBeNull();
  });

  it('says so, and changes nothing, when the backup was pruned before the undo', async () => {
    await libraryOfDataset();
    const outcome = await mergeCrafted();
    const merged = await snapshot();
    rmSync(join(backupsDir, outcome.backup!.backup!));
    await expect(undoMerge()).rejects.toThrow(/is no longer kept .* so the merge cannot be undone/);
    expect(await snapshot()).toEqual(merged);
    // Edit › Undo no longer offers it.
    expect(await undoableMerge()).toBeNull();
  });

  it('merges nothing when the backup cannot be written', async () => {
    await libraryOfDataset();
    const before = await snapshot();
    // A file where the backups folder should be: the backup fails.
    writeFileSync(backupsDir, 'not a folder');
    await expect(mergeCrafted()).rejects.toThrow(/Nothing was merged/);
    expect(await snapshot()).toEqual(before);
    expect(await getMeta(db, 'mergeUndo')).toBeUndefined();
  });

  it('a merge into an empty library is undone by emptying it again', async () => {
    const read = await importFiles(db, [
      {
        name: 'dataset.json',
        bytes: new Uint8Array(
          readFileSync(resolve(root, 'tests/fixtures/export-bad/crafted-future-tombstone.json')),
        ),
      },
    ]);
    const theirs = read.exports![0]!.doc;
    const { plan, expected } = await inProjectWorker({
      type: 'plan',
      dbName: db.name,
      analyst: ME,
      theirs: { doc: theirs },
    });
    const outcome = await mergeWithBackup(
      'dataset.json',
      { doc: theirs },
      expected,
      resolveAll(plan, 'both'),
    );
    expect(outcome.backup).toMatchObject({ backup: null });
    expect(await db.annotations.count()).toBeGreaterThan(0);
    await undoMerge();
    expect(await db.articles.count()).toBe(0);
    expect(await db.annotations.count()).toBe(0);
  });
});
