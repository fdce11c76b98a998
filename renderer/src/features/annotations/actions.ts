import { describe as describeRange, snapToWords } from '../../../../core/anchoring';
import { suggestAttribution } from '../../../../core/annotate/attribution';
import { parseFigure } from '../../../../core/annotate/figures';
import type { Annotation, AnnotationKind, Article } from '../../../../core/model';
import { annotationFields } from '../../../../core/suggest/fields';
import type { Suggestion } from '../../../../core/suggest/types';
import { db } from '../../db';
import {
  createAnnotations,
  currentAnalyst,
  deleteAnnotations,
  ensureTags,
  redo,
  skipStep,
  undo,
  updateAnnotations,
  type AnnotationPatch,
} from '../../db/annotations';
import { runCommand } from '../../platform/gloss';
import { useGloss } from '../../store';
import { describeHistoryRefusal } from './history-refusal';

/** Creates an annotation of `kind` over [start, end) of the article, selects it, and returns it. */
/** Annotations being created: keys pressed before the write completes apply to them. */
const inFlight = new Map<string, Promise<Annotation>>();

/**
 * The stored annotation with this id, once any creation of it in progress has completed (a
 * key pressed straight after creating acts on the new annotation, not on the previous one).
 */
export async function storedAnnotation(id: string): Promise<Annotation | undefined> {
  await inFlight.get(id)?.catch(() => undefined);
  return db.annotations.get(id);
}

/**
 * Creates an annotation of the selected span; it becomes the selected annotation at once,
 * before it is stored, so that the next key (O, R, 1–6, N…) applies to it.
 */
export function createAnnotation(
  article: Pick<Article, 'id' | 'text'>,
  start: number,
  end: number,
  kind: AnnotationKind,
): Promise<Annotation> {
  const id = crypto.randomUUID();
  const done = storeNewAnnotation(id, article, start, end, kind);
  inFlight.set(id, done);
  window.getSelection()?.removeAllRanges();
  useGloss.setState({ pendingSelection: null, selectedAnnotationId: id });
  void done.then(
    () => inFlight.delete(id),
    (err: unknown) => {
      inFlight.delete(id);
      if (useGloss.getState().selectedAnnotationId === id) useGloss.setState({ selectedAnnotationId: null });
      useGloss.getState().notify('error', `The annotation could not be stored: ${String(err)}`);
    },
  );
  return done;
}

async function storeNewAnnotation(
  id: string,
  article: Pick<Article, 'id' | 'text'>,
  start: number,
  end: number,
  kind: AnnotationKind,
): Promise<Annotation> {
  const state = useGloss.getState();
  const span = state.snapToWords ? snapToWords(article.text, start, end) : { start, end };
  const selectors = describeRange(article.text, span.start, span.end);
  const quote = article.text.slice(span.start, span.end);
  const now = new Date().toISOString();
  const suggested = suggestAttribution(article.text, span.start, span.end);
  const author = await currentAnalyst(db);
  const annotation: Annotation = {
    id,
    articleId: article.id,
    selectors,
    kind,
    stance: null,
    note: '',
    tags: [],
    attribution: suggested ?? '',
    // A machine suggestion stays marked as one until the analyst confirms or edits it.
    ...(suggested ? { attributionSource: 'suggested' as const } : {}),
    credibility: null,
    figure: kind === 'figure' ? parseFigure(quote) : null,
    author,
    createdAt: now,
    updatedAt: now,
    updatedBy: author,
    provenance: {},
    deletedAt: null,
  };
  await createAnnotations(db, [annotation], `Create ${kind}`);
  return annotation;
}

/**
 * Makes annotations of accepted suggestions, with the suggested fields, in one undoable step
 * ("Accept all figures" is one step, not one per figure). The suggested span is kept as it is
 * (the pass already ends on whole words). The first becomes the selected annotation.
 */
export async function acceptSuggestions(
  article: Pick<Article, 'id' | 'text'>,
  suggestions: Suggestion[],
): Promise<Annotation[]> {
  if (suggestions.length === 0) return [];
  const author = await currentAnalyst(db);
  const now = new Date().toISOString();
  const made: Annotation[] = suggestions.map((s) => ({
    id: crypto.randomUUID(),
    articleId: article.id,
    selectors: describeRange(article.text, s.start, s.end),
    note: '',
    tags: [],
    credibility: null,
    ...annotationFields(s),
    author,
    createdAt: now,
    updatedAt: now,
    updatedBy: author,
    provenance: {},
    deletedAt: null,
  }));
  const label =
    made.length === 1 ? `Accept suggested ${suggestions[0]!.type}` : `Accept ${made.length} suggestions`;
  await createAnnotations(db, made, label);
  useGloss.setState({ pendingSelection: null, selectedAnnotationId: made[0]!.id });
  return made;
}

