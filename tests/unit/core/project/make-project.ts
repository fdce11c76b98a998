import { describe as describeRange } from '../../../../core/anchoring';
import { sha256Hex } from '../../../../core/hash';
import type { Analyst, Annotation, Article } from '../../../../core/model';
import { emptyProject, type ProjectDocument } from '../../../../core/project';

/** A small deterministic PRNG (mulberry32), so generated projects are the same every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version-4 uuid drawn from `rand`. */
export function uuidFrom(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(rand() * 4)] ?? '8';
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const WORDS =
  'the minister said on tuesday that grain exports rose by twelve percent while officials in the port city denied any shortage of fuel according to reports from local agencies and analysts who watch the region closely'.split(
    ' ',
  );

/** Deterministic prose of about `words` words, in paragraphs. */
export function prose(rand: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    let w = WORDS[Math.floor(rand() * WORDS.length)] ?? 'x';
    if (i % 12 === 0) w = w[0]!.toUpperCase() + w.slice(1);
    out.push(w);
    if (i % 12 === 11) out.push(i % 60 === 59 ? '.\n\n' : '.');
  }
  return out.join(' ').replace(/ \./g, '.').replace(/\n\n /g, '\n\n') + '.';
}

export const ALICE: Analyst = { id: 'alice', name: 'Alice Analyst' };
export const BOB: Analyst = { id: 'bob', name: 'Bob Reviewer' };

/** An article over `text` with a correct contentHash. */
export async function makeArticle(id: string, text: string, extra: Partial<Article> = {}): Promise<Article> {
  return {
    id,
    contentHash: await sha256Hex(text),
    title: `Article ${id}`,
    source: 'Example Wire',
    byline: 'A. Reporter',
    publishedAt: '2025-06-25',
    url: `https://example.com/${id}`,
    language: 'en',
    importedAt: '2025-07-01T10:00:00.000Z',
    format: 'text',
    fileName: `${id}.txt`,
    text,
    blocks: [{ type: 'paragraph', start: 0, end: text.length }],
    removed: [],
    ...extra,
  };
}

/** An annotation of `article.text[start, end)` by `author`. */
export function makeAnnotation(
  id: string,
  article: Article,
  start: number,
  end: number,
  author: Analyst,
  extra: Partial<Annotation> = {},
): Annotation {
  return {
    id,
    articleId: article.id,
    selectors: describeRange(article.text, start, end),
    kind: 'claim',
    stance: 'reporting',
    note: '',
    tags: [],
    attribution: '',
    credibility: 2,
    figure: null,
    author,
    createdAt: '2025-07-01T10:00:00.000Z',
    updatedAt: '2025-07-01T10:00:00.000Z',
    updatedBy: author,
    provenance: {},
    deletedAt: null,
    ...extra,
  };
}

/** A generated project of `articles` articles (~`words` words each) and `annotations` annotations. */
export async function makeProject(opts: {
  articles: number;
  annotations: number;
  seed?: number;
  words?: number;
  analyst?: Analyst;
}): Promise<ProjectDocument> {
  const rand = prng(opts.seed ?? 1);
  const analyst = opts.analyst ?? ALICE;
  const doc = emptyProject('Generated', analyst, '2025-07-02T09:00:00.000Z');
  const kinds = ['claim', 'assessment', 'figure'] as const;
  for (let i = 0; i < opts.articles; i++) {
    doc.articles.push(await makeArticle(uuidFrom(rand), prose(rand, opts.words ?? 400)));
  }
  for (let i = 0; i < opts.annotations; i++) {
    const article = doc.articles[i % doc.articles.length]!;
    const start = Math.floor(rand() * (article.text.length - 80));
    const end = start + 10 + Math.floor(rand() * 60);
    doc.annotations.push(
      makeAnnotation(uuidFrom(rand), article, start, end, analyst, {
        kind: kinds[i % 3]!,
        stance: i % 5 === 0 ? null : i % 2 ? 'opinion' : 'reporting',
        credibility: ((i % 6) + 1) as 1,
        note: i % 4 === 0 ? `note ${i}` : '',
        tags: i % 7 === 0 ? ['economy'] : [],
        ...(i % 3 === 2 ? { figure: { value: i, unit: '%' } } : {}),
      }),
    );
  }
  doc.tags.push({ name: 'economy', color: '#3b82f6' });
  doc.sourceGrades.push({
    source: 'Example Wire',
    reliability: 'B',
    note: '',
    updatedAt: '2025-07-01T10:00:00.000Z',
    updatedBy: analyst,
  });
  doc.sets.push({
    id: 'set-1',
    type: 'dynamic',
    name: 'Claims',
    filter: { kinds: ['claim'] },
    createdAt: '2025-07-01T10:00:00.000Z',
  });
  return doc;
}
