import { planMerge } from '../../../../core/merge';
import { ProjectFileError, writeProjectFile, type ProjectDocument } from '../../../../core/project';
import type { Analyst } from '../../../../core/model';
import { db } from '../../db';
import { currentAnalyst } from '../../db/annotations';
import {
  projectCounts,
  readProjectDocument,
  readSetProjectDocument,
  replaceStore,
  storeIsEmpty,
} from '../../db/project-data';
import { idsOfSet } from '../export/table-scopes';
import { readRows } from '../table/read-rows';
import { hasBridge, pickFiles, saveFile } from '../../platform/gloss';
import { useGloss } from '../../store';
import { backUpNow, markBackupNeeded } from './backups';
import { undoableMerge, undoMerge } from './merge-undo';
import type { ProjectPhase } from './project-jobs';
import { inProjectWorker } from './project-worker';

/** The filter of every project-file dialog. */
export const PROJECT_FILTERS = [{ name: 'Gloss project', extensions: ['gloss'] }];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** “3 articles, 41 annotations”. */
export function describeCounts(c: { articles: number; annotations: number }): string {
  return `${plural(c.articles, 'article')}, ${plural(c.annotations, 'annotation')}`;
}

/** The analyst who owns what this profile saves. */
export function me(): Promise<Analyst> {
  return currentAnalyst(db);
}

/** The whole library as a project document owned by this profile's analyst. */
export async function currentProject(): Promise<ProjectDocument> {
  return readProjectDocument(db, await me());
}

const PHASES: Record<ProjectPhase, string> = {
  'reading-library': 'reading the library',
  compressing: 'compressing',
  'reading-file': 'reading the file',
};

/** Shows a project job's current step in the toolbar's busy label: “Saving project: compressing…”. */
export function phaseLabel(label: string): (phase: ProjectPhase) => void {
  return (phase) => useGloss.getState().setProjectBusy(`${label.replace(/…$/, '')}: ${PHASES[phase]}…`);
}

async function busy<T>(label: string, work: () => Promise<T>): Promise<T> {
  const { setProjectBusy } = useGloss.getState();
  setProjectBusy(label);
  try {
    return await work();
  } finally {
    setProjectBusy(null);
  }
}

function fail(title: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  useGloss.getState().notify('error', title, [message]);
}

const fileSafe = (name: string) =>
  name
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80) || 'Gloss project';

/** File > Save project as…: the whole library into a `.gloss` file, written atomically. */
export async function saveProjectAs(): Promise<void> {
  try {
    await busy('Saving project…', async () => {
      // Read and compressed in the project worker: the window stays responsive.
      const { bytes, summary } = await inProjectWorker(
        { type: 'save', dbName: db.name, analyst: await me(), savedAt: new Date().toISOString() },
        phaseLabel('Saving project…'),
      );
      const analyst = summary.analyst.name ? ` ${summary.analyst.name}` : '';
      const day = summary.savedAt.slice(0, 10);
      const saved = await saveFile({
        title: 'Save project as',
        suggestedName: `${fileSafe(`${summary.name}${analyst} ${day}`)}.gloss`,
        filters: PROJECT_FILTERS,
        bytes,
      });
      if (saved.canceled) return;
      useGloss
        .getState()
        .notify('success', `Saved the project as “${saved.name}”: ${describeCounts(summary.counts)}.`);
    });
  } catch (err) {
    fail('The project could not be saved.', err);
  }
}

/**
 * Save set as project… (the set's entry in the library sidebar): the set's annotations, the
 * articles they are on, their sources' grades, the tag vocabulary and the set itself, in a
 * `.gloss` file of its own. A filter set is evaluated now; a set with nothing in it is refused.
 */
export async function saveSetAsProject(setId: string): Promise<void> {
  try {
    await busy('Saving set…', async () => {
      const set = await db.sets.get(setId);
      if (!set) throw new Error('This set no longer exists.');
      // A pinned set names its annotations; a filter set is evaluated over the table's rows.
      const ids = set.type === 'pinned' ? set.annotationIds : idsOfSet(set, await readRows());
      const doc = await readSetProjectDocument(db, await me(), set, ids);
      if (doc.annotations.length === 0) {
        useGloss
          .getState()
          .notify('info', `The set “${set.name}” holds no annotation now: there is nothing to save.`);
        return;
      }
      const bytes = (await writeProjectFile(doc)) as Uint8Array<ArrayBuffer>;
      const saved = await saveFile({
        title: `Save set “${set.name}” as project`,
        suggestedName: `${fileSafe(`${set.name} ${doc.envelope.savedAt.slice(0, 10)}`)}.gloss`,
        filters: PROJECT_FILTERS,
        bytes,
      });
      if (saved.canceled) return;
      useGloss
        .getState()
        .notify(
          'success',
          `Saved the set “${set.name}” as “${saved.name}”: ${describeCounts(projectCounts(doc))}.`,
        );
    });
  } catch (err) {
    fail('The set could not be saved as a project.', err);
  }
}

