import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Article } from '../../../../core/model';
import { readsEnglish } from '../../../../core/suggest/language';
import { SUGGESTION_TYPES, type SentenceSpan, type Suggestion } from '../../../../core/suggest/types';
import { useGloss } from '../../store';
import { acceptSuggestions } from '../annotations/actions';
import type { Anchored } from '../annotations/anchored';
import { addRejections, clearRejections, loadRejections, rejectionKey } from './rejections';
import { suggestClient } from './suggest-client';

export type SuggestStatus = 'running' | 'ready' | 'error';

export interface Suggestions {
  status: SuggestStatus;
  /** What the analyst has not yet accepted, rejected or annotated, one per span. */
  visible: Suggestion[];
  /** The article's sentences, as the pass read them (the caret moves by them). */
  sentences: SentenceSpan[];
  rejectedCount: number;
  /** The article's language when the rules (written for English) do not apply to it, else ''. */
  otherLanguage: string;
  ms: number;
  error: string;
  rerun(): void;
  accept(list: Suggestion[]): Promise<void>;
  reject(list: Suggestion[]): Promise<void>;
  restoreRejected(): Promise<void>;
}

const ORDER = new Map(SUGGESTION_TYPES.map((t, i) => [t, i]));

/**
 * The suggestions no annotation covers (the analyst's annotations win): an annotation covers a
 * suggestion when they overlap by half their union or it holds the suggestion whole. A sweep
 * over the annotations sorted by start, so that thousands of each stay cheap.
 */
function uncovered(suggestions: Suggestion[], anchored: Anchored[]): Suggestion[] {
  const spans = anchored
    .filter((a) => a.status !== 'orphan')
    .map((a) => ({ start: a.start, end: a.end }))
    .sort((a, b) => a.start - b.start);
  const longest = spans.reduce((m, a) => Math.max(m, a.end - a.start), 0);
  const firstFrom = (at: number): number => {
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid]!.start < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return suggestions.filter((s) => {
    for (let i = firstFrom(s.start - longest); i < spans.length && spans[i]!.start < s.end; i++) {
      const a = spans[i]!;
      const overlap = Math.min(a.end, s.end) - Math.max(a.start, s.start);
      if (overlap <= 0) continue;
      const union = Math.max(a.end, s.end) - Math.min(a.start, s.start);
      if (overlap / union >= 0.5 || (a.start <= s.start && a.end >= s.end)) return false;
    }
    return true;
  });
}

/**
 * The suggestion pass for the open article: asked of the worker when the article opens (and
 * answered from the pass run on import when there was one), filtered by the article's
 * rejections and by the annotations that already cover a span.
 */
export function useSuggestions(article: Article | undefined, anchored: Anchored[]): Suggestions {
  const [result, setResult] = useState<{
    key: string;
    suggestions: Suggestion[];
    sentences: SentenceSpan[];
    ms: number;
    error: string;
  } | null>(null);
  const [rejected, setRejected] = useState<{ articleId: string; keys: Set<string> } | null>(null);
  const [runs, setRuns] = useState(0);
  const announce = useGloss((s) => s.announce);

  useEffect(() => {
    if (!article) return;
    let live = true;
    const key = article.contentHash;
    suggestClient.get(article, runs > 0).then(
      (r) => {
        if (!live) return;
        performance.mark('gloss:suggest:arrived');
        setResult({ key, ...r, error: '' });
        announce(`${r.suggestions.length} suggestions found.`);
      },
      (err: unknown) => live && setResult({ key, suggestions: [], sentences: [], ms: 0, error: String(err) }),
    );
    return () => {
      live = false;
    };
  }, [article, runs, announce]);

  useEffect(() => {
    if (!article) return;
    let live = true;
    void loadRejections(article.id).then((keys) => live && setRejected({ articleId: article.id, keys }));
    return () => {
      live = false;
    };
  }, [article]);

  const otherLanguage = useMemo(
    () => (article && !readsEnglish(article.text, article.language) ? article.language : ''),
    [article],
  );
  const current = article && result?.key === article.contentHash ? result : null;
  const keys = article && rejected?.articleId === article.id ? rejected.keys : null;

  const visible = useMemo(() => {
    if (!current || !keys) return [];
    const bySpan = new Map<string, Suggestion>();
    for (const s of uncovered(current.suggestions, anchored)) {
      if (keys.has(rejectionKey(s))) continue;
      // One outline per span: the first type in the vocabulary's order (figure, quotation, …).
      const span = `${s.start}-${s.end}`;
      const had = bySpan.get(span);
      if (!had || ORDER.get(s.type)! < ORDER.get(had.type)!) bySpan.set(span, s);
    }
    return [...bySpan.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  }, [current, keys, anchored]);

  const accept = useCallback(
    async (list: Suggestion[]) => {
      if (!article || list.length === 0) return;
      await acceptSuggestions(article, list);
      announce(
        list.length === 1
          ? `Accepted the ${list[0]!.type} “${list[0]!.quote.slice(0, 80)}”.`
          : `Accepted ${list.length} suggestions.`,
      );
    },
    [article, announce],
  );
  const reject = useCallback(
    async (list: Suggestion[]) => {
      if (!article || list.length === 0) return;
      const all = await addRejections(article.id, list.map(rejectionKey));
      setRejected({ articleId: article.id, keys: all });
      announce(list.length === 1 ? `Rejected the ${list[0]!.type} suggestion.` : `Rejected ${list.length}.`);
    },
    [article, announce],
  );
  const restoreRejected = useCallback(async () => {
    if (!article) return;
    await clearRejections(article.id);
    setRejected({ articleId: article.id, keys: new Set() });
  }, [article]);

  return {
    status: current ? (current.error ? 'error' : 'ready') : 'running',
    visible,
    sentences: current?.sentences ?? [],
    rejectedCount: keys?.size ?? 0,
    otherLanguage,
    ms: current?.ms ?? 0,
    error: current?.error ?? '',
    rerun: () => setRuns((n) => n + 1),
    accept,
    reject,
    restoreRejected,
  };
}
