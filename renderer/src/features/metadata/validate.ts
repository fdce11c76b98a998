import type { ArticleMetadata } from '../../../../core/model';

/** The editable details as the form holds them: strings, the date as `YYYY-MM-DD` or empty. */
export interface DetailsForm {
  title: string;
  source: string;
  byline: string;
  publishedAt: string;
  url: string;
}

export type DetailsErrors = Partial<Record<keyof DetailsForm, string>>;

export type EditablePatch = Pick<ArticleMetadata, 'title' | 'source' | 'byline' | 'publishedAt' | 'url'>;

/** The form's starting values for an article. */
export function formOf(a: EditablePatch): DetailsForm {
  return {
    title: a.title,
    source: a.source,
    byline: a.byline,
    publishedAt: a.publishedAt?.slice(0, 10) ?? '',
    url: a.url,
  };
}

function validDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

function validUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
  } catch {
    return false;
  }
}

/**
 * Checks the form and returns the fields to store, or the errors to show. A date left as it was
 * keeps the time the importer found; whitespace around values is dropped.
 */
export function validateDetails(
  form: DetailsForm,
  before: Pick<ArticleMetadata, 'publishedAt'>,
): { ok: true; patch: EditablePatch } | { ok: false; errors: DetailsErrors } {
  const v = {
    title: form.title.trim(),
    source: form.source.trim(),
    byline: form.byline.trim(),
    publishedAt: form.publishedAt.trim(),
    url: form.url.trim(),
  };
  const errors: DetailsErrors = {};
  if (!v.title) errors.title = 'An article needs a title.';
  else if (v.title.length > 500) errors.title = 'Keep the title under 500 characters.';
  if (v.source.length > 200) errors.source = 'Keep the source under 200 characters.';
  if (v.byline.length > 300) errors.byline = 'Keep the byline under 300 characters.';
  if (v.publishedAt && !validDate(v.publishedAt)) errors.publishedAt = 'Enter a real date (year-month-day).';
  if (v.url && !validUrl(v.url)) errors.url = 'Enter a web address starting with http:// or https://.';
  if (Object.keys(errors).length) return { ok: false, errors };
  const keepTime = before.publishedAt && before.publishedAt.slice(0, 10) === v.publishedAt;
  return {
    ok: true,
    patch: {
      title: v.title,
      source: v.source,
      byline: v.byline,
      publishedAt: v.publishedAt ? (keepTime ? before.publishedAt : v.publishedAt) : null,
      url: v.url,
    },
  };
}