/**
 * Reads a project file the user picked (or the system handed over), in the project worker. A
 * file that is not a valid project is reported and nothing changes.
 */
export async function readPickedProject(name: string, bytes: Uint8Array): Promise<ProjectDocument | null> {
  try {
    return (await inProjectWorker({ type: 'read', bytes }, phaseLabel('Reading project…'))).doc;
  } catch (err) {
    const reason =
      err instanceof ProjectFileError ? err.message : `Unexpected problem: ${(err as Error).message}`;
    useGloss.getState().notify('error', `“${name}” could not be opened; the library is unchanged.`, [reason]);
    return null;
  }
}

/** Shows the merge preview of `theirs` against the library as it is now. */
export async function previewMerge(fileName: string, theirs: ProjectDocument): Promise<void> {
  try {
    await busy('Comparing…', async () => {
      const mine = await currentProject();
      const plan = planMerge(mine, theirs);
      useGloss.getState().setProjectDialog({ kind: 'merge', fileName, mine, theirs, plan });
    });
  } catch (err) {
    fail(`“${fileName}” could not be compared with the library.`, err);
  }
}

/**
 * Replaces the library with `doc` (one transaction) and says so. The library it replaces is
 * backed up first, so that nothing is lost.
 */
export async function replaceLibrary(fileName: string, doc: ProjectDocument): Promise<boolean> {
  try {
    const backedUp = await busy('Opening project…', async () => {
      const backup = hasBridge() && !(await storeIsEmpty(db)) ? await backUpNow() : null;
      await replaceStore(db, doc);
      return backup;
    });
    markBackupNeeded();
    const { notify, selectArticle } = useGloss.getState();
    selectArticle(null);
    notify(
      'success',
      `Opened “${fileName}”: ${describeCounts(projectCounts(doc))}.`,
      backedUp ? ['The library it replaced was backed up: Help > Restore from backup… brings it back.'] : [],
    );
    return true;
  } catch (err) {
    fail(`“${fileName}” could not be opened; the library is unchanged.`, err);
    return false;
  }
}

/**
 * What to do with a project file that was read: merge it, or open it (at once into an empty
 * library, else after asking whether to replace the library or merge into it).
 */
export async function handleProjectFile(
  name: string,
  bytes: Uint8Array,
  mode: 'open' | 'merge',
): Promise<void> {
  const doc = await busy('Reading project…', () => readPickedProject(name, bytes));
  if (!doc) return;
  if (mode === 'merge') return previewMerge(name, doc);
  if (await storeIsEmpty(db)) {
    await replaceLibrary(name, doc);
    return;
  }
  useGloss.getState().setProjectDialog({ kind: 'open', fileName: name, theirs: doc, storeEmpty: false });
}

/** File > Open project… (mode `open`) and File > Import and merge… (mode `merge`). */
export async function openProjectFromDialog(mode: 'open' | 'merge'): Promise<void> {
  try {
    const picked = await pickFiles({
      title: mode === 'merge' ? 'Import and merge a project' : 'Open project',
      filters: PROJECT_FILTERS,
      multiple: false,
      purpose: 'project',
    });
    if (picked.canceled) return;
    for (const u of picked.unread) {
      useGloss
        .getState()
        .notify('error', `“${u.name}” could not be opened; the library is unchanged.`, [u.reason]);
    }
    const file = picked.files[0];
    if (file) await handleProjectFile(file.name, file.bytes, mode);
  } catch (err) {
    fail('The project could not be opened.', err);
  }
}

/**
 * Undo merge (the merge notice's button, or Edit › Undo when the merge is the last step): the
 * library goes back to the backup written before the merge; the merged library is backed up
 * first, so that the undo can itself be undone from the backups list.
 */
export async function undoLastMerge(): Promise<void> {
  try {
    const undone = await busy('Undoing the merge…', undoMerge);
    const { notify, selectArticle } = useGloss.getState();
    if (!undone) {
      notify('info', 'There is no merge to undo.');
      return;
    }
    selectArticle(null);
    notify('success', `Undone: the merge of “${undone.fileName}”. The library is as it was before it.`, [
      'The merged library was backed up: Help › Restore from backup… brings it back.',
    ]);
  } catch (err) {
    fail('The merge could not be undone; the library is unchanged.', err);
  }
}

/** Edit › Undo: the last merge when it is the newest step, else the last annotation change. */
export async function undoLastStep(undoEdit: () => Promise<void>): Promise<void> {
  if (await undoableMerge()) await undoLastMerge();
  else await undoEdit();
}
