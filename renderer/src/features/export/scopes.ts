import type { ExportScope } from '../../db/export-data';

/** What the window shows now, from which the export dialog offers its scopes. */
export interface ScopeContext {
  /** The article open in the reader. */
  article: { id: string; title: string } | null;
  /** The annotations selected in the reader or the annotations pane. */
  selectedAnnotationIds: string[];
}

/** One entry of the dialog's scope list. */
export interface ScopeOption {
  id: string;
  label: string;
  /** A second line: what exactly the entry stands for now, or why it is unavailable. */
  detail(ctx: ScopeContext): string;
  /** The scope, or null when the entry does not apply now (it is then shown disabled). */
  scope(ctx: ScopeContext): ExportScope | null;
  /** What the suggested file name says about the scope. */
  naming(ctx: ScopeContext): { kind: 'selection' | 'article' | 'project'; title?: string };
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * The scopes the export dialog offers, in order. Saved sets and the library's filters (issue
 * "Library") join this list as further entries.
 */
export const SCOPE_OPTIONS: readonly ScopeOption[] = [
  {
    id: 'selection',
    label: 'Selected annotations',
    detail: (ctx) =>
      ctx.selectedAnnotationIds.length
        ? `${plural(ctx.selectedAnnotationIds.length, 'annotation')} selected`
        : 'Select an annotation in the reader first',
    scope: (ctx) =>
      ctx.selectedAnnotationIds.length
        ? { kind: 'selection', annotationIds: ctx.selectedAnnotationIds }
        : null,
    naming: (ctx) => ({ kind: 'selection', ...(ctx.article ? { title: ctx.article.title } : {}) }),
  },
  {
    id: 'article',
    label: 'Current article',
    detail: (ctx) => ctx.article?.title || 'Open an article first',
    scope: (ctx) => (ctx.article ? { kind: 'article', articleId: ctx.article.id } : null),
    naming: (ctx) => ({ kind: 'article', ...(ctx.article ? { title: ctx.article.title } : {}) }),
  },
  {
    id: 'project',
    label: 'Whole library',
    detail: () => 'Every article and annotation',
    scope: () => ({ kind: 'project' }),
    naming: () => ({ kind: 'project' }),
  },
];

/** The scope the dialog starts with: the open article if there is one, else everything. */
export function defaultScopeId(ctx: ScopeContext): string {
  return ctx.article ? 'article' : 'project';
}
