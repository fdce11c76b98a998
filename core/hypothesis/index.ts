/**
 * Hypothesis (hypothes.is) annotations: reading the JSON its client exports (and its API's
 * search results), matching each annotation onto a library article, and writing Gloss
 * annotations back in the same shape. See docs/export-formats.md.
 */
import { z } from 'zod';
import { anchor, describe } from '../anchoring';
import type { ExportInput } from '../exporters/input';
import { orderedRecords } from '../exporters/records';
import {
  ANNOTATION_KINDS,
  STANCES,
  type Annotation,
  type AnnotationKind,
  type Article,
  type Selector,
  type Stance,
  TimestampSchema,
} from '../model';
import { stableGuid } from '../refi/vocabulary';
import { escapeControls } from '../text/escape-controls';

const SelectorSchema = z.looseObject({ type: z.string() });
const HypAnnotationSchema = z.looseObject({
  id: z.string().optional(),
  created: z.string().optional(),
  updated: z.string().optional(),
  user: z.string().optional(),
  uri: z.string().optional(),
  text: z.string().optional(),
  tags: z.array(z.string()).optional(),
  target: z
    .array(z.looseObject({ source: z.string().optional(), selector: z.array(SelectorSchema).optional() }))
    .optional(),
  document: z.looseObject({ title: z.union([z.array(z.string()), z.string()]).optional() }).optional(),
  user_info: z.looseObject({ display_name: z.string().nullable().optional() }).nullable().optional(),
});
export type HypAnnotation = z.infer<typeof HypAnnotationSchema>;

/** A file that is not a Hypothesis export, and why. */
export class HypothesisFormatError extends Error {
  override readonly name = 'HypothesisFormatError';
  constructor(message: string) {
    super(escapeControls(message));
  }
}

