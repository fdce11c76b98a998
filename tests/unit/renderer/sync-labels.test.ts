import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../../../renderer/src/db';
import { createAnnotations } from '../../../renderer/src/db/annotations';
import { addArticles } from '../../../renderer/src/db/articles';
import { documentLabels } from '../../../renderer/src/db/sync-labels';
import { makeAnnotation, makeArticle, seqId } from './records';

const TEXT = 'Rubio stated that Russia has suffered over 80,000 killed-in-action since January 2025.';

afterEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()));
});

describe('the names Team Sync gives documents', () => {
  it('an article by its title, an annotation by its passage, a long one clipped; nothing for what is not here', async () => {
    const long = `A report ${'on the corridor and its traffic '.repeat(5)}`.trim();
    await addArticles(db, [
      makeArticle('a1', TEXT, { title: 'Russia and the corridor' }),
      makeArticle('a2', `${TEXT} Twice.`, { title: long }),
    ]);
    await createAnnotations(db, [makeAnnotation(TEXT, 18, 24, { id: seqId(1), articleId: 'a1' })]);
    const labels = await documentLabels(db, [
      'article:a1',
      'article:a2',
      `annotation:${seqId(1)}`,
      'article:gone',
      `annotation:${seqId(9)}`,
      'tag:energy',
    ]);
    expect(labels.get('article:a1')).toBe('Russia and the corridor');
    expect(labels.get('article:a2')).toHaveLength(80);
    expect(labels.get('article:a2')!.endsWith('…')).toBe(true);
    expect(long.startsWith(labels.get('article:a2')!.slice(0, -1))).toBe(true);
    expect(labels.get(`annotation:${seqId(1)}`)).toBe('Russia');
    expect([...labels.keys()].sort()).toEqual(['annotation:' + seqId(1), 'article:a1', 'article:a2'].sort());
  });
});