/** Changes fields of one annotation (one undo step). A kind change to figure parses the figure. */
export async function editAnnotation(
  annotation: Annotation,
  patch: AnnotationPatch,
  label = 'Edit annotation',
): Promise<void> {
  const next = { ...patch };
  if (patch.kind === 'figure' && annotation.kind !== 'figure' && !annotation.figure) {
    const quote = annotation.selectors.find((s) => s.type === 'TextQuoteSelector');
    if (quote && quote.type === 'TextQuoteSelector') next.figure = parseFigure(quote.exact);
  }
  if (patch.tags) await ensureTags(db, patch.tags);
  await updateAnnotations(db, [annotation.id], next, label);
}

/** Moves one edge of an annotation by a word (Shift+Alt+arrows). */
export async function adjustBoundary(
  article: Pick<Article, 'text'>,
  annotation: Annotation,
  current: { start: number; end: number },
  edge: 'start' | 'end',
  direction: -1 | 1,
): Promise<void> {
  const text = article.text;
  const step = (from: number): number => {
    let i = from;
    if (direction > 0) {
      while (i < text.length && /\s/u.test(text[i]!)) i++;
      while (i < text.length && !/\s/u.test(text[i]!)) i++;
    } else {
      while (i > 0 && /\s/u.test(text[i - 1]!)) i--;
      while (i > 0 && !/\s/u.test(text[i - 1]!)) i--;
    }
    return i;
  };
  let { start, end } = current;
  if (edge === 'end') end = direction > 0 ? step(end) : Math.max(start + 1, trimEnd(text, step(end)));
  else start = direction < 0 ? step(start) : Math.min(end - 1, skipSpace(text, step(start)));
  if (start === current.start && end === current.end) return;
  await updateAnnotations(db, [annotation.id], { selectors: describeRange(text, start, end) }, 'Adjust span');
}

const trimEnd = (text: string, i: number): number => {
  let k = i;
  while (k > 0 && /\s/u.test(text[k - 1]!)) k--;
  return k;
};
const skipSpace = (text: string, i: number): number => {
  let k = i;
  while (k < text.length && /\s/u.test(text[k]!)) k++;
  return k;
};

/** Re-attaches an annotation (for example an orphan) to a new span. */
export async function reattach(
  article: Pick<Article, 'text'>,
  annotation: Annotation,
  start: number,
  end: number,
): Promise<void> {
  await updateAnnotations(
    db,
    [annotation.id],
    { selectors: describeRange(article.text, start, end) },
    'Re-attach annotation',
  );
  window.getSelection()?.removeAllRanges();
  useGloss.setState({ pendingSelection: null, selectedAnnotationId: annotation.id });
}

export async function removeAnnotation(annotation: Annotation): Promise<void> {
  await deleteAnnotations(db, [annotation.id]);
  useGloss.setState({ selectedAnnotationId: null });
}

/**
 * Undo / redo the last annotation change, saying what was undone. A step that cannot be put back
 * (the store refuses it, e.g. its article was removed since) changes nothing — one transaction —
 * and says why.
 */
export const undoLast = (): Promise<void> => stepHistory('undo');
export const redoLast = (): Promise<void> => stepHistory('redo');

/**
 * Skip this step (offered when the store refused an undo or redo): drops step `seq` from the
 * history, if it is still next, so that undo (redo) reaches the steps beyond it.
 */
export async function skipRefusedStep(which: 'undo' | 'redo', seq: number): Promise<void> {
  const { notify } = useGloss.getState();
  const label = await skipStep(db, which, seq);
  if (label)
    notify('info', `Skipped “${label}”; ${which === 'undo' ? 'Undo' : 'Redo'} now takes the next step.`);
  else notify('info', `Nothing skipped: the history changed since; ${which} again to see where it stands.`);
}

async function stepHistory(which: 'undo' | 'redo'): Promise<void> {
  const { notify } = useGloss.getState();
  let done;
  try {
    done = await (which === 'undo' ? undo : redo)(db);
  } catch (err) {
    const refusal = await describeHistoryRefusal(db, which, err);
    const offers = {
      'open-trash': { label: 'Open Trash', run: () => runCommand('open-trash') },
      skip: { label: 'Skip this step', run: () => skipRefusedStep(which, refusal.seq!) },
    };
    const offer = refusal.offer ? offers[refusal.offer] : undefined;
    notify('error', refusal.title, refusal.details, offer, refusal.technical);
    return;
  }
  if (!done) notify('info', `Nothing to ${which}`);
  else {
    notify('info', `${which === 'undo' ? 'Undone' : 'Redone'}: ${done.label}`);
    if (which === 'undo') useGloss.setState({ selectedAnnotationId: null });
  }
}