/** Whether JSON text looks like a Hypothesis export (client export, API rows, or a bare list). */
export function looksLikeHypothesis(text: string): boolean {
  const head = text.slice(0, 4096);
  return (
    /"export_userid"\s*:/.test(head) ||
    (/"target"\s*:/.test(text.slice(0, 65536)) &&
      /"(uri|user)"\s*:\s*"(acct:|https?:)/.test(text.slice(0, 65536)))
  );
}

/**
 * Reads a Hypothesis JSON export: the client's `{export_date, export_userid, client_version,
 * annotations: […]}`, the API's `{total, rows: […]}`, or a bare list of annotations. Replies and
 * page notes (no quote) are kept here and reported as unmatched later.
 */
export function parseHypothesis(text: string): { annotations: HypAnnotation[]; exportedBy: string | null } {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (err) {
    throw new HypothesisFormatError(`The file is not JSON: ${(err as Error).message}`);
  }
  const obj = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const list = Array.isArray(json)
    ? json
    : Array.isArray(obj['annotations'])
      ? obj['annotations']
      : obj['rows'];
  if (!Array.isArray(list)) {
    throw new HypothesisFormatError('This is not a Hypothesis export: it holds no list of annotations.');
  }
  const annotations: HypAnnotation[] = [];
  for (const [i, item] of list.entries()) {
    const parsed = HypAnnotationSchema.safeParse(item);
    if (!parsed.success) {
      throw new HypothesisFormatError(
        `annotations[${i}] is not a Hypothesis annotation: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
      );
    }
    annotations.push(parsed.data);
  }
  const by = typeof obj['export_userid'] === 'string' ? obj['export_userid'] : null;
  return { annotations, exportedBy: by };
}

/** A URL compared loosely: scheme, `www.`, fragment, tracking parameters and a final `/` ignored. */
export function comparableUrl(url: string): string {
  try {
    const u = new URL(url.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return url.trim();
    for (const key of [...u.searchParams.keys()]) {
      if (/^(utm_|fbclid$|gclid$|mc_|ref$|smid$)/i.test(key)) u.searchParams.delete(key);
    }
    const query = u.searchParams.toString();
    return `${u.hostname.replace(/^www\./, '').toLowerCase()}${u.pathname.replace(/\/+$/, '')}${query ? `?${query}` : ''}`;
  } catch {
    return url.trim();
  }
}

const comparableTitle = (t: string) =>
  t
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim();

const titleOf = (h: HypAnnotation): string => {
  const t = h.document?.title;
  return (Array.isArray(t) ? t[0] : t) ?? '';
};

const selectorsOf = (h: HypAnnotation): Selector[] =>
  (h.target?.[0]?.selector ?? []).filter(
    (s): s is Selector =>
      (s.type === 'TextQuoteSelector' && typeof s['exact'] === 'string' && s['exact'] !== '') ||
      (s.type === 'TextPositionSelector' && Number.isInteger(s['start']) && Number.isInteger(s['end'])),
  ) as Selector[];

const quoteOf = (h: HypAnnotation): string => {
  const q = selectorsOf(h).find((s) => s.type === 'TextQuoteSelector');
  return q && q.type === 'TextQuoteSelector' ? q.exact : '';
};

/** How an annotation found its article. */
export type MatchedBy = 'url' | 'title' | 'quote';

export interface HypothesisMatch {
  hypothesis: HypAnnotation;
  article: Article;
  by: MatchedBy;
  annotation: Annotation;
}

export interface HypothesisUnmatched {
  hypothesis: HypAnnotation;
  quote: string;
  uri: string;
  reason: string;
}

/** Gloss's own marks on an exported annotation, read back on import. */
const KIND_TAG = 'gloss:';

/**
 * Matches each Hypothesis annotation onto an article of the library: first by the page's URL
 * (compared loosely), then by its document title, then by its quote (the one article whose text
 * holds it); then anchors it in that article (position, exact quote, fuzzy match) and turns it
 * into a Gloss annotation: its tags (Gloss's `gloss:claim`, `gloss:opinion`, `gloss:credibility:3`
 * tags become kind, stance and credibility), its text as the note, its user as the author.
 * Replies, page notes and passages not found are returned as unmatched, each with the reason.
 * The annotation keeps a Gloss id; a Hypothesis id becomes a UUID derived from it.
 */
export async function matchHypothesis(
  annotations: readonly HypAnnotation[],
  articles: readonly Article[],
  options: { defaultKind: AnnotationKind; now: string; newId: () => string },
): Promise<{ matched: HypothesisMatch[]; unmatched: HypothesisUnmatched[] }> {
  const byUrl = new Map<string, Article[]>();
  const byTitle = new Map<string, Article[]>();
  for (const a of articles) {
    if (a.url) byUrl.set(comparableUrl(a.url), [...(byUrl.get(comparableUrl(a.url)) ?? []), a]);
    if (a.title) byTitle.set(comparableTitle(a.title), [...(byTitle.get(comparableTitle(a.title)) ?? []), a]);
  }
  const matched: HypothesisMatch[] = [];
  const unmatched: HypothesisUnmatched[] = [];
  for (const h of annotations) {
    const uri = h.target?.[0]?.source ?? h.uri ?? '';
    const quote = quoteOf(h);
    const miss = (reason: string) => unmatched.push({ hypothesis: h, quote, uri, reason });
    if (!quote) {
      miss(
        (h as { references?: unknown[] }).references?.length
          ? 'a reply, not a passage'
          : 'a page note: it quotes no passage',
      );
      continue;
    }
    const urlCandidates = [uri, h.uri ?? '']
      .filter(Boolean)
      .flatMap((u) => byUrl.get(comparableUrl(u)) ?? []);
    const titleCandidates = titleOf(h) ? (byTitle.get(comparableTitle(titleOf(h))) ?? []) : [];
    let candidates: { article: Article; by: MatchedBy }[] = [
      ...urlCandidates.map((article) => ({ article, by: 'url' as const })),
      ...titleCandidates.map((article) => ({ article, by: 'title' as const })),
    ];
    if (candidates.length === 0) {
      let holding = articles.filter((a) => a.text.includes(quote));
      if (holding.length > 1) {
        // The quote's context (a few characters either side) tells the articles apart.
        const q = selectorsOf(h).find((s) => s.type === 'TextQuoteSelector');
        const prefix = q && q.type === 'TextQuoteSelector' ? q.prefix.slice(-12) : '';
        const suffix = q && q.type === 'TextQuoteSelector' ? q.suffix.slice(0, 12) : '';
        const inContext = holding.filter(
          (a) => (prefix && a.text.includes(prefix + quote)) || (suffix && a.text.includes(quote + suffix)),
        );
        if (inContext.length > 0) holding = inContext;
      }
      if (holding.length === 1) candidates = [{ article: holding[0]!, by: 'quote' }];
      else if (holding.length > 1) {
        miss(`its quote is in ${holding.length} articles and neither its address nor its title names one`);
        continue;
      }
    }
    if (candidates.length === 0) {
      miss('no article with its address, its title or its quote');
      continue;
    }
    const selectors = selectorsOf(h);
    let placed: { article: Article; by: MatchedBy; start: number; end: number } | null = null;
    for (const c of candidates) {
      const found = anchor(c.article.text, selectors);
      if (found.status !== 'orphan') {
        placed = { article: c.article, by: c.by, start: found.start, end: found.end };
        break;
      }
    }
    if (!placed) {
      miss(`its passage is not in “${candidates[0]!.article.title}”`);
      continue;
    }
    let kind: AnnotationKind | null = null;
    let stance: Stance | null = null;
    let credibility: number | null = null;
    const tags: string[] = [];
    for (const t of h.tags ?? []) {
      const mark = t.startsWith(KIND_TAG) ? t.slice(KIND_TAG.length) : null;
      if (mark && (ANNOTATION_KINDS as readonly string[]).includes(mark)) kind ??= mark as AnnotationKind;
      else if (mark && (STANCES as readonly string[]).includes(mark)) stance ??= mark as Stance;
      else if (mark && /^credibility:[1-6]$/.test(mark)) credibility ??= Number(mark.slice(-1));
      else if (t.trim() && !tags.includes(t.trim())) tags.push(t.trim());
    }
    const user = h.user ?? '';
    const account = /^acct:([^@]+)@(.+)$/.exec(user);
    const author = {
      id: account ? (account[2] === 'gloss' ? account[1]! : user) : user || 'hypothesis',
      name: h.user_info?.display_name || (account ? account[1]! : user),
    };
    const valid = (v: string | undefined): v is string =>
      v !== undefined && TimestampSchema.safeParse(v).success;
    const created = valid(h.created) ? h.created : options.now;
    // A Gloss id comes back as it was; a Hypothesis id gives the same UUID on every import, so
    // importing the same export twice adds nothing twice.
    const id = !h.id
      ? options.newId()
      : /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(h.id)
        ? h.id.toLowerCase()
        : (await stableGuid('hypothesis', h.id)).toLowerCase();
    matched.push({
      hypothesis: h,
      article: placed.article,
      by: placed.by,
      annotation: {
        id,
        articleId: placed.article.id,
        selectors: [...describe(placed.article.text, placed.start, placed.end)],
        kind: kind ?? options.defaultKind,
        stance,
        note: h.text ?? '',
        tags,
        attribution: '',
        credibility,
        figure: null,
        author,
        createdAt: created,
        updatedAt: valid(h.updated) ? h.updated : created,
        updatedBy: author,
        provenance: {},
        deletedAt: null,
      },
    });
  }
  return { matched, unmatched };
}

/**
 * The annotations of `input` as a Hypothesis client export: `{export_date, export_userid,
 * client_version, annotations}`, each with `uri` and `target.source` (the article's http(s) URL,
 * otherwise `urn:gloss:article:<id>`), `TextQuoteSelector` and `TextPositionSelector` (UTF-16
 * offsets into the article text, as the Hypothesis client counts), the note as `text`, the tags
 * plus Gloss's marks (`gloss:claim`, `gloss:opinion`, `gloss:credibility:3`), the author as
 * `user` (`acct:<analyst id>@gloss`) and `user_info.display_name`.
 */
export function toHypothesisJson(input: ExportInput): string {
  const annotations = orderedRecords(input)
    .filter((r) => r.article !== undefined)
    .map((r) => {
      const a = r.annotation;
      const article = r.article!;
      const source = /^https?:\/\//i.test(article.url) ? article.url : `urn:gloss:article:${article.id}`;
      const position = a.selectors.find((s) => s.type === 'TextPositionSelector');
      return {
        id: a.id,
        created: a.createdAt,
        updated: a.updatedAt,
        user: `acct:${a.author.id}@gloss`,
        uri: source,
        text: a.note,
        tags: [
          `${KIND_TAG}${a.kind}`,
          ...(a.stance ? [`${KIND_TAG}${a.stance}`] : []),
          ...(a.credibility !== null ? [`${KIND_TAG}credibility:${a.credibility}`] : []),
          ...a.tags,
        ],
        group: '__world__',
        target: [
          {
            source,
            selector: [
              ...(position
                ? [{ type: 'TextPositionSelector', start: position.start, end: position.end }]
                : []),
              {
                type: 'TextQuoteSelector',
                exact: r.quote.exact,
                prefix: r.quote.prefix,
                suffix: r.quote.suffix,
              },
            ],
          },
        ],
        document: { title: [article.title] },
        user_info: { display_name: a.author.name || a.author.id },
      };
    });
  const doc = {
    export_date: input.exportedAt,
    export_userid: annotations[0]?.user ?? 'acct:gloss@gloss',
    client_version: `${input.app.name} ${input.app.version}`,
    annotations,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
