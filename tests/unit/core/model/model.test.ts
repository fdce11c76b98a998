import { describe, expect, it } from 'vitest';
import {
  AnnotationSchema,
  ArticleSchema,
  ProjectSchema,
  SourceGradeSchema,
  quoteSelector,
  positionSelector,
  type Annotation,
  type Article,
} from '../../../../core/model';

const HASH = 'a'.repeat(64);

function article(overrides: Partial<Article> = {}): Article {
  return {
    id: 'art-1',
    contentHash: HASH,
    title: 'Trump acknowledges Russia may have territorial ambitions beyond Ukraine',
    source: 'Institute for the Study of War',
    byline: '',
    publishedAt: '2025-06-25',
    url: 'https://understandingwar.org/',
    language: 'en',
    importedAt: '2026-11-23T09:00:00.000Z',
    format: 'text',
    fileName: 'isw.txt',
    text: 'Heading\nRubio stated that Russia has suffered over 80,000 killed-in-action.',
    blocks: [
      { type: 'heading', start: 0, end: 7 },
      { type: 'paragraph', start: 8, end: 75 },
    ],
    removed: [{ at: 75, text: 'Share the Post:', reason: 'share trailer' }],
    ...overrides,
  };
}

function annotation(overrides: Partial<Annotation> = {}): Annotation {
  return {
    id: '5b0c7d4e-8a9f-4c3b-9d2e-1f0a6b7c8d9e',
    articleId: 'art-1',
    selectors: [
      { type: 'TextPositionSelector', start: 48, end: 54 },
      { type: 'TextQuoteSelector', exact: '80,000', prefix: 'suffered over ', suffix: ' killed' },
    ],
    kind: 'figure',
    stance: 'reporting',
    note: '',
    tags: ['casualties'],
    attribution: 'Marco Rubio',
    credibility: 2,
    figure: { value: 80000, unit: 'killed' },
    author: { id: 'analyst-1', name: 'Ana Analyst' },
    createdAt: '2026-11-23T09:00:00.000Z',
    updatedAt: '2026-11-23T09:00:00.000Z',
    updatedBy: { id: 'analyst-1', name: 'Ana Analyst' },
    provenance: {},
    deletedAt: null,
    ...overrides,
  };
}

describe('ArticleSchema', () => {
  it('accepts a complete article and keeps unknown fields', () => {
    const parsed = ArticleSchema.parse({ ...article(), futureField: { x: 1 } });
    expect(parsed.title).toBe(article().title);
    expect((parsed as Record<string, unknown>)['futureField']).toEqual({ x: 1 });
  });

  it('rejects a block that lies outside the text', () => {
    const result = ArticleSchema.safeParse(article({ blocks: [{ type: 'paragraph', start: 0, end: 999 }] }));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/outside the text/);
  });

  it('rejects a malformed content hash, date and block type', () => {
    expect(ArticleSchema.safeParse(article({ contentHash: 'xyz' })).success).toBe(false);
    expect(ArticleSchema.safeParse(article({ publishedAt: '25/06/2025' })).success).toBe(false);
    expect(
      ArticleSchema.safeParse({ ...article(), blocks: [{ type: 'table', start: 0, end: 1 }] }).success,
    ).toBe(false);
  });

  it('accepts a missing publication date as null', () => {
    expect(ArticleSchema.safeParse(article({ publishedAt: null })).success).toBe(true);
  });
});

describe('AnnotationSchema', () => {
  it('accepts a figure annotation with both selectors', () => {
    const a = AnnotationSchema.parse(annotation());
    expect(quoteSelector(a).exact).toBe('80,000');
    expect(positionSelector(a)).toEqual({ type: 'TextPositionSelector', start: 48, end: 54 });
  });

  it('requires a quote selector', () => {
    const result = AnnotationSchema.safeParse(
      annotation({ selectors: [{ type: 'TextPositionSelector', start: 1, end: 2 }] }),
    );
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(/needs a TextQuoteSelector/);
  });

  it('rejects kinds, stances and credibility outside the vocabulary', () => {
    expect(AnnotationSchema.safeParse({ ...annotation(), kind: 'rumour' }).success).toBe(false);
    expect(AnnotationSchema.safeParse({ ...annotation(), stance: 'satire' }).success).toBe(false);
    expect(AnnotationSchema.safeParse(annotation({ credibility: 7 as never })).success).toBe(false);
    expect(AnnotationSchema.safeParse(annotation({ credibility: 0 as never })).success).toBe(false);
    expect(AnnotationSchema.safeParse(annotation({ id: 'not-a-uuid' })).success).toBe(false);
  });

  it('keeps a deletion tombstone', () => {
    expect(AnnotationSchema.parse(annotation({ deletedAt: '2026-11-24T10:00:00Z' })).deletedAt).toBe(
      '2026-11-24T10:00:00Z',
    );
  });
});

describe('SourceGradeSchema and ProjectSchema', () => {
  it('grades a source on the Admiralty scale A–F only', () => {
    const grade = {
      source: 'Reuters',
      reliability: 'B',
      note: '',
      updatedAt: '2026-11-23',
      updatedBy: { id: 'a', name: 'Ana' },
    };
    expect(SourceGradeSchema.safeParse(grade).success).toBe(true);
    expect(SourceGradeSchema.safeParse({ ...grade, reliability: 'G' }).success).toBe(false);
  });

  it('validates a whole project and points at a fault deep inside', () => {
    const project = {
      name: 'Ukraine',
      analyst: { id: 'analyst-1', name: 'Ana' },
      tags: [{ name: 'casualties', color: '#dc2626' }],
      sets: [
        {
          id: 's1',
          type: 'dynamic',
          name: 'Figures',
          filter: { kinds: ['figure'] },
          createdAt: '2026-11-23',
        },
      ],
      sourceGrades: [],
      articles: [article()],
      annotations: [annotation()],
    };
    expect(ProjectSchema.safeParse(project).success).toBe(true);
    const broken = { ...project, annotations: [annotation({ figure: { value: Number.NaN, unit: '' } })] };
    const result = ProjectSchema.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['annotations', 0, 'figure', 'value']);
  });
});
