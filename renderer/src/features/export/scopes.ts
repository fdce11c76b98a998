import type { ExportScope } from '../../db/export-data';
import type { NamedIds } from './table-scopes';

/** What the window shows now, from which the export dialog offers its scopes. */
export interface ScopeContext {
  /** The article open in the reader. */
  article: { id: string; title: string } | null;
  /** The annotations selected in the reader or the annotations pane. */
  selectedAnnotationIds: string[];
  /** The annotations table's current filter, when it filters anything. */
  tableFilter?: NamedIds | null;
  /** The saved sets. */
  sets?: NamedIds[];
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

/** The scopes the export dialog always offers, in order (see {@link scopeOptions}). */
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

/** A group of annotations resolved to ids (the table's filter, a saved set) as a scope. */
function idsOption(
  id: string,
  label: string,
  group: (ctx: ScopeContext) => NamedIds | null | undefined,
): ScopeOption {
  return {
    id,
    label,
    detail: (ctx) => {
      const g = group(ctx);
      if (!g) return 'Filter the annotations table first';
      return g.ids.length
        ? `${g.name} — ${plural(g.ids.length, 'annotation')}`
        : `${g.name} — nothing in it now`;
    },
    scope: (ctx) => {
      const g = group(ctx);
      return g && g.ids.length ? { kind: 'selection', annotationIds: g.ids } : null;
    },
    naming: (ctx) => ({ kind: 'selection', title: group(ctx)?.name ?? label }),
  };
}

/**
 * Every scope the dialog offers now: the fixed ones, then the annotations table's current
 * filter, then each saved set (dynamic sets are evaluated afresh).
 */
export function scopeOptions(ctx: ScopeContext): ScopeOption[] {
  const options = [...SCOPE_OPTIONS, idsOption('filter', 'Current table filter', (c) => c.tableFilter)];
  for (const set of ctx.sets ?? []) {
    options.push(
      idsOption(`set:${set.id}`, `Set “${set.name}”`, (c) => c.sets?.find((s) => s.id === set.id)),
    );
  }
  return options;
}

/** The scope the dialog starts with: the open article if there is one, else everything. */
export function defaultScopeId(ctx: ScopeContext): string {
  return ctx.article ? 'article' : 'project';
}
